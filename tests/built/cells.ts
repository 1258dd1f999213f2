/**
 * What the built-Worker tests share: the matrix world on the Worker's own D1, every built server function with its
 * matrix entry, one way to call it and one way to judge an answer (outcome, no 5xx, no leak, nothing changed when
 * refused).
 */
import { apiMatrix, rpcExpectation, rpcMatrix, subjects, type Cell, type IdKind, type RpcArgs, type RpcEntry, type RpcOutcome, type Subject } from "../authz-matrix";
import { buildWorld, fillBody, parseExpect, resolveIds, splitRoute, untilWritesStop, WorldGuard, type Ids, type World } from "../authz-world";
import { APP_URL, BUILT_WORKER, createTestApp, type TestApp } from "../harness";
import { builtServerFunctions, fileIdPart, requireBuild, type ServerFunction } from "./build-output";
import { browserCall, readAnswer, type Answer } from "./server-fn-client";

export interface Built {
  app: TestApp;
  world: World;
  guard: WorldGuard;
  /** Every function of the build, with its matrix entry where it has one. */
  fns: { fn: ServerFunction; entry: RpcEntry | undefined }[];
}

export function matrixEntryOf(fn: ServerFunction): RpcEntry | undefined {
  return rpcMatrix.find((e) => fileIdPart(e.file) === fn.file && e.name === fn.exportName);
}

/** The built Worker on a fresh D1 holding the matrix world; its settings are the harness's (same session secret). */
export async function bootBuilt(): Promise<Built> {
  requireBuild();
  const app = await createTestApp({}, { worker: BUILT_WORKER });
  const world = await buildWorld(app);
  const guard = await WorldGuard.start(app, untilWritesStop);
  return { app, world, guard, fns: builtServerFunctions().map((fn) => ({ fn, entry: matrixEntryOf(fn) })) };
}

// ---------------------------------------------------------------------- the cells of one function

export interface RpcCell {
  row: string;
  subject: Subject;
  index: number;
  ids: Ids;
  args: RpcArgs;
  expected: RpcOutcome;
}

/** The rows an entry runs: those of the route it mirrors (or some of them), then its own. */
export function rowsOf(entry: RpcEntry): { row: string; cell: Cell; path: string }[] {
  const route = entry.sameAs ? apiMatrix.find((r) => r.route === entry.sameAs) : undefined;
  if (entry.sameAs && !route) throw new Error(`${entry.name}: sameAs ${entry.sameAs} is not in apiMatrix`);
  const path = route ? splitRoute(route.route).path : "";
  const mirrored = Object.entries(route?.rows ?? {}).filter(([row]) => !entry.rows || entry.rows.includes(row));
  return [...mirrored, ...Object.entries(entry.cells ?? {})].map(([row, cell]) => ({ row, cell, path }));
}

export function cellFor(world: World, entry: RpcEntry, row: { row: string; cell: Cell; path: string }, index: number): RpcCell {
  const subject = subjects[index]!;
  const ids = resolveIds(world, row.cell.ids ?? (row.row as IdKind), subject, row.path);
  const body = Object.fromEntries(Object.entries(fillBody(row.cell.body, ids) ?? {}).map(([k, v]) => [k, String(v)]));
  return { row: row.row, subject, index, ids, args: entry.args(ids, body), expected: rpcExpectation(entry, parseExpect(row.cell.expect)[index]!, index) };
}

/** The owner's call on the entry's first row: what the door tests send in every other shape. */
export function ownersCall(world: World, entry: RpcEntry): RpcCell {
  return cellFor(world, entry, rowsOf(entry)[0]!, subjects.indexOf("own"));
}

export function cookieOf(world: World, subject: Subject): Record<string, string> {
  return subject === "anon" ? {} : { cookie: world.users[subject].cookie };
}

export async function callAs(b: Built, fn: ServerFunction, entry: RpcEntry, cell: RpcCell, headers: Record<string, string> = {}): Promise<Answer> {
  const init = await browserCall(fn, cell.args, { Origin: APP_URL, ...cookieOf(b.world, cell.subject), ...headers });
  return readAnswer(await b.app.fetchWorker("/_server", init), entry.returns?.outcome);
}

// ---------------------------------------------------------------------- judging

/** Things no answer may carry: a stack trace, the build machine's paths, runtime or database error text. */
const LEAKS: [string, RegExp][] = [
  ["a stack trace", /\bat (?:async )?\S*\s*\(?(?:file:|\/|[A-Za-z]:\\)\S*:\d+:\d+/],
  ["a stack trace", /"stack"\s*:/],
  ["a build path", new RegExp(process.cwd().replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))],
  ["a build path", /node_modules|\.output\/|nitro\.mjs/],
  ["an internal error", /TypeError|ReferenceError|SyntaxError|RangeError|Unexpected token|is not valid JSON|Cannot read prop|is not a function|Invalid URL|URI malformed/],
  ["an internal error", /SQLITE_|D1_ERROR|no such table|constraint failed/i],
  ["an internal error", /Malformed server function|Server function not found|Seroval|invariant/i],
];

export function leaks(a: { headers: Headers; text: string }): string[] {
  const seen = [...a.headers].map(([k, v]) => `${k}: ${v}`).join("\n") + "\n" + a.text;
  return LEAKS.filter(([, re]) => re.test(seen)).map(([what, re]) => `${what} (${re.exec(seen)![0].slice(0, 80)})`);
}

/** A short description of an answer for failure messages. */
export function describeAnswer(a: Answer): string {
  return `${a.outcome} [${a.status}${a.headers.get("location") ? ` -> ${a.headers.get("location")}` : ""}${a.headers.get("x-error") ? `, X-Error: ${a.headers.get("x-error")!.slice(0, 80)}` : ""}] ${a.text.slice(0, 160)}`;
}

/**
 * The checks of every cell: the expectation (`expect` returns what is wrong, or null), no 5xx, no leak, and no row
 * changed when the call was refused or should have been (`refusal`). Always restores the world.
 */
export async function judge(b: Built, label: string, a: Answer, expect: (a: Answer) => string | null, refusal: boolean): Promise<string[]> {
  const problems: string[] = [];
  const changed = await b.guard.changes();
  if (a.status >= 500) problems.push(`${label}: ${a.status} (server error) ${a.text.slice(0, 200)}`);
  const wrong = expect(a);
  if (wrong) problems.push(`${label}: ${wrong}`);
  for (const l of leaks(a)) problems.push(`${label}: the answer carries ${l}`);
  if ((refusal || a.outcome !== "ok") && changed.length) problems.push(`${label}: ${a.outcome === "ok" ? "should have been refused" : `refused (${a.outcome})`} but changed ${changed.join(", ")}`);
  return problems;
}

/** The expectation of a matrix cell: exactly that outcome; an allow where a refusal was due is named as such. */
export function outcomeIs(expected: RpcOutcome) {
  return (a: Answer) => {
    if (a.outcome === expected) return null;
    const allow = a.outcome === "ok" && expected !== "ok";
    return `${allow ? "UNEXPECTED ALLOW " : ""}expected ${expected}, got ${describeAnswer(a)}`;
  };
}

/** The expectation of a refusal by the door: that status and code in the product's error shape. */
export function productError(status: number, code: string, opts: { fields?: boolean } = {}) {
  return (a: Answer) => {
    if (a.status === status && a.productError?.code === code && typeof a.productError.message === "string" && (!opts.fields || typeof a.productError.details?.fields === "object")) {
      return null;
    }
    return `expected ${status} ${code}${opts.fields ? " with details.fields" : ""} as {"error":{…}}, got ${describeAnswer(a)}`;
  };
}
