// `npm run load -- --saturate`: throughput at saturation, for docs/scaling.md. On the production build served by
// wrangler on a fresh local D1: N clients (SATURATE_CLIENTS, "1,4,16") each hammer one write, then one page, in a
// closed loop for SATURATE_SECONDS (15) per case; every write is a real change (a new project, a role that flips, an
// invitation to a new address). Also measures what rows cost on disk (bytes per project and per member), seeding
// orgs by generated SQL. Writes its section of bench/RESULTS.md.
import { buildAndSnapshot, executeSql, freshDatabase, orgSeedSql, startServer, varsFor, writeSection } from "./bench-server.mjs";
import { mkdirSync, writeFileSync } from "node:fs";
import { machineNow } from "./load-report.mjs";
import { percentile } from "./load-client.mjs";
import { directWorkerUrl } from "./load-direct.mjs";
import { openDatabase } from "./load-verify.mjs";

const port = Number(process.env.SATURATE_PORT ?? 8892);
const seconds = Number(process.env.SATURATE_SECONDS ?? 15);
const levels = (process.env.SATURATE_CLIENTS ?? "1,4,16").split(",").map(Number);
const output = `.tmp/saturate-output-${port}`;
const state = `.tmp/saturate-state-${port}`;

async function dbBytes() {
  const db = await openDatabase(state);
  try {
    // D1 refuses PRAGMA functions; every answer's meta carries the database's size instead.
    return (await db.d1.prepare("select 1").all()).meta.size_after;
  } finally {
    await db.close();
  }
}

async function seed(spec) {
  const seeded = orgSeedSql(spec);
  mkdirSync(".tmp/saturate-sql", { recursive: true });
  const file = `.tmp/saturate-sql/${spec.tag}.sql`;
  writeFileSync(file, seeded.sql);
  const before = await dbBytes();
  await executeSql(state, file);
  return { ...seeded, bytes: (await dbBytes()) - before };
}

/** `clients` closed loops for `seconds`; `make(client, n)` gives the n-th request of a client. */
async function hammer(base, origin, cookie, clients, make) {
  const deadline = Date.now() + seconds * 1000;
  const times = [];
  let ok = 0;
  let failed = 0;
  const statuses = new Map();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let n = 0; Date.now() < deadline; n++) {
        const { method = "GET", path, body } = make(c, n);
        const t0 = performance.now();
        // A connection the server closed under us is a failed request of the run, counted as "network", not a crash.
        let status = "network";
        try {
          const res = await fetch(base + path, {
            method,
            headers: { origin, "mf-original-url": origin + path, cookie, ...(body ? { "content-type": "application/json" } : {}) },
            body: body ? JSON.stringify(body) : undefined,
            redirect: "manual",
          });
          await res.arrayBuffer();
          status = res.status;
        } catch {}
        times.push(performance.now() - t0);
        if (typeof status === "number" && status >= 200 && status < 300) ok++;
        else {
          failed++;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }
    }),
  );
  times.sort((a, b) => a - b);
  return { clients, perSecond: ok / seconds, p50: percentile(times, 50), p95: percentile(times, 95), ok, failed, statuses: Object.fromEntries(statuses) };
}

await buildAndSnapshot(output);
await freshDatabase(state);
// Disk cost first (server stopped, so the file is ours): members alone, then projects on top of them.
const people = await seed({ tag: "sizeA", projects: 0, members: 2_000 });
const work = await seed({ tag: "sat", projects: 10_000, members: 1_000 });
const perMember = people.bytes / 2_000;
const perProject = (work.bytes - 1_000 * perMember) / 10_000;
console.log(`disk: ${perMember.toFixed(0)} B per member (user + membership + indexes), ${perProject.toFixed(0)} B per project (with 3 project memberships)`);

