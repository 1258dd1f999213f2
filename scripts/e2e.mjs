// `npm run test:e2e`: build the production Worker, test its server functions' door (vitest.built.config.ts), then give
// it a fresh local D1 and run Playwright against wrangler dev.
import { cpSync, existsSync, rmSync } from "node:fs";
import { bin, run } from "./lib.mjs";
import { writeLiveEntry } from "./live-entry.mjs";
import { E2E_OUTPUT_DIR, E2E_STATE_DIR } from "../e2e/config.mjs";

if (!process.env.SKIP_BUILD) await run(bin("vinxi"), ["build"]);
if (!existsSync(".output/server/index.mjs")) throw new Error("No build in .output: run without SKIP_BUILD (or `npx vinxi build`) first.");
// The built Worker's server functions through their real door, before any browser starts (SKIP_BUILT_TESTS=1 skips
// them when only a browser spec is being rerun; `npm test` always runs them).
if (!process.env.SKIP_BUILT_TESTS) await run(bin("vitest"), ["run", "--config", "vitest.built.config.ts"]);
// Serve a snapshot of the build, so a rebuild during the run (another terminal, another test run) cannot pull the
// files out from under wrangler.
rmSync(E2E_OUTPUT_DIR, { recursive: true, force: true });
cpSync(".output", E2E_OUTPUT_DIR, { recursive: true });
// The Worker entry with the live-update Durable Object, for that copy (playwright.config.ts serves it).
writeLiveEntry(E2E_OUTPUT_DIR);
rmSync(E2E_STATE_DIR, { recursive: true, force: true });
await run(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", E2E_STATE_DIR], { env: { CI: "1" } });
await run(bin("playwright"), ["test", ...process.argv.slice(2)]);
