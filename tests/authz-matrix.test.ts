/**
 * Runs every API cell of tests/authz-matrix.ts against a real local D1 (Miniflare), through the real API handler. A cell
 * fails on a different status or error code (an unexpected allow is named as such), on any 5xx, and when a refused
 * call changed any row of any table. After a call that changed rows (an allowed write) the changed tables are put
 * back to the world's rows, so no cell depends on what an earlier one did.
 *
 * The server-function half runs against the built Worker's real /_server door: tests/built/server-functions.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes } from "~/server/api/routes/index";
import { apiMatrix, idKinds, outcomeMeaning, outcomes, subjects, type Cell, type IdKind, type Outcome, type RouteEntry } from "./authz-matrix";
import { buildWorld, fillBody, fillPath, paramNames, parseExpect, resolveIds, splitRoute, WorldGuard, type World } from "./authz-world";
import { createTestApp, type TestApp } from "./harness";
import { PNG_3X2 } from "./image-fixtures";

// ====================================================================== the run

let app: TestApp;
let world: World;
let guard: WorldGuard;
let apiCells = 0;

/**
 * Checks one answer against its expectation and the rows before/after (a refused call must change nothing). Returns
 * the problems found (empty: the cell passed).
 */
async function judge(label: string, expected: Outcome, result: { status: number; code?: string; raw?: unknown }): Promise<string[]> {
  const problems: string[] = [];
  const want = outcomeMeaning[expected];
  const changed = await guard.changes();
  if (result.status >= 500) problems.push(`${label}: ${result.status} (server error) ${JSON.stringify(result.raw)?.slice(0, 300)}`);
  else if (result.status !== want.status || (want.code && result.code !== want.code)) {
    const allow = result.status < 400 && want.status >= 400;
    problems.push(`${label}: ${allow ? "UNEXPECTED ALLOW " : ""}expected ${expected}, got ${result.status} ${result.code ?? ""}`.trim());
  }
  if (result.status >= 400 && changed.length) problems.push(`${label}: refused with ${result.status} but changed ${changed.join(", ")}`);
  return problems;
}

async function runApiCell(entry: RouteEntry, rowName: string, cell: Cell, i: number): Promise<string[]> {
  const subject = subjects[i]!;
  const expected = parseExpect(cell.expect)[i]!;
  const { method, path } = splitRoute(entry.route);
  const ids = resolveIds(world, cell.ids ?? (rowName as IdKind), subject, path);
  const res = await app.request(method, fillPath(path, ids), {
    as: subject === "anon" ? null : world.users[subject].cookie,
    body: fillBody(cell.body, ids),
    rawBody: cell.upload ? PNG_3X2 : undefined,
    headers: cell.headers,
  });
  apiCells++;
  const problems = await judge(`${entry.route} [${rowName}] as ${subject}`, expected, { status: res.status, code: res.body?.error?.code, raw: res.body });
  if (res.status >= 400 && res.status < 500) {
    const e = res.body?.error;
    if (!e || typeof e.code !== "string" || typeof e.message !== "string") problems.push(`${entry.route} [${rowName}] as ${subject}: error body has the wrong shape ${JSON.stringify(res.body)}`);
  }
  return problems;
}

// ====================================================================== tests

beforeAll(async () => {
  app = await createTestApp();
  world = await buildWorld(app);
  guard = await WorldGuard.start(app);
});

afterAll(async () => {
  console.log(`authz matrix (API half): ${apiCells} API route cells; world restored after ${guard?.restores} allowed writes`);
  await app?.close();
});

describe("the matrix itself", () => {
  it("lists every registered API route, and only registered ones", () => {
    const registered = routes.map((r) => `${r.method} ${r.path}`).sort();
    const listed = apiMatrix.map((e) => e.route).sort();
    expect(registered.filter((r) => !listed.includes(r)), "routes missing from tests/authz-matrix.ts").toEqual([]);
    expect(listed.filter((r) => !registered.includes(r)), "matrix routes that are not registered").toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    // Public routes are exactly those whose matrix lets a signed-out caller in.
    for (const r of routes) {
      const entry = apiMatrix.find((e) => e.route === `${r.method} ${r.path}`)!;
      const anonAllowed = Object.values(entry.rows).some((c) => parseExpect(c.expect)[0] !== "401");
      expect(anonAllowed, `${entry.route}: public flag vs matrix`).toBe(!!r.public);
    }
  });

  it("has nine known outcomes per row, and the rows each route's ids call for", () => {
    for (const entry of apiMatrix) {
      const params = paramNames(splitRoute(entry.route).path);
      const rows = Object.keys(entry.rows);
      for (const [name, cell] of Object.entries(entry.rows)) {
        const o = parseExpect(cell.expect);
        expect(o.length, `${entry.route} [${name}]`).toBe(subjects.length);
        for (const x of o) expect(outcomes, `${entry.route} [${name}]: ${x}`).toContain(x);
        expect(idKinds, `${entry.route} [${name}]`).toContain(cell.ids ?? name);
      }
      const needed: string[] = [];
      if (params.length === 0) needed.push("none");
      else if (params.includes("token")) needed.push("own", "ownProject", "foreign", "missing");
      else {
        needed.push("own", "foreign", "missing");
        if (params.length >= 2) needed.push("mixed");
        if (params.length >= 3) needed.push("crossChild");
        if (params.includes("userId")) needed.push("self", "owner");
      }
      expect(needed.filter((n) => !rows.includes(n)), `${entry.route}: rows missing`).toEqual([]);
    }
  });
});

describe("API routes: every subject against own, foreign and missing ids", () => {
  for (const entry of apiMatrix) {
    it(entry.route, async () => {
      const problems: string[] = [];
      for (const [rowName, cell] of Object.entries(entry.rows)) {
        for (let i = 0; i < subjects.length; i++) problems.push(...(await runApiCell(entry, rowName, cell, i)));
      }
      expect(problems).toEqual([]);
    });
  }
});
