/**
 * Nitro plugin: the Worker's cron trigger (wrangler.jsonc "triggers") retries emails whose delivery failed or was cut
 * short, so the outbox drains even when no one is using the app, and forgets Idempotency-Keys older than a day.
 */
import { appContext } from "./context";
import { deliverDue } from "./email/outbox";
import { pruneKeys } from "./writes/idempotency";
import type { WorkerBindings } from "./env";
import { runInScope } from "./request-scope";

interface NitroLike {
  hooks: { hook(name: string, fn: (payload: { env: WorkerBindings; context: ExecutionContext }) => unknown): void };
}

export default function scheduledDelivery(nitroApp: NitroLike) {
  nitroApp.hooks.hook("cloudflare:scheduled", ({ env, context }) => {
    const scope = { waitUntil: (p: Promise<unknown>) => context.waitUntil(p) };
    const ctx = appContext(env);
    context.waitUntil(runInScope(scope, () => deliverDue(ctx, 100)).catch((err) => console.error("scheduled email delivery failed", err)));
    context.waitUntil(pruneKeys(ctx).catch((err) => console.error("pruning idempotency keys failed", err)));
  });
}
