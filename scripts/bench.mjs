// `npm run bench`: the production Worker under load on a fresh local D1, at two org sizes (PRODUCT.md section 7).
// Builds (unless SKIP_BUILD=1), serves a snapshot with wrangler dev (D1_METRICS=1: every response carries
// x-d1-round-trips), seeds an org of 100 projects / 50 members and one of 10,000 / 1,000 by generated SQL, and drives
// each case with autocannon on loopback. Prints a table and writes it to bench/RESULTS.md between markers.
import { execSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { api, buildAndSnapshot, writeSection, freshDatabase, invite, passwordUser, seedOrgs, startServer, varsFor } from "./bench-server.mjs";

const PORT = 8855;
const OUTPUT = ".tmp/bench-output";
const STATE = ".tmp/bench-state";
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SIZES = [
  { tag: "100", projects: 100, members: 50 },
  { tag: "10000", projects: 10_000, members: 1_000 },
];

await buildAndSnapshot(OUTPUT);
await freshDatabase(STATE);
console.log("seeding…");
const orgs = await seedOrgs(STATE, SIZES);
const server = await startServer({ outputDir: OUTPUT, stateDir: STATE, port: PORT, vars: varsFor(PORT, { D1_METRICS: "1" }) });
const base = server.url;
const call = api(base);

try {
  for (const org of orgs) {
    org.inviteToken = await invite(base, org, `invitee-${org.slug}@example.com`);
    org.signIn = await passwordUser(base, org);
  }

  const cases = [];
  cases.push({ name: "baseline: GET /api/dev/emails (public, 1 query)", size: "-", path: "/api/dev/emails?to=nobody@example.com" });
  for (const org of orgs) {
    cases.push({ name: "project list page /orgs/<slug>", key: "list", size: org.tag, path: `/orgs/${org.slug}`, cookie: org.cookie, page: true, authRead: true });
    cases.push({ name: "GET /api/orgs/:orgId/projects", key: "api", size: org.tag, path: `/api/orgs/${org.orgId}/projects`, cookie: org.cookie, authRead: true });
    cases.push({ name: "members page /orgs/<slug>/members", key: "members", size: org.tag, path: `/orgs/${org.slug}/members`, cookie: org.cookie, page: true, authRead: true });
    cases.push({ name: "invitation page /invite/<token>", key: "invite", size: org.tag, path: `/invite/${org.inviteToken}`, page: true });
    cases.push({
      name: "password sign-in POST /api/auth/sign-in/email",
      key: "signin",
      size: org.tag,
      path: "/api/auth/sign-in/email",
      method: "POST",
      body: JSON.stringify({ email: org.signIn.email, password: org.signIn.password }),
    });
  }

  // Sanity first: every case answers 2xx once before it is loaded.
  for (const c of cases) {
    const res = await fetch(base + c.path, { method: c.method ?? "GET", headers: headersOf(c), body: c.body, redirect: "manual" });
    const text = await res.text();
    if (res.status < 200 || res.status >= 300) throw new Error(`${c.name} (${c.size}) answered ${res.status}: ${text.slice(0, 300)}`);
    if (c.page) c.assets = await assetSizes(text);
  }

  for (const c of cases) {
    process.stdout.write(`${c.name} [${c.size}] … `);
    await load(c, 2); // warm-up, not recorded
    await settle();
    Object.assign(c, await load(c, DURATION));
    await settle();
    console.log(`${c.rps.toFixed(1)} req/s, p50 ${c.p50} ms, p95 ${c.p95} ms, D1 ${c.trips}, non-2xx ${c.failed}`);
  }

  const baseline = cases[0];
  for (const c of cases) c.ratio = c.p50 / baseline.p50;
  const p50 = (key, size) => cases.find((c) => c.key === key && c.size === size)?.p50;
  const listRatio = p50("list", "10000") / p50("list", "100");
  const apiRatio = p50("api", "10000") / p50("api", "100");
  const membersRatio = p50("members", "10000") / p50("members", "100");

  const maxTrips = Math.max(...cases.filter((c) => c.authRead).map((c) => (Number.isFinite(c.tripsMax) ? c.tripsMax : Infinity)));
  const listJs = cases.filter((c) => c.key === "list").map((c) => c.assets.js);
  const failed = cases.reduce((n, c) => n + c.failed, 0);
  const budgets = [
    [`≤ 2 D1 round trips per authenticated page/API read`, maxTrips <= 2, `max ${maxTrips} (${cases.filter((c) => c.authRead && c.tripsMax > 2).map((c) => `${c.key}@${c.size}: ${c.trips}`).join(", ") || "all within"})`],
    [`project list p50(10,000)/p50(100) ≤ 1.3`, listRatio <= 1.3, listRatio.toFixed(2)],
    [`≤ 60 KB compressed JS on the project list page`, Math.max(...listJs) <= 60 * 1024, listJs.map(kb).join(" / ")],
    [`no failed request`, failed === 0, `${failed} non-2xx or errored`],
  ];

  const table = [
    "| Case | Size | req/s | p50 ms | p95 ms | p50 / baseline | D1 trips/req | non-2xx | JS gz | CSS gz |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...cases.map((c) =>
      `| ${c.name} | ${c.size} | ${c.rps.toFixed(1)} | ${c.p50} | ${c.p95} | ${c.ratio.toFixed(2)} | ${c.trips} | ${c.failed} | ${c.assets ? kb(c.assets.js) : ""} | ${c.assets ? kb(c.assets.css) : ""} |`,
    ),
  ].join("\n");
  const md = [
    `Run: ${new Date().toISOString()} · ${DURATION} s per case (after a 2 s warm-up), ${CONNECTIONS} connections, loopback, autocannon.`,
    "",
    "Machine: " + machine(),
    "",
    "Sizes: `100` = an org with 100 projects and 50 members; `10000` = 10,000 projects and 1,000 members. Authenticated",
    "cases use the org owner (sees every project). The baseline is the public dev-mailbox JSON route (one D1 query).",
    "",
    table,
    "",
    `p50(10,000) / p50(100): project list page **${listRatio.toFixed(2)}**, projects API ${apiRatio.toFixed(2)}, members page ${membersRatio.toFixed(2)}.`,
    "",
    "D1 trips: the Worker's `x-d1-round-trips` header (D1_METRICS=1), median over every response (range if it varied). For",
    "pages (marked ≥) the header is set when the response starts (src/middleware.ts onBeforeResponse), so statements run",
    "while the page streams are not in it: a lower bound. The API rows are exact.",
    "",
    "JS/CSS: the gzip size (node:zlib, default level) of every /_build/assets/*.js and *.css the page's HTML links",
    "(scripts, stylesheets and modulepreloads); chunks loaded later by dynamic import are not counted.",
    "",
    "Budgets:",
    "",
    ...budgets.map(([name, ok, detail]) => `- ${ok ? "✅ holds" : "❌ FAILS"}: ${name} — ${detail}`),
    "",
    "The machine is shared (2 cores, other builds and test runs at the same time): absolute figures are noisy; the",
    "ratios are measured within this one run.",
  ].join("\n");
  console.log("\n" + table + "\n");
  for (const [name, ok, detail] of budgets) console.log(`${ok ? "holds" : "FAILS"}: ${name} — ${detail}`);
  writeSection("bench", "## npm run bench\n\n" + md);
  console.log("\nwritten to bench/RESULTS.md");
} finally {
  await server.stop();
}

