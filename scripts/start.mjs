// `npm start`: build the production Worker and serve it with wrangler on the local D1, with the dev mailbox.
import { bin, ensureDevVars, readDevVar, run } from "./lib.mjs";

ensureDevVars();
const url = new URL(readDevVar("APP_URL") ?? "http://localhost:8787");
await run(bin("vinxi"), ["build"]);
await run(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local"], { env: { CI: "1" } });
console.log(`\nCoRATES is starting at ${url.origin} — emails arrive at ${url.origin}/dev/mailbox\n`);
await run(bin("wrangler"), ["dev", "--port", url.port || "8787", "--ip", url.hostname === "localhost" ? "localhost" : url.hostname]);
