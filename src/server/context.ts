/** Everything the domain layer needs, built once per set of bindings (one per Worker isolate). */
import type { Auth } from "./auth";
import { createAuth } from "./auth";
import { countingD1 } from "./d1-metrics";
import { createDb, type Db } from "./db";
import { readEnv, type AppEnv, type WorkerBindings } from "./env";
import { currentScope } from "./request-scope";

export interface AppContext {
  env: AppEnv;
  db: Db;
  auth: Auth;
  /** Runs work after the response (email delivery); failures are logged, never thrown at the person. */
  background(promise: Promise<unknown>): void;
}

const contexts = new WeakMap<object, AppContext>();

export function appContext(bindings: WorkerBindings): AppContext {
  const hit = contexts.get(bindings);
  if (hit) return hit;
  const env = readEnv(bindings);
  const db = createDb(bindings.D1_METRICS === "1" ? countingD1(bindings.DB) : bindings.DB);
  const ctx = {
    env,
    db,
    background(promise: Promise<unknown>) {
      const guarded = promise.catch((err) => console.error("background task failed", err));
      const scope = currentScope();
      if (scope) scope.waitUntil(guarded);
    },
  } as AppContext;
  ctx.auth = createAuth(ctx);
  contexts.set(bindings, ctx);
  return ctx;
}