const sizeBeforeRun = await dbBytes();
const server = await startServer({ outputDir: output, stateDir: state, port, vars: varsFor(port) });
// Past wrangler dev's proxy, to the Worker's own socket (scripts/load-direct.mjs); SATURATE_VIA_PROXY=1 goes through it.
const origin = server.url;
const base = process.env.SATURATE_VIA_PROXY ? origin : await directWorkerUrl(port);
const results = [];
const before = machineNow();
try {
  const call = async (method, path, body) => (await fetch(base + path, { method, headers: { origin, "mf-original-url": origin + path, cookie: work.cookie, "content-type": "application/json" }, body: body && JSON.stringify(body) })).json();
  const members = (await call("GET", `/api/orgs/${work.orgId}/members?limit=100`)).items.filter((m) => m.role !== "owner");
  const run = Date.now().toString(36);
  let flips = 0;
  // A new address for every invitation of the run (not per client count), so each is a create, never a refresh.
  let invited = 0;
  const cases = [
    { name: "write: create project (POST /api/orgs/:orgId/projects)", write: true, make: (c, n) => ({ method: "POST", path: `/api/orgs/${work.orgId}/projects`, body: { name: `Saturation ${run} ${c}-${n}` } }) },
    {
      name: "write: change workspace role (PATCH /api/orgs/:orgId/members/:userId)",
      write: true,
      // Each client flips its own person between member and admin, so every request changes a row.
      make: (c) => {
        const m = members[c % members.length];
        m.role = m.role === "admin" ? "member" : "admin";
        flips++;
        return { method: "PATCH", path: `/api/orgs/${work.orgId}/members/${m.userId}`, body: { role: m.role } };
      },
    },
    { name: "write: invitation create (POST /api/orgs/:orgId/invitations)", write: true, make: (c, n) => ({ method: "POST", path: `/api/orgs/${work.orgId}/invitations`, body: { email: `sat-${run}-${invited++}@example.com`, role: "member" } }) },
    { name: "read: project list page /orgs/<slug>", make: () => ({ path: `/orgs/${work.slug}` }) },
    // Measured after the invitation case: the page shows its 50 members and the 100 newest of those pending invitations.
    { name: "read: members page /orgs/<slug>/members", make: () => ({ path: `/orgs/${work.slug}/members` }) },
    { name: "read: GET /api/orgs/:orgId/projects", make: () => ({ path: `/api/orgs/${work.orgId}/projects` }) },
  ];
  for (const c of cases) {
    for (const clients of levels) {
      const r = await hammer(base, origin, work.cookie, clients, c.make);
      results.push({ ...c, ...r });
      console.log(`${c.name} · ${clients} clients: ${r.perSecond.toFixed(1)}/s, p50 ${r.p50} ms, p95 ${r.p95} ms, failed ${r.failed} ${JSON.stringify(r.statuses)}`);
      await new Promise((ok) => setTimeout(ok, 1000));
    }
  }
  if (!flips) throw new Error("no role change was made");
} finally {
  await server.stop();
}
const after = machineNow();
// What the writes left on disk, activity log, outbox and dev mailbox rows included, per write that answered 2xx.
const writes = results.filter((r) => r.write).reduce((n, r) => n + r.ok, 0);
const perWrite = ((await dbBytes()) - sizeBeforeRun) / writes;
console.log(`disk: ${perWrite.toFixed(0)} B per write (${writes} writes)`);

const md = [
  "## npm run load -- --saturate",
  "",
  `Run: ${new Date().toISOString()} · production build on \`wrangler dev\` (requests ${process.env.SATURATE_VIA_PROXY ? "through wrangler's dev proxy" : "to the Worker's own socket, past wrangler's dev proxy"}), fresh local D1, loopback; an org of 10,000 projects and 1,000 members; each case ${seconds} s per client count, clients in closed loops (the next request when the last answered), as the org's owner. Writes/s and reads/s count 2xx answers only. Every write is 2 D1 round trips and every read 1 (the bench section above). The members page runs after the invitation case, so it renders its first 50 members and 100 pending invitations.`,
  "",
  `**Machine: shared, 2 cores** (${before.cpu}); 1-minute load average ${before.one} before, ${after.one} after. The Worker, the local D1 (SQLite inside workerd) and the load generator share those 2 cores with other people's work: these are the figures of this box, not of Cloudflare's D1.`,
  "",
  "| Case | clients | per s | p50 ms | p95 ms | failed |",
  "|---|---:|---:|---:|---:|---:|",
  ...results.map((r) => `| ${r.name} | ${r.clients} | ${r.perSecond.toFixed(1)} | ${r.p50} | ${r.p95} | ${r.failed}${r.failed ? ` ${JSON.stringify(r.statuses)}` : ""} |`),
  "",
  `Disk (D1's own \`meta.size_after\`, before and after seeding by generated SQL): ${perMember.toFixed(0)} bytes per workspace member (user row, membership row and their indexes), ${perProject.toFixed(0)} bytes per project with its 3 project memberships and indexes; the run's ${writes} writes (projects, role changes and invitations in the proportions above, with their activity rows, outbox rows and dev mailbox copies) grew the database by ${perWrite.toFixed(0)} bytes per write.`,
].join("\n");
writeSection("saturate", md);
console.log("written to bench/RESULTS.md");
if (results.some((r) => r.failed)) process.exitCode = 1;
