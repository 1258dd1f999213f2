// Runs scripts/bench-writes.census.ts (the exact D1 round trips of every write, on the built Worker in .output) under
// vitest with the built-Worker test settings, and returns what it measured. Used by scripts/bench.mjs; on its own:
// `node scripts/bench-writes.mjs` prints the counts (after `npx vinxi build`).
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { startVitest } from "vitest/node";

const CENSUS = "scripts/bench-writes.census.ts";

export async function countWrites(out = ".tmp/bench-writes.json") {
  mkdirSync(".tmp", { recursive: true });
  rmSync(out, { force: true });
  process.env.BENCH_WRITES_OUT = resolve(out);
  // The built-Worker config, with the census as its only file (it is not a test: no suite picks it up by name).
  const vitest = await startVitest("test", [CENSUS], { config: "vitest.built.config.ts", run: true, watch: false }, { test: { include: [CENSUS] } });
  await vitest?.close();
  if (!existsSync(out)) throw new Error(`${CENSUS} wrote no results (see its output above)`);
  return JSON.parse(readFileSync(out, "utf8"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const counts = await countWrites();
  for (const c of counts) console.log(`${String(c.trips ?? "?").padStart(3)}  ${c.ok ? "  " : "✗ "}${c.name} (${c.subject}, ${c.answer})`);
  process.exitCode = process.exitCode || 0;
}
