// `npm run dev`: vinxi with hot reload, on the same local D1 as `npm start` (through wrangler's platform proxy).
import { bin, ensureDevVars, readDevVar, run } from "./lib.mjs";

ensureDevVars();
const url = new URL(readDevVar("APP_URL") ?? "http://localhost:8787");
await run(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local"], { env: { CI: "1" } });
await run(bin("vinxi"), ["dev", "--port", url.port || "8787"]);
