// A D1 binding that fails on cue, for fault-injection tests (issue 12). Plain JavaScript, so that the built Worker's
// test entry (tests/built/worker-entry.mjs) loads the same code as the tests inside workerd.
//
// It wraps the real local D1: a test arms one fault for the nth batch from now, and that batch fails as D1 does:
//   - "error":       fails before running, with an error that is not worth retrying (500 INTERNAL);
//   - "timeout":     fails before running, as when D1's object is reset after a storage timeout (503);
//   - "lost-answer": RUNS (the batch commits), then fails as when the connection drops before the answer (503).
// Only batches count: a request's reads and its write are one batch each, while the work it hands to waitUntil
// (email delivery, clean-ups) runs single statements that may interleave with them. Messages are D1's own wording
// (Cloudflare's D1 error list), which src/server/errors.ts sorts into 500 and 503.

/** @typedef {"error" | "timeout" | "lost-answer"} FaultKind */

const MESSAGES = {
  error: "D1_ERROR: Internal error while executing the query",
  timeout: "D1_ERROR: D1 DB storage operation exceeded timeout which caused object to be reset.",
  "lost-answer": "D1_ERROR: Network connection lost.",
};

/**
 * @param {D1Database} d1
 * @returns {{ d1: D1Database, faults: { arm(kind: FaultKind, nth?: number): void, disarm(): void, readonly batches: readonly string[], readonly fired: boolean } }}
 */
export function faultyD1(d1) {
  /** @type {{ kind: FaultKind, nth: number } | null} */
  let armed = null;
  /** @type {string[]} */
  let batches = [];
  let fired = false;

  /** Runs one batch (its first statement's SQL named), failing it if it is the armed one. */
  async function call(sql, run) {
    batches.push(sql);
    const fault = armed && batches.length === armed.nth ? armed.kind : null;
    if (!fault) return run();
    armed = null;
    fired = true;
    if (fault === "lost-answer") await run();
    throw new Error(MESSAGES[fault]);
  }

  const raw = new WeakMap();
  const sqlOf = new WeakMap();
  const wrapStatement = (stmt, sql) => {
    const proxy = new Proxy(stmt, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (key === "bind") return (...args) => wrapStatement(value.apply(target, args), sql);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    raw.set(proxy, stmt);
    sqlOf.set(proxy, sql);
    return proxy;
  };
  const wrapped = new Proxy(d1, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (key === "prepare") return (sql) => wrapStatement(value.call(target, sql), sql);
      if (key === "batch") return (stmts) => call(sqlOf.get(stmts[0]) ?? "?", () => value.call(target, stmts.map((s) => raw.get(s) ?? s)));
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const faults = {
    arm(kind, nth = 1) {
      armed = { kind, nth };
      batches = [];
      fired = false;
    },
    disarm() {
      armed = null;
    },
    get batches() {
      return batches;
    },
    get fired() {
      return fired;
    },
  };
  return { d1: wrapped, faults };
}
