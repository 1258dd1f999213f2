/** Everything the domain layer needs, built once per set of bindings (one per Worker isolate). */
import type { Auth } from "./auth";
import { createAuth } from "./auth";
import { countingD1 } from "./d1-metrics";
import { sessionAwareD1 } from "./d1-session";
import { createDb, type Db } from "./db";
import { readEnv, type AppEnv, type WorkerBindings } from "./env";
import type { LiveRoom } from "./live/room";
import { currentScope, runInScope } from "./request-scope";

export interface AppContext {
  env: AppEnv;
  db: Db;
  auth: Auth;
  /** The avatars' and logos' R2 bucket (absent where the binding is not configured: uploads then fail loudly). */
  images?: R2Bucket;
  /**
   * Runs work after the response (email delivery, clean-ups); failures are logged, never thrown at the person. The
   * work runs in a scope of its own, so its D1 round trips are not counted as the request's (d1-metrics.ts).
   */
  background(work: () => Promise<unknown>): void;
  /** The workspaces' live-update objects (src/server/live/), absent where there is no such binding (`npm run dev`). */
  live?: DurableObjectNamespace<LiveRoom>;
}

const contexts = new WeakMap<object, AppContext>();

export function appContext(bindings: WorkerBindings): AppContext {
  const hit = contexts.get(bindings);
  if (hit) return hit;
  const env = readEnv(bindings);
  const d1 = sessionAwareD1(bindings.DB);
  const db = createDb(bindings.D1_METRICS === "1" ? countingD1(d1) : d1);
  const ctx = {
    env,
    db,
    images: bindings.IMAGES,
    live: bindings.LIVE,
    background(work: () => Promise<unknown>) {
      const scope = currentScope();
      const run = async () => work();
      const guarded = (scope ? runInScope({ ...scope, d1RoundTrips: 0, actor: undefined }, run) : run()).catch((err) => console.error("background task failed", err));
      if (scope) scope.waitUntil(guarded);
    },
  } as AppContext;
  ctx.auth = createAuth(ctx);
  contexts.set(bindings, ctx);
  return ctx;
}