/** autocannon drops the requests still in flight when time is up, but the Worker finishes them: wait for it to be idle
 * so one case's backlog is not charged to the next. */
async function settle() {
  await new Promise((r) => setTimeout(r, 1500));
  for (let i = 0; i < 3; i++) await (await fetch(`${base}/api/dev/emails?to=nobody@example.com`)).arrayBuffer();
}

function headersOf(c) {
  const h = { origin: base };
  if (c.cookie) h.cookie = c.cookie;
  if (c.body) h["content-type"] = "application/json";
  return h;
}

function load(c, duration) {
  const times = [];
  const trips = [];
  let failed = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration,
        timeout: 30,
        requests: [
          {
            method: c.method ?? "GET",
            path: c.path,
            headers: headersOf(c),
            body: c.body,
            onResponse: (status, _body, _ctx, headers) => {
              const v = Object.entries(headers).find(([k]) => k.toLowerCase() === "x-d1-round-trips")?.[1];
              if (v !== undefined) trips.push(Number(v));
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        times.sort((a, b) => a - b);
        const pct = (p) => (times.length ? Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]) : NaN);
        trips.sort((a, b) => a - b);
        resolve({
          rps: result.requests.total / duration,
          p50: pct(50),
          p95: pct(95),
          failed: failed + result.errors + result.timeouts,
          trips: trips.length ? `${c.page ? "≥" : ""}${trips[Math.floor(trips.length / 2)]}${trips[0] !== trips[trips.length - 1] ? ` (${trips[0]}–${trips[trips.length - 1]})` : ""}` : "n/a",
          tripsMax: trips.length ? trips[trips.length - 1] : Infinity,
        });
      },
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      times.push(ms);
      if (status < 200 || status >= 300) failed++;
    });
  });
}

async function assetSizes(html) {
  const urls = new Set();
  for (const m of html.matchAll(/(?:href|src)="(\/_build\/assets\/[^"]+\.(js|css))"/g)) urls.add(m[1]);
  let js = 0;
  let css = 0;
  for (const u of urls) {
    const body = Buffer.from(await (await fetch(base + u)).arrayBuffer());
    const size = gzipSync(body).length;
    if (u.endsWith(".js")) js += size;
    else css += size;
  }
  return { js, css, files: urls.size };
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} KB`;
}

function machine() {
  const sh = (cmd) => {
    try {
      return execSync(cmd, { encoding: "utf8" }).trim();
    } catch {
      return "?";
    }
  };
  const mem = sh("free -h").split("\n").find((l) => l.startsWith("Mem:"))?.split(/\s+/)[1] ?? "?";
  const cpu = sh("grep -m1 'model name' /proc/cpuinfo").replace(/^model name\s*:\s*/, "");
  return `${sh("nproc")} CPU cores (${cpu}), ${mem} RAM (\`free -h\`), Node ${process.version}, ${sh("uname -sr")}, ${new Date().toUTCString()}.`;
}
