// The Worker entry for a copy of the build (e2e and bench serve a snapshot of .output): worker-entry.mjs, pointed at
// that copy. Returns the entry's path, to give `wrangler dev` in place of the build's own index.mjs (wrangler.jsonc's
// Durable Object binding needs the class the entry exports).
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export function writeLiveEntry(outputDir) {
  const root = resolve(".");
  const text = readFileSync(join(root, "worker-entry.mjs"), "utf8")
    .replaceAll('"./.output/', '"./')
    .replaceAll('"./src/', `"${join(root, "src")}/`);
  const entry = join(outputDir, "worker-entry.mjs");
  writeFileSync(entry, text);
  return entry;
}
