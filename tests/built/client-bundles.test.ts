/**
 * What the build ships to every visitor must not describe the machine that built it: server function names were
 * absolute source paths (/home/…/src/rpc/members.ts?tsr-directive-use-server=) in every client bundle.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { filesUnder, PUBLIC_DIR, requireBuild } from "./build-files";

describe("client bundles (.output/public)", () => {
  it("contain no absolute path of the build machine", () => {
    requireBuild();
    const cwd = process.cwd();
    const found: string[] = [];
    for (const file of filesUnder(PUBLIC_DIR, /\.(?:m?js|css|html|json|map|txt|svg)$/)) {
      const text = readFileSync(file, "utf8");
      const at = text.indexOf(cwd);
      if (at >= 0) found.push(`${relative(PUBLIC_DIR, file)}: …${text.slice(Math.max(0, at - 40), at + cwd.length + 40)}…`);
    }
    expect(found).toEqual([]);
  });
});
