/**
 * Does the project list cost the same in an org of 10 projects and one of 10,000? (PRODUCT.md section 7, "Fast".)
 * Seeds both orgs in one Miniflare D1 (the harness's, with the real migrations) and prints the p50 of listProjects
 * for an org admin (first page and a deep page), a plain member who belongs to a few projects, and a search: the wall
 * time of the call (dominated by Miniflare's RPC per batch) and the SQL's own cost (the batch run 50 times in one
 * round trip, divided by 50).
 *
 *   npx tsx scripts/bench-projects.ts [iterations]
 */
import { member, projectMembers, projects } from "~/db/schema";
import type { AppContext } from "~/server/context";
import { createDb } from "~/server/db";
import { listProjects } from "~/server/pages/project-list";
import { createTestApp, type TestApp } from "../tests/harness";

const ITERATIONS = Number(process.argv[2] ?? 200);
const WARMUP = 20;

async function seedOrg(app: TestApp, size: number) {
  const owner = await app.createUser({ name: `Owner of ${size}` });
  const plain = await app.createUser({ name: `Member of ${size}` });
  const org = await app.request("POST", "/api/orgs", { as: owner, body: { name: `Org with ${size}` } });
  const orgId = org.body.id as string;
  await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgId, userId: plain.id, role: "member" });

  const base = Math.floor(Date.now() / 1000) - size;
  // D1 binds at most 100 parameters per statement: 14 projects (7 columns) or 20 memberships (5 columns) per insert.
  const everyFifth = Math.max(1, Math.floor(size / 5));
  for (let start = 0; start < size; start += 14 * 50) {
    const stmts = [];
    for (let chunk = start; chunk < Math.min(size, start + 14 * 50); chunk += 14) {
      const rows = [];
      for (let i = chunk; i < Math.min(size, chunk + 14); i++) {
        const at = new Date((base + i) * 1000);
        rows.push({ id: crypto.randomUUID(), name: `Study ${i}`, orgId, createdBy: owner.id, createdAt: at, updatedAt: at, i });
      }
      stmts.push(app.db.insert(projects).values(rows.map(({ i: _i, ...r }) => r)));
      stmts.push(app.db.insert(projectMembers).values(rows.map((r) => ({ id: crypto.randomUUID(), projectId: r.id, userId: owner.id, role: "owner" as const }))));
      // The plain member is in 5 projects, spread over the org.
      const theirs = rows.filter((r) => r.i % everyFifth === 0);
      if (theirs.length) {
        stmts.push(app.db.insert(projectMembers).values(theirs.map((r) => ({ id: crypto.randomUUID(), projectId: r.id, userId: plain.id, role: "member" as const }))));
      }
    }
    await app.db.batch(stmts as [(typeof stmts)[number], ...typeof stmts]);
  }
  // A cursor halfway down, to show that deep pages cost what the first one does (no OFFSET).
  let cursor: string | undefined;
  const step = Math.min(100, size / 2);
  for (let seen = 0; seen < size / 2; seen += step) {
    cursor = (await listProjects(app.ctx, owner.id, orgId, { limit: step, cursor })).nextCursor ?? undefined;
  }
  return { orgId, owner, plain, deepCursor: cursor };
}

/**
 * A context whose D1 runs each batch's statements `repeat` times in that one batch and answers with the first copy:
 * with repeat = 50 the per-call time is the SQL's own cost, and Miniflare's fixed RPC cost per batch is spread thin.
 */
function amplifiedContext(app: TestApp, repeat: number): { ctx: AppContext; batches: number[] } {
  const batches: number[] = [];
  const d1 = app.bindings.DB;
  const amplified = {
    prepare: (query: string) => d1.prepare(query),
    batch: async (stmts: D1PreparedStatement[]) => {
      batches.push(stmts.length);
      const results = await d1.batch(Array.from({ length: repeat }, () => stmts).flat());
      return results.slice(0, stmts.length);
    },
  } as unknown as D1Database;
  return { ctx: { ...app.ctx, db: createDb(amplified) }, batches };
}

/** p50 in ms of one call of fn, whose D1 statements run `repeat` times (time divided by repeat). */
async function p50(app: TestApp, repeat: number, fn: (ctx: AppContext) => Promise<unknown>): Promise<number> {
  const { ctx, batches } = amplifiedContext(app, repeat);
  const runs = repeat === 1 ? ITERATIONS : Math.max(20, Math.floor(ITERATIONS / 5));
  for (let i = 0; i < WARMUP; i++) await fn(ctx);
  batches.length = 0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(ctx);
    times.push((performance.now() - t) / repeat);
  }
  // The membership check and the list are one batch: one D1 round trip per call.
  if (batches.length !== runs) throw new Error(`expected one D1 round trip per call, saw ${batches.length} for ${runs}`);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function main() {
  const app = await createTestApp();
  try {
    const t0 = performance.now();
    const small = await seedOrg(app, 10);
    const large = await seedOrg(app, 10_000);
    console.log(`seeded 10 + 10,000 projects in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${ITERATIONS} runs each, p50 in ms\n`);

    // Page sizes the small org can fill, so both orgs return the same number of rows.
    const cases: [string, (ctx: AppContext, o: typeof small) => Promise<unknown>][] = [
      ["admin, first page (limit 10)", (ctx, o) => listProjects(ctx, o.owner.id, o.orgId, { limit: 10 })],
      ["admin, page halfway (limit 5)", (ctx, o) => listProjects(ctx, o.owner.id, o.orgId, { limit: 5, cursor: o.deepCursor })],
      ["plain member (in 5 projects)", (ctx, o) => listProjects(ctx, o.plain.id, o.orgId, { limit: 10 })],
      ['admin, search "Study 1" (l. 1)', (ctx, o) => listProjects(ctx, o.owner.id, o.orgId, { limit: 1, q: "Study 1" })],
      ["admin, search with no match", (ctx, o) => listProjects(ctx, o.owner.id, o.orgId, { limit: 10, q: "zzz" })],
    ];
    const cols = (xs: string[]) => xs.map((x) => x.padStart(9)).join("");
    console.log("".padEnd(31), cols(["call p50", "", "", "SQL p50", "", ""]));
    console.log("case".padEnd(31), cols(["10", "10,000", "ratio", "10", "10,000", "ratio"]));
    for (const [name, run] of cases) {
      const f = (n: number) => n.toFixed(3);
      const [a, b] = [await p50(app, 1, (ctx) => run(ctx, small)), await p50(app, 1, (ctx) => run(ctx, large))];
      const [c, d] = [await p50(app, 50, (ctx) => run(ctx, small)), await p50(app, 50, (ctx) => run(ctx, large))];
      console.log(name.padEnd(31), cols([f(a), f(b), (b / a).toFixed(2), f(c), f(d), (d / c).toFixed(2)]));
    }
    console.log("\ncall = one listProjects through Miniflare (one D1 batch); SQL = the same batch run 50x in one round trip, / 50.");
  } finally {
    await app.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
