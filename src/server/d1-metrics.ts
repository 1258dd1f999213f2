/**
 * Counts D1 round trips per request by wrapping the binding: every statement execution (first/all/run/raw), every
 * batch() and exec() is one trip to the database. Used by the benchmark (D1_METRICS=1) to check the budget of at most
 * two round trips per authenticated read; off by default, so production pays nothing.
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
