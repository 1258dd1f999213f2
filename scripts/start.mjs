// `npm start`: build the production Worker and serve it with wrangler on the local D1, with the dev mailbox.
// DEV_OIDC=1 also starts local stand-ins for ORCID and Google (scripts/oidc-stand-in.mjs) and turns both sign-ins on.
import { bin, ensureDevVars, readDevVar, run } from "./lib.mjs";
import { startOidcStandIn } from "./oidc-stand-in.mjs";

ensureDevVars();
const url = new URL(readDevVar("APP_URL") ?? "http://localhost:8787");
await run(bin("vinxi"), ["build"]);
await run(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local"], { env: { CI: "1" } });
const vars = [];
if (process.env.DEV_OIDC === "1") {
  // Given to wrangler on the command line (--var), beside whatever .dev.vars holds.
  for (const [prefix, name, port] of [["ORCID", "ORCID", 8885], ["GOOGLE", "Google", 8886]]) {
    const standIn = await startOidcStandIn({ name, port: Number(process.env[`DEV_OIDC_${prefix}_PORT`] ?? port) });
    vars.push("--var", `${prefix}_CLIENT_ID:local-${prefix.toLowerCase()}`, "--var", `${prefix}_CLIENT_SECRET:local-stand-in`, "--var", `${prefix}_ISSUER:${standIn.issuer}`);
    console.log(`${name} sign-in goes to the local stand-in at ${standIn.issuer}`);
  }
}
console.log(`\nCoRATES is starting at ${url.origin} — emails arrive at ${url.origin}/dev/mailbox\n`);
await run(bin("wrangler"), ["dev", "--port", url.port || "8787", "--ip", url.hostname === "localhost" ? "localhost" : url.hostname, ...vars]);
process.exit(0);
