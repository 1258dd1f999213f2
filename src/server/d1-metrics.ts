/**
 * Counts D1 round trips per request by wrapping the binding: every statement execution (first/all/run/raw), every
 * batch() and exec() is one trip to the database. Used by the benchmark (D1_METRICS=1, scripts/bench.mjs) to report
 * the round trips of every page, read and write; off by default, so production pays nothing.
 */
import { currentScope } from "./request-scope";

/**
 * Every round trip of this isolate so far. A test reads it from two requests that make none around the request it
 * measures, once that request's body has ended, so what runs while a page streams is counted too
 * (tests/built/page-round-trips.test.ts). On globalThis: the build bundles this module once per vinxi router.
 */
const isolate: { trips: number } = ((globalThis as { __d1Trips?: { trips: number } }).__d1Trips ??= { trips: 0 });

export function isolateRoundTrips(): number {
  return isolate.trips;
}

function count() {
  isolate.trips++;
  const scope = currentScope();
  if (scope) scope.d1RoundTrips = (scope.d1RoundTrips ?? 0) + 1;
}

/** Statements given to batch() must be the binding's own objects, not our proxies. */
const unwrap = new WeakMap<object, D1PreparedStatement>();

function wrapStatement(stmt: D1PreparedStatement): D1PreparedStatement {
  const proxy = new Proxy(stmt, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (key === "bind") return (...args: unknown[]) => wrapStatement(value.apply(target, args));
      if (key === "first" || key === "all" || key === "run" || key === "raw") {
        return (...args: unknown[]) => {
          count();
          return value.apply(target, args);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  unwrap.set(proxy, stmt);
  return proxy;
}

export function countingD1(d1: D1Database): D1Database {
  return new Proxy(d1, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (key === "prepare") {
        return (sql: string) => wrapStatement(value.call(target, sql) as D1PreparedStatement);
      }
      if (key === "batch") {
        return (stmts: D1PreparedStatement[]) => {
          count();
          return value.call(target, stmts.map((s) => unwrap.get(s) ?? s));
        };
      }
      if (key === "exec") {
        return (sql: string) => {
          count();
          return value.call(target, sql);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

// ---------------------------------------------------------------- exact counts per request, for the benchmark

/**
 * A page's server functions can still be reading while its body is produced, after the x-d1-round-trips header has
 * gone out. So a caller that sends `x-bench-request: <id>` gets the request's count recorded when the body has been
 * fully produced, and reads it back from GET /api/dev/d1-trips/<id> (see tripsAnswer). Kept in the isolate's memory:
 * the bench runs one local Worker, and nothing here exists unless D1_METRICS=1.
 */
// On globalThis: the build bundles this module once per vinxi router (pages and API, server functions), and a count
// recorded by one must be readable through the other.
const finished: Map<string, number> = ((globalThis as { __benchD1Trips?: Map<string, number> }).__benchD1Trips ??= new Map());
const KEEP = 10_000;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function record(id: string, trips: number) {
  finished.delete(id);
  finished.set(id, trips);
  // A Map iterates in insertion order: drop the oldest so a long bench run cannot grow it without bound.
  if (finished.size > KEEP) finished.delete(finished.keys().next().value!);
}

/** The caller's request id, if it sent a usable one. */
export function benchRequestId(request: Request): string | null {
  const id = request.headers.get("x-bench-request");
  return id && ID.test(id) ? id : null;
}

/**
 * The body to send instead of `body`: the same bytes, with `onEnd` called once the last byte has been produced (a
 * stream), or at once (a body already whole). A Response (a server function's answer) is rebuilt around its stream.
 */
export function whenBodyEnds(body: unknown, onEnd: () => void): unknown {
  if (body instanceof ReadableStream) return body.pipeThrough(new TransformStream({ flush: onEnd }));
  if (body instanceof Response && body.body) {
    return new Response(whenBodyEnds(body.body, onEnd) as ReadableStream, { status: body.status, statusText: body.statusText, headers: body.headers });
  }
  onEnd();
  return body;
}

/**
 * Records the request's D1 count under its bench id when the body ends; returns the body to send. `trips` is read
 * then, not now: a page that touches D1 only while rendering gets its request scope after the headers are set.
 */
export function recordTripsWhenSent(request: Request, trips: () => number, body: unknown): unknown {
  const id = benchRequestId(request);
  if (!id) return body;
  return whenBodyEnds(body, () => record(id, trips()));
}

/**
 * GET /api/dev/d1-trips/<id>: the recorded count, `{ id, d1RoundTrips }`, or 404 when there is none yet. Answered
 * only with D1_METRICS=1 outside production; anything else (and every other path) gets null and goes on to the router.
 */
export function tripsAnswer(url: URL, metrics: boolean, devMailbox: boolean): Response | null {
  const m = /^\/api\/dev\/d1-trips\/([^/]+)$/.exec(url.pathname);
  if (!m || !metrics || !devMailbox) return null;
  const id = decodeURIComponent(m[1]!);
  const trips = finished.get(id);
  const body = trips === undefined ? { error: { code: "NOT_FOUND", message: "No count recorded under that id (yet)." } } : { id, d1RoundTrips: trips };
  return new Response(JSON.stringify(body), { status: trips === undefined ? 404 : 200, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}
