/**
 * The write half of `npm run bench`: the exact D1 round trips of every write, once each, on the built Worker (run by
 * scripts/bench-writes.mjs through vitest, which gives it the TypeScript and the "~" alias of the test suites).
 *
 * The calls are the authorization matrix's own (tests/authz-matrix.ts): every API route that is not a GET and every
 * server function action, with the ids and body of a cell the matrix says succeeds, made by the org owner where the
 * matrix lets the owner do it (otherwise by the first subject it lets, named in the output). The world is the matrix
 * world, put back as built after every call, so each write runs on the same rows. Counted with D1_METRICS=1 and
 * `x-bench-request` (src/server/d1-metrics.ts): every statement and batch until the answer's body ends; background
 * work after the answer (email delivery) is not in it.
 *
 * It measures, it does not judge: the budget (≤ 2) is applied by scripts/bench.mjs. Runs inside workerd, which cannot write the disk: the counts go out as one console line
 * (CENSUS_MARK + JSON) that scripts/bench-writes.mjs picks up.
 */
import { eq } from "drizzle-orm";
import { it } from "vitest";
import { user } from "~/db/schema";

/** Marks the one console line that carries the results (scripts/bench-writes.mjs). */
const CENSUS_MARK = "bench-writes-census:";
import { apiMatrix, rpcMatrix, subjects, type Cell } from "../tests/authz-matrix";
import { buildWorld, fillBody, fillPath, parseExpect, resolveIds, splitRoute, untilWritesStop, WorldGuard, type World } from "../tests/authz-world";
import { builtServerFunctions } from "../tests/built/build-output";
import { adminApiEntries, adminRpcEntries } from "../tests/authz-matrix-admin";
import { callAs, cellFor, cookieOf, matrixEntryOf, rowsOf, type Built } from "../tests/built/cells";
import { browserCall, readAnswer } from "../tests/built/server-fn-client";
import { APP_URL, BUILT_WORKER, createTestApp, type TestApp, type TestUser } from "../tests/harness";
import { PNG_3X2 } from "../tests/image-fixtures";

export interface WriteCount {
  kind: "api" | "action";
  /** "POST /api/orgs" or "src/rpc/orgs.ts createOrgAction". */
  name: string;
  subject: string;
  row: string;
  /** The answer: the status for API routes, the matrix outcome for actions ("ok", "403", …). */
  answer: string;
  ok: boolean;
  /** Exact D1 round trips; null when none was recorded. */
  trips: number | null;
}

/** Who makes the call: the org owner first, then the others in an order that tends to have the right. */
const preference = ["own", "adm", "pOwn", "aOut", "mem", "pMem", "noOrg", "other"] as const;

function pick<T>(rows: { row: string; cell: T }[], succeeds: (row: { row: string; cell: T }, index: number) => boolean) {
  for (const subject of preference) {
    const index = subjects.indexOf(subject);
    for (const r of rows) if (succeeds(r, index)) return { ...r, index, subject };
  }
  return null;
}

let n = 0;
const benchId = () => `w${++n}-${crypto.randomUUID().slice(0, 8)}`;

async function tripsOf(app: TestApp, id: string): Promise<number | null> {
  const res = await app.fetchWorker(`/api/dev/d1-trips/${id}`);
  return res.status === 200 ? ((await res.json()) as { d1RoundTrips: number }).d1RoundTrips : null;
}

async function apiWrites(app: TestApp, world: World, guard: WorldGuard): Promise<WriteCount[]> {
  const out: WriteCount[] = [];
  for (const entry of apiMatrix) {
    const { method, path } = splitRoute(entry.route);
    if (method === "GET" || adminApiEntries.includes(entry)) continue;
    const rows = Object.entries(entry.rows).map(([row, cell]) => ({ row, cell }));
    const chosen = pick<Cell>(rows, (r, i) => /^20\d$/.test(parseExpect(r.cell.expect)[i]!));
    if (!chosen) {
      out.push({ kind: "api", name: entry.route, subject: "-", row: "-", answer: "no succeeding cell in the matrix", ok: false, trips: null });
      continue;
    }
    const ids = resolveIds(world, (chosen.cell.ids ?? chosen.row) as never, chosen.subject, path);
    const body = fillBody(chosen.cell.body, ids);
    const id = benchId();
    const headers: Record<string, string> = { origin: APP_URL, "x-bench-request": id, ...cookieOf(world, chosen.subject) };
    // Uploads (avatar, logo) send a real image's bytes, as the matrix does.
    if (chosen.cell.upload) headers["content-type"] = "image/png";
    else if (body) headers["content-type"] = "application/json";
    const payload = chosen.cell.upload ? PNG_3X2 : body ? JSON.stringify(body) : undefined;
    const res = await app.fetchWorker(fillPath(path, ids), { method, headers, body: payload });
    await res.arrayBuffer();
    out.push({ kind: "api", name: entry.route, subject: chosen.subject, row: chosen.row, answer: String(res.status), ok: res.status < 300, trips: await tripsOf(app, id) });
    await guard.changes();
  }
  return out;
}

