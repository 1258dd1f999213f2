// `npm run bench`: the production Worker on a fresh local D1 (PRODUCT.md section 7, issue 15's speed budgets).
// Builds (unless SKIP_BUILD=1); counts the exact D1 round trips of every write on the built Worker
// (scripts/bench-writes.mjs); serves a snapshot with wrangler dev (D1_METRICS=1); seeds three orgs by generated SQL
// (100 projects / 50 members, 10,000 / 1,000, 100,000 / 10,000; seeding is not timed); measures every page once
// (exact D1 round trips, gzip JS and CSS) and drives the read cases with autocannon, the sizes interleaved. Writes
// bench/RESULTS.md between its markers (scripts/bench-report.mjs).
import { buildAndSnapshot, freshDatabase, invite, passwordUser, seedOrgs, startServer, varsFor, writeSection } from "./bench-server.mjs";
import { assetSizes, exactTrips, interleaved, load, summarize } from "./bench-load.mjs";
import { benchMarkdown } from "./bench-report.mjs";
import { countWrites } from "./bench-writes.mjs";
import { liveMarkdown, measureLive } from "./bench-live.mjs";

const PORT = 8855;
const OUTPUT = ".tmp/bench-output";
const STATE = ".tmp/bench-state";
const opts = {
  duration: Number(process.env.BENCH_DURATION ?? 4),
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  warmup: Number(process.env.BENCH_WARMUP ?? 2),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
};
// BENCH_QUICK=1: a smoke run of the script itself (small orgs, short runs); its figures mean nothing.
const SIZES = process.env.BENCH_QUICK
  ? [
      { tag: "100", label: "100", projects: 100, members: 50 },
      { tag: "300", label: "300", projects: 300, members: 60 },
      { tag: "1000", label: "1k", projects: 1_000, members: 100 },
    ]
  : [
      { tag: "100", label: "100", projects: 100, members: 50 },
      { tag: "10000", label: "10k", projects: 10_000, members: 1_000 },
      { tag: "100000", label: "100k", projects: 100_000, members: 10_000 },
    ];

await buildAndSnapshot(OUTPUT);
console.log("counting the D1 round trips of every write (built Worker, matrix world)…");
const writes = await countWrites();
await freshDatabase(STATE);
console.log("seeding (not timed)…");
const t0 = Date.now();
const orgs = await seedOrgs(STATE, SIZES);
console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
const server = await startServer({ outputDir: OUTPUT, stateDir: STATE, port: PORT, vars: varsFor(PORT, { D1_METRICS: "1" }) });
const base = server.url;

