// Shared by scripts/bench.mjs and scripts/lighthouse.mjs: build (or reuse) the production Worker, serve a snapshot of
// it with wrangler on a fresh local D1, seed orgs by generated SQL, and make signed session cookies like the app's.
import { writeLiveEntry } from "./live-entry.mjs";
import { spawn, spawnSync } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { bin, run } from "./lib.mjs";
import { E2E_VARS } from "../e2e/config.mjs";

export const SECRET = "bench-only-secret-not-used-anywhere-else-0123456789";
export const PASSWORD = "correct horse battery";

/** `vinxi build` (unless SKIP_BUILD=1) and a copy of .output, both under .tmp/build.lock so a concurrent build cannot
 * hand us half-written files. */
export async function buildAndSnapshot(outputDir) {
  mkdirSync(".tmp", { recursive: true });
  const haveFlock = spawnSync("sh", ["-c", "command -v flock"]).status === 0;
  const steps = [];
  if (!process.env.SKIP_BUILD) steps.push(`${bin("vinxi")} build`);
  steps.push(`rm -rf '${outputDir}' && cp -r .output '${outputDir}'`);
  const script = steps.join(" && ");
  if (haveFlock) await run("flock", [".tmp/build.lock", "sh", "-c", script]);
  else await run("sh", ["-c", script]);
  if (!existsSync(`${outputDir}/server/index.mjs`)) throw new Error(`no build in ${outputDir}`);
}

export function varsFor(port, extra = {}) {
  return { ...E2E_VARS, APP_URL: `http://localhost:${port}`, BETTER_AUTH_SECRET: SECRET, RATE_LIMIT_MULTIPLIER: "1000", ...extra };
}

export async function freshDatabase(stateDir) {
  rmSync(stateDir, { recursive: true, force: true });
  await run(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], { env: { CI: "1" }, stdio: ["ignore", "ignore", "inherit"] });
}

export async function executeSql(stateDir, file) {
  await run(bin("wrangler"), ["d1", "execute", "DB", "--local", "--persist-to", stateDir, "--file", file], { env: { CI: "1" }, stdio: ["ignore", "ignore", "inherit"] });
}

/** Starts `wrangler dev` on the snapshot and waits until it answers; returns { url, stop }. */
export async function startServer({ outputDir, stateDir, port, vars }) {
  // The Worker entry with the live-update Durable Object (scripts/live-entry.mjs), as deployed.
  const args = ["dev", writeLiveEntry(outputDir), "--assets", `${outputDir}/public`, "--port", String(port), "--persist-to", stateDir, "--show-interactive-dev-session=false"];
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  // SERVER_LOG=<file> keeps wrangler's own output (reloads, runtime errors) for a run that needs explaining.
  const log = process.env.SERVER_LOG ? createWriteStream(process.env.SERVER_LOG) : null;
  const child = spawn(bin("wrangler"), args, { stdio: ["ignore", log ? "pipe" : "ignore", "pipe"], env: { ...process.env, CI: "1" }, detached: false });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  if (log) for (const s of [child.stdout, child.stderr]) s.on("data", (d) => log.write(`${new Date().toISOString()} ${d}`));
  const url = `http://localhost:${port}`;
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", resolve);
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited: ${stderr}`);
    try {
      const res = await fetch(`${url}/api/dev/emails?to=nobody@example.com`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer on ${url}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, stop };
}

/** The cookie Better Auth (and src/server/session.ts) accepts: token.HMAC-SHA256(token) in base64, URI-encoded. */
export function sessionCookie(token) {
  const sig = createHmac("sha256", SECRET).update(token).digest("base64");
  return `better-auth.session_token=${encodeURIComponent(`${token}.${sig}`)}`;
}

const q = (v) => (v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

function inserts(table, columns, rows, chunk = 100) {
  const out = [];
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows.slice(i, i + chunk).map((r) => `(${r.map(q).join(",")})`);
    out.push(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES\n${values.join(",\n")};`);
  }
  return out;
}

/**
 * SQL for one org with `projects` projects and `members` members (the first is the owner, with a live session; every
 * project has the owner and two other members). Returns the SQL and what the bench needs to find it again.
 */
