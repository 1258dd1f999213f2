/** Bridges SolidStart's request event to our bindings (the Worker's env, or wrangler's platform proxy in dev). */
import { openD1Session } from "./d1-session";
import type { FetchEvent } from "@solidjs/start/server";
import type { WorkerBindings } from "./env";
import type { RequestScope } from "./request-scope";

interface CloudflareContext {
  env: WorkerBindings;
  context?: { waitUntil(p: Promise<unknown>): void };
  ctx?: { waitUntil(p: Promise<unknown>): void };
}

export function eventBindings(event: FetchEvent): { bindings: WorkerBindings; scope: RequestScope } {
  const cf = (event.nativeEvent.context as { cloudflare?: CloudflareContext }).cloudflare;
  if (!cf?.env?.DB) throw new Error("The D1 binding DB is missing: run through wrangler (npm start) or `npm run dev`.");
  const exec = cf.context ?? cf.ctx;
  // One scope per request, shared by every server function the page calls, so per-request counters add up.
  const locals = event.locals as { scope?: RequestScope };
  if (!locals.scope) {
    locals.scope = {
      waitUntil: (p) => (exec ? exec.waitUntil(p) : void p),
      d1RoundTrips: 0,
      clientAddress: event.request.headers.get("cf-connecting-ip") ?? undefined,
    };
    openD1Session(cf.env, event.request.headers, locals.scope);
  }
  return { bindings: cf.env, scope: locals.scope };
}