try {
  for (const org of orgs) org.inviteToken = await invite(base, org, `invitee-${org.slug}@example.com`);
  const small = orgs[0];
  const signIn = await passwordUser(base, small);

  // Every page, once, as a visitor of it would open it: exact D1 round trips and the assets it links.
  const pages = [
    { name: "sign-in /signin", path: "/signin" },
    { name: "sign-up /signup", path: "/signup" },
    { name: "forgot password /forgot-password", path: "/forgot-password" },
    { name: "reset password /reset-password", path: "/reset-password?token=unknown" },
    { name: "email verified /verify-email", path: "/verify-email" },
    { name: "invitation /invite/<token> (signed out)", path: `/invite/${small.inviteToken}` },
    { name: "new workspace /orgs/new", path: "/orgs/new", cookie: small.cookie, auth: true },
    { name: "account /account", path: "/account", cookie: small.cookie, auth: true },
    { name: "project list /orgs/<slug>", path: `/orgs/${small.slug}`, cookie: small.cookie, auth: true },
    { name: "project search /orgs/<slug>?q=", path: `/orgs/${small.slug}?q=${encodeURIComponent(`Study ${small.tag} 0000`)}`, cookie: small.cookie, auth: true },
    { name: "project /orgs/<slug>/projects/<id>", path: `/orgs/${small.slug}/projects/${small.projectId}`, cookie: small.cookie, auth: true },
    { name: "new project /orgs/<slug>/projects/new", path: `/orgs/${small.slug}/projects/new`, cookie: small.cookie, auth: true },
    { name: "members /orgs/<slug>/members", path: `/orgs/${small.slug}/members`, cookie: small.cookie, auth: true },
    { name: "settings /orgs/<slug>/settings", path: `/orgs/${small.slug}/settings`, cookie: small.cookie, auth: true },
    { name: "activity /orgs/<slug>/activity", path: `/orgs/${small.slug}/activity`, cookie: small.cookie, auth: true },
    { name: "not found /no-such-page", path: "/no-such-page", notFound: true },
  ];
  for (const p of pages) {
    const r = await exactTrips(base, p);
    // Reported, not fatal: a page that now redirects (say) still gets its row, with the status it answered.
    if (r.status !== (p.notFound ? 404 : 200)) console.warn(`${p.name} answered ${r.status}: ${r.text.slice(0, 200)}`);
    Object.assign(p, { status: r.status, trips: r.trips, ...(await assetSizes(base, r.text)) });
    console.log(`${p.name}: D1 ${p.trips}, JS ${p.js} B gz`);
  }

  // The read cases, each at every size.
  const kinds = [
    { key: "list", name: "project list page /orgs/<slug>", page: true, path: (o) => `/orgs/${o.slug}` },
    { key: "api", name: "GET /api/orgs/:orgId/projects", path: (o) => `/api/orgs/${o.orgId}/projects` },
    { key: "psearch", name: "project search GET /api/orgs/:orgId/projects?q=", path: (o) => `/api/orgs/${o.orgId}/projects?q=${encodeURIComponent(`Study ${o.tag} 0000`)}` },
    { key: "members", name: "members page /orgs/<slug>/members", page: true, path: (o) => `/orgs/${o.slug}/members` },
    { key: "msearch", name: "member search GET /api/orgs/:orgId/members?q=", path: (o) => `/api/orgs/${o.orgId}/members?q=${encodeURIComponent(`Person ${o.tag} 0000`)}` },
    { key: "project", name: "project page /orgs/<slug>/projects/<id>", page: true, path: (o) => `/orgs/${o.slug}/projects/${o.projectId}` },
    { key: "invite", name: "invitation page /invite/<token>", page: true, public: true, path: (o) => `/invite/${o.inviteToken}` },
  ];
  const reads = [];
  for (const kind of kinds) {
    const variants = orgs.map((o) => ({ ...kind, size: o.label, path: kind.path(o), cookie: kind.public ? undefined : o.cookie }));
    for (const v of variants) {
      const r = await exactTrips(base, v);
      if (r.status !== 200) throw new Error(`${v.name} [${v.size}] answered ${r.status}: ${r.text.slice(0, 300)}`);
      v.trips = r.trips;
      v.items = kind.page ? null : (JSON.parse(r.text).items?.length ?? null);
    }
    process.stdout.write(`${kind.name} … `);
    const results = await interleaved(base, variants, { ...opts, settle });
    for (const v of variants) Object.assign(v, results.get(v));
    console.log(variants.map((v) => `${v.size}: p50 ${v.p50} ms (D1 ${v.trips})`).join(", "));
    reads.push(...variants);
  }

  // Cases that do not depend on the org's size: run once.
  const once = [
    { key: "baseline", name: "baseline: GET /api/dev/emails (public, 1 query)", size: "-", path: "/api/dev/emails?to=nobody@example.com" },
    { key: "signin", name: "password sign-in POST /api/auth/sign-in/email", size: "-", path: "/api/auth/sign-in/email", method: "POST", body: JSON.stringify({ email: signIn.email, password: signIn.password }) },
  ];
  for (const c of once) {
    c.trips = (await exactTrips(base, c)).trips;
    await load(base, c, opts.warmup, opts.connections);
    await settle();
    Object.assign(c, summarize([await load(base, c, opts.duration * opts.rounds, opts.connections)]));
    await settle();
    console.log(`${c.name}: p50 ${c.p50} ms (D1 ${c.trips})`);
  }

  const live = await measureLive(base, small, `/orgs/${small.slug}`);
  console.log(`live: ${live.perChangePerTab.toFixed(2)} messages per change per tab, reconnect D1 ${live.handshakeTrips} + ${live.rereadTrips}`);

  const md = benchMarkdown({ opts, sizes: SIZES, pages, reads, once, writes });
  writeSection("bench", "## npm run bench\n\n" + md.text + "\n" + liveMarkdown(live));
  for (const line of md.budgetLines) console.log(line);
  console.log("\nwritten to bench/RESULTS.md");
} finally {
  await server.stop();
}

/** autocannon drops the requests still in flight when time is up, but the Worker finishes them: wait for it to be idle
 * so one run's backlog is not charged to the next. */
async function settle() {
  await new Promise((r) => setTimeout(r, 1000));
  for (let i = 0; i < 3; i++) await (await fetch(`${base}/api/dev/emails?to=nobody@example.com`)).arrayBuffer();
}
