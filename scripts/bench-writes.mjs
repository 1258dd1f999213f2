// Runs scripts/bench-writes.census.ts (the exact D1 round trips of every write, on the built Worker in .output) under
// vitest with the built-Worker test settings, and returns what it measured. Used by scripts/bench.mjs; on its own:
// `node scripts/bench-writes.mjs` prints the counts (after `npx vinxi build`).
import { pathToFileURL } from "node:url";
import { startVitest } from "vitest/node";

const CENSUS = "scripts/bench-writes.census.ts";

const CENSUS_MARK = "bench-writes-census:";

export async function countWrites() {
  let counts = null;
  // The census runs inside workerd and prints its results as one marked console line; BENCH_CENSUS makes the
  // built-Worker config run it (and only it).
  process.env.BENCH_CENSUS = CENSUS;
  const vitest = await startVitest("test", [], { config: "vitest.built.config.ts", run: true, watch: false }, {
    test: {
      onConsoleLog(log) {
        if (!log.startsWith(CENSUS_MARK)) return undefined;
        counts = JSON.parse(log.slice(CENSUS_MARK.length));
        return false;
      },
    },
  });
  await vitest?.close();
  if (!counts) throw new Error(`${CENSUS} reported no results (see its output above)`);
  return counts;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const counts = await countWrites();
  for (const c of counts) console.log(`${String(c.trips ?? "?").padStart(3)}  ${c.ok ? "  " : "✗ "}${c.name} (${c.subject}, ${c.answer})`);
  process.exitCode = process.exitCode || 0;
}
