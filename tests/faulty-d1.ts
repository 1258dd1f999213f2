/**
 * A D1 binding that fails on cue, for fault-injection tests (issue 12). It wraps the real local D1: a test arms one
 * fault for the nth batch from now, and that batch fails as D1 does:
 *   - "error":       fails before running, with an error that is not worth retrying (500 INTERNAL);
 *   - "timeout":     fails before running, as when D1's object is reset after a storage timeout (503);
 *   - "lost-answer": RUNS (a batch commits), then fails as when the connection drops before the answer (503).
 * Messages are D1's own wording (Cloudflare's D1 error list), which src/server/errors.ts sorts into 500 and 503.
 */
export type FaultKind = "error" | "timeout" | "lost-answer";

const MESSAGES: Record<FaultKind, string> = {
  error: "D1_ERROR: Internal error while executing the query",
  timeout: "D1_ERROR: D1 DB storage operation exceeded timeout which caused object to be reset.",
  "lost-answer": "D1_ERROR: Network connection lost.",
};

export interface FaultControl {
  /**
   * Fails the `nth` batch (1 = the next) made from now on, as `kind`. Only batches count: a request's reads and its
   * write are one batch each, while the work it hands to waitUntil (email delivery, clean-ups) runs single statements
   * that may interleave with them.
   */
  arm(kind: FaultKind, nth?: number): void;
  /** The batches made since the last arm() (their first statement's SQL), and whether the armed fault fired. */
  readonly batches: readonly string[];
  readonly fired: boolean;
  disarm(): void;
}

export function faultyD1(d1: D1Database): { d1: D1Database; faults: FaultControl } {
  let armed: { kind: FaultKind; nth: number } | null = null;
  let batches: string[] = [];
  let fired = false;

  /** Runs one batch, failing it if it is the armed one. */
  async function call<T>(sql: string, run: () => Promise<T>): Promise<T> {
    batches.push(sql);
    const fault = armed && batches.length === armed.nth ? armed.kind : null;
    if (!fault) return run();
    armed = null;
    fired = true;
    if (fault === "lost-answer") await run();
    throw new Error(MESSAGES[fault]);
  }

  const raw = new WeakMap<object, D1PreparedStatement>();
  const sqlOf = new WeakMap<object, string>();
  const wrapStatement = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (key === "bind") return (...args: unknown[]) => wrapStatement(value.apply(target, args), sql);
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
      if (key === "prepare") return (sql: string) => wrapStatement(value.call(target, sql), sql);
      if (key === "batch") return (stmts: D1PreparedStatement[]) => call(sqlOf.get(stmts[0]!) ?? "?", () => value.call(target, stmts.map((s) => raw.get(s) ?? s)));
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const faults: FaultControl = {
    arm(kind, nth = 1) {
      armed = { kind, nth };
      batches = [];
      fired = false;
    },
    get batches() {
      return batches;
    },
    get fired() {
      return fired;
    },
    disarm() {
      armed = null;
    },
  };
  return { d1: wrapped, faults };
}
