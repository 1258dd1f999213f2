// A local OpenID Connect provider standing in for ORCID or Google (there is no real provider on these machines): the
// tests, the end-to-end runner and `npm start` with DEV_OIDC=1 start one per provider. It is oauth2-mock-server
// (discovery, keys, PKCE, nonce, signed ID tokens) with a sign-in step in front of its authorize endpoint, so each
// sign-in says who the person is:
//   - a browser gets a small form (email, name, "email verified", Sign in / Deny);
//   - a test adds `login_email` (and optionally `login_name`, `login_verified=false`, `login_sub`, `login_deny=1`), or
//     `login_private_email=1` for a person who shares no email (the ID token then has none), to the
//     authorization URL and is redirected straight back.
// The ID token then carries that person's sub, email, email_verified and name (its beforeTokenSigning hook).
//
// As a program: node scripts/oidc-stand-in.mjs --name ORCID --port 8885   (prints the issuer URL, runs until killed)
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { OAuth2Issuer, OAuth2Service } from "oauth2-mock-server";

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A stable subject per address, shaped like the provider's own (an ORCID iD, or Google's long number). */
function subjectFor(name, email) {
  const digits = BigInt(`0x${createHash("sha256").update(`${name}:${email}`).digest("hex").slice(0, 30)}`).toString().padStart(21, "0");
  if (name === "ORCID") return `0000-000${digits[0]}-${digits.slice(1, 5)}-${digits.slice(5, 9)}`;
  return digits.slice(0, 21);
}

function signInForm(name, query) {
  const hidden = [...query.entries()].map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Sign in · ${escape(name)} (local stand-in)</title>
<style>body{font:16px system-ui;max-width:26rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0}
input[type=email],input[type=text]{width:100%;padding:.5rem;box-sizing:border-box}button{padding:.6rem 1rem;margin-right:.5rem}</style>
</head><body><h1>${escape(name)}</h1><p>Local stand-in provider: nothing here is checked. Say who you are.</p>
<form method="get" action="/authorize">${hidden}
<label>Email <input type="email" name="login_email" required autocomplete="off"></label>
<label>Name <input type="text" name="login_name" autocomplete="off"></label>
<label><input type="checkbox" name="login_verified" value="true" checked> The provider has verified this email</label>
<input type="hidden" name="login_verified" value="false">
<button type="submit">Sign in</button><button type="submit" name="login_deny" value="1" formnovalidate>Deny</button>
<button type="submit" name="login_private_email" value="1" formnovalidate>Continue without sharing my email</button>
</form></body></html>`;
}

/**
 * Starts a stand-in; `port` 0 picks a free one. Resolves to its issuer URL and a stop function.
 * @param {{ name?: string, port?: number, host?: string }} [options]
 */
export async function startOidcStandIn({ name = "ORCID", port = 0, host = "127.0.0.1" } = {}) {
  const issuer = new OAuth2Issuer();
  await issuer.keys.generate("RS256");
  const service = new OAuth2Service(issuer);
  /** Who signed in, by authorization code, until the code is exchanged. */
  const people = new Map();

  service.on("beforeAuthorizeRedirect", ({ url }, req) => {
    const q = new URL(req.url, "http://stand-in").searchParams;
    const email = q.get("login_email")?.trim().toLowerCase();
    const code = url.searchParams.get("code");
    if (!code) return;
    // A researcher who keeps their email private (ORCID's default): the ID token carries no email at all.
    if (q.get("login_private_email") === "1") {
      const who = q.get("login_name") || "Private Researcher";
      people.set(code, { sub: q.get("login_sub") || subjectFor(name, `private:${who}`), name: who });
      return;
    }
    if (!email) return;
    // The checkbox sends "true" before the hidden "false"; a test sends one value.
    const verified = q.getAll("login_verified")[0] !== "false";
    people.set(code, { sub: q.get("login_sub") || subjectFor(name, email), email, email_verified: verified, name: q.get("login_name") || email.split("@")[0] });
  });
  service.on("beforeTokenSigning", (token, req) => {
    const person = people.get(req.body?.code);
    if (person) Object.assign(token.payload, person);
  });
  service.on("beforeResponse", (_response, req) => people.delete(req.body?.code));
  // The userinfo endpoint answers for the person the access token was issued to (it carries their claims, signed by
  // this issuer), as a real provider does: ORCID's has no email when the researcher keeps it private.
  service.on("beforeUserinfo", (response, req) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    let claims = null;
    try {
      claims = token ? JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()) : null;
    } catch {
      /* not one of our tokens: the mock's default answer stands */
    }
    if (!claims?.sub) return;
    const { sub, name, email, email_verified } = claims;
    response.body = { sub, name, ...(email ? { email, email_verified } : {}) };
  });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    if (req.method === "GET" && url.pathname === "/authorize") {
      const q = url.searchParams;
      const back = q.get("redirect_uri");
      if (q.get("login_deny") === "1" && back) {
        const target = new URL(back);
        target.searchParams.set("error", "access_denied");
        target.searchParams.set("error_description", "The person declined to sign in.");
        if (q.get("state")) target.searchParams.set("state", q.get("state"));
        res.writeHead(302, { location: target.href }).end();
        return;
      }
      if (!q.get("login_email") && q.get("login_private_email") !== "1") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(signInForm(name, q));
        return;
      }
    }
    service.requestHandler(req, res);
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  issuer.url = `http://${host}:${server.address().port}`;
  return {
    issuer: issuer.url,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (flag, fallback) => {
    const i = process.argv.indexOf(flag);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const standIn = await startOidcStandIn({ name: arg("--name", "ORCID"), port: Number(arg("--port", "0")), host: arg("--host", "127.0.0.1") });
  console.log(`${arg("--name", "ORCID")} stand-in: ${standIn.issuer}`);
  const stop = () => standIn.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
