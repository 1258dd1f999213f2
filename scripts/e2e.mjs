// `npm run test:e2e`: build the production Worker, give it a fresh local D1, and run Playwright against wrangler dev.
import { rmSync } from "node:fs";
import { bin, run } from "./lib.mjs";
import { E2E_STATE_DIR } from "../e2e/config.mjs";

if (!process.env.SKIP_BUILD) await run(bin("vinxi"), ["build"]);
rmSync(E2E_STATE_DIR, { recursive: true, force: true });
await run(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", E2E_STATE_DIR], { env: { CI: "1" } });
await run(bin("playwright"), ["test", ...process.argv.slice(2)]);