async function actionWrites(b: Built): Promise<WriteCount[]> {
  const out: WriteCount[] = [];
  for (const entry of rpcMatrix.filter((e) => e.kind === "action" && !adminRpcEntries.includes(e))) {
    const name = `${entry.file} ${entry.name}`;
    const fn = b.fns.find((f) => f.entry === entry)?.fn;
    const rows = rowsOf(entry).map((r) => ({ row: r.row, cell: r }));
    const chosen = pick(rows, (r, i) => cellFor(b.world, entry, r.cell, i).expected === "ok");
    if (!fn || !chosen) {
      out.push({ kind: "action", name, subject: "-", row: "-", answer: fn ? "no succeeding cell in the matrix" : "not in the build", ok: false, trips: null });
      continue;
    }
    const cell = cellFor(b.world, entry, chosen.cell, chosen.index);
    const id = benchId();
    const answer = await callAs(b, fn, entry, cell, { "x-bench-request": id });
    out.push({ kind: "action", name, subject: chosen.subject, row: chosen.row, answer: String(answer.outcome), ok: answer.outcome === "ok", trips: await tripsOf(b.app, id) });
    await b.guard.changes();
  }
  return out;
}

/**
 * A site admin's writes. None of the matrix's subjects is a site admin (tests/authz-matrix-admin.ts), so one is added
 * before the world is guarded. Each write is made on a world where it changes something: a ban of the own workspace's
 * member; an unban of that member once banned; a hand-over of the own workspace once its owner is banned. The call
 * that sets the stage is not counted; the world is put back after each.
 */
async function adminWrites(b: Built, admin: TestUser): Promise<WriteCount[]> {
  const out: WriteCount[] = [];
  const headers = (id?: string) => ({ origin: APP_URL, cookie: admin.cookie, "content-type": "application/json", ...(id ? { "x-bench-request": id } : {}) });
  const idsOf = (row: string, path: string) => resolveIds(b.world, row as never, "noOrg", path);
  const ban = async (row: string) => {
    const path = "/api/admin/users/:userId/ban";
    const res = await b.app.fetchWorker(fillPath(path, idsOf(row, path)), { method: "POST", headers: headers(), body: JSON.stringify({ reason: "Bench" }) });
    if (res.status !== 200) throw new Error(`setting the stage: ban of ${row} answered ${res.status}`);
  };
  const plan: { route: string; row: string; body?: Record<string, unknown>; stage?: () => Promise<void> }[] = [
    { route: "POST /api/admin/users/:userId/ban", row: "own", body: { reason: "Bench" } },
    { route: "POST /api/admin/users/:userId/unban", row: "own", stage: () => ban("own") },
    { route: "POST /api/admin/orgs/:orgId/transfer", row: "own", body: { userId: "$addable" }, stage: () => ban("owner") },
  ];
  for (const step of plan) {
    const { method, path } = splitRoute(step.route);
    const ids = idsOf(step.row, path);
    const body = fillBody(step.body, ids);
    // The API route, then its server function twin (tests/authz-matrix-admin.ts), each on a world set the same way.
    await step.stage?.();
    const id = benchId();
    const res = await b.app.fetchWorker(fillPath(path, ids), { method, headers: headers(id), body: body ? JSON.stringify(body) : undefined });
    await res.arrayBuffer();
    out.push({ kind: "api", name: step.route, subject: "site admin", row: step.row, answer: String(res.status), ok: res.status < 300, trips: await tripsOf(b.app, id) });
    await b.guard.changes();

    const entry = adminRpcEntries.find((e) => e.sameAs === step.route && e.kind === "action")!;
    const name = `${entry.file} ${entry.name}`;
    const fn = b.fns.find((f) => f.entry === entry)?.fn;
    if (!fn) {
      out.push({ kind: "action", name, subject: "-", row: "-", answer: "not in the build", ok: false, trips: null });
      continue;
    }
    await step.stage?.();
    const fnId = benchId();
    const stringBody = Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, String(v)]));
    const init = await browserCall(fn, entry.args(ids, stringBody), { Origin: APP_URL, cookie: admin.cookie, "x-bench-request": fnId });
    const answer = await readAnswer(await b.app.fetchWorker("/_server", init), entry.returns?.outcome);
    out.push({ kind: "action", name, subject: "site admin", row: step.row, answer: String(answer.outcome), ok: answer.outcome === "ok", trips: await tripsOf(b.app, fnId) });
    await b.guard.changes();
  }
  return out;
}

it("counts the D1 round trips of every write", async () => {
  const app = await createTestApp({ D1_METRICS: "1" }, { worker: BUILT_WORKER });
  try {
    const world = await buildWorld(app);
    const admin = await app.createUser({ name: "Bench Site Admin" });
    await app.db.update(user).set({ role: "admin" }).where(eq(user.id, admin.id));
    const guard = await WorldGuard.start(app, untilWritesStop);
    const b: Built = { app, world, guard, fns: builtServerFunctions().map((fn) => ({ fn, entry: matrixEntryOf(fn) })) };
    const counts = [...(await apiWrites(app, world, guard)), ...(await actionWrites(b)), ...(await adminWrites(b, admin))];
    console.log(CENSUS_MARK + JSON.stringify(counts));
  } finally {
    await app.close();
  }
}, 600_000);