export function orgSeedSql({ tag, projects, members }) {
  const now = Math.floor(Date.now() / 1000);
  const orgId = randomUUID();
  const slug = `bench-${tag}-${randomBytes(3).toString("hex")}`;
  const users = [];
  for (let i = 0; i < members; i++) {
    users.push({ id: randomUUID(), name: `${i === 0 ? "Owner" : "Person"} ${tag} ${String(i).padStart(5, "0")}`, email: `${i === 0 ? "owner" : "p" + i}-${slug}@example.com` });
  }
  const owner = users[0];
  const token = randomBytes(16).toString("hex");
  const sql = [];
  // Seeded people have done the first-run step (/welcome): otherwise every page sends them there.
  sql.push(...inserts("user", ["id", "name", "email", "emailVerified", "persona", "profileCompletedAt", "createdAt", "updatedAt"], users.map((u) => [u.id, u.name, u.email, 1, "researcher", now, now, now])));
  sql.push(...inserts("organization", ["id", "name", "slug", "createdAt"], [[orgId, `Bench ${tag}`, slug, now]]));
  sql.push(
    ...inserts(
      "member",
      ["id", "userId", "organizationId", "role", "createdAt", "lastActiveAt"],
      users.map((u, i) => [randomUUID(), u.id, orgId, i === 0 ? "owner" : i % 10 === 1 ? "admin" : "member", now, i === 0 ? now : null]),
    ),
  );
  sql.push(
    ...inserts("session", ["id", "token", "userId", "expiresAt", "activeOrganizationId", "createdAt", "updatedAt"], [[randomUUID(), token, owner.id, now + 30 * 86400, orgId, now, now]]),
  );
  const projectRows = [];
  const pm = [];
  for (let i = 0; i < projects; i++) {
    const id = randomUUID();
    const at = now - projects + i;
    projectRows.push([id, `Study ${tag} ${String(i).padStart(5, "0")}`, i % 3 ? `Description of study ${i}` : null, orgId, owner.id, at, at]);
    pm.push([randomUUID(), id, owner.id, "owner", at]);
    if (members > 2) {
      const a = 1 + (i % (members - 1));
      const b = 1 + ((i * 7 + 3) % (members - 1));
      pm.push([randomUUID(), id, users[a].id, "member", at]);
      if (b !== a) pm.push([randomUUID(), id, users[b].id, "member", at]);
    }
  }
  sql.push(...inserts("projects", ["id", "name", "description", "orgId", "createdBy", "createdAt", "updatedAt"], projectRows));
  sql.push(...inserts("project_members", ["id", "projectId", "userId", "role", "joinedAt"], pm));
  // The newest project (first in the list): the one the bench opens as the project page.
  const projectId = projectRows[projectRows.length - 1]?.[0];
  return { sql: sql.join("\n") + "\n", orgId, slug, owner, projectId, cookie: sessionCookie(token) };
}

export async function seedOrgs(stateDir, specs) {
  mkdirSync(".tmp/bench-sql", { recursive: true });
  const out = [];
  for (const spec of specs) {
    const seeded = orgSeedSql(spec);
    const file = `.tmp/bench-sql/${spec.tag}.sql`;
    writeFileSync(file, seeded.sql);
    await executeSql(stateDir, file);
    out.push({ ...spec, ...seeded, sql: undefined });
  }
  return out;
}

// ---------------------------------------------------------------- talking to the running app

export function api(base) {
  const origin = new URL(base).origin;
  return async function call(method, path, { body, cookie, redirect = "manual" } = {}) {
    const headers = { origin };
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect });
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, text, json };
  };
}

export async function waitForLink(base, to, subject) {
  const call = api(base);
  for (let i = 0; i < 60; i++) {
    const res = await call("GET", `/api/dev/emails?to=${encodeURIComponent(to)}`);
    const mail = res.json?.items?.find((m) => subject.test(m.subject));
    const link = mail && /https?:\/\/\S+/.exec(mail.text)?.[0];
    if (link) return link;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no email to ${to} matching ${subject}`);
}

/** An invitation to `email` in the org, created through the API; returns the emailed token. */
export async function invite(base, org, email, role = "member") {
  const call = api(base);
  const res = await call("POST", `/api/orgs/${org.orgId}/invitations`, { cookie: org.cookie, body: { email, role } });
  if (res.status !== 201) throw new Error(`invitation failed: ${res.status} ${res.text}`);
  const link = await waitForLink(base, email, /invited you/i);
  return new URL(link).pathname.split("/").pop();
}

/** A person with a real password: signed up and verified through the app, then made a member of the org. */
export async function passwordUser(base, org) {
  const call = api(base);
  const email = `signin-${org.slug}@example.com`;
  const up = await call("POST", "/api/auth/sign-up/email", { body: { name: `Sign-in ${org.tag}`, email, password: PASSWORD } });
  if (up.status !== 200) throw new Error(`sign-up failed: ${up.status} ${up.text}`);
  const verify = await waitForLink(base, email, /verify/i);
  const v = await fetch(verify, { redirect: "manual" });
  if (v.status >= 400) throw new Error(`verification failed: ${v.status}`);
  const signIn = await call("POST", "/api/auth/sign-in/email", { body: { email, password: PASSWORD } });
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${signIn.text}`);
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  // The first-run step, as the page would do it for someone on their way to an invitation (no personal workspace).
  const profile = await call("POST", "/api/me/profile", { cookie, body: { name: `Sign-in ${org.tag}`, persona: "researcher", personalWorkspace: false } });
  if (profile.status !== 200) throw new Error(`first-run step failed: ${profile.status} ${profile.text}`);
  const token = await invite(base, org, email);
  const accepted = await call("POST", `/api/invitations/${token}/accept`, { cookie });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${accepted.text}`);
  return { email, password: PASSWORD, cookie };
}

/** Replaces one script's section of bench/RESULTS.md (between its markers), leaving the others alone. */
export function writeSection(name, body) {
  mkdirSync("bench", { recursive: true });
  const file = "bench/RESULTS.md";
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  let text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmark and Lighthouse results\n\nWritten by `npm run bench` and `npm run lighthouse`; each replaces only its own section.\n";
  const block = `${start}\n${body}\n${end}`;
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  text = re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
}
