/**
 * The Worker around the SolidStart build: the build as is, except a live-update handshake (./connect.ts), which goes
 * through the app's own door first and then to the workspace's Durable Object. worker-entry.mjs (wrangler's `main`)
 * and the entries scripts/live-entry.mjs writes beside a build snapshot (e2e, bench) are this and nothing else.
 */
import { connectLive } from "./connect";
import type { LiveRoom } from "./room";

interface BuiltWorker {
  fetch(request: Request, env: object, ctx: ExecutionContext): Promise<Response>;
  scheduled?(controller: ScheduledController, env: object, ctx: ExecutionContext): Promise<void>;
}

export function withLive(app: BuiltWorker): ExportedHandler<{ LIVE?: DurableObjectNamespace<LiveRoom> }> {
  return {
    async fetch(request, env, ctx) {
      return (await connectLive(request, env, (inner) => app.fetch(inner, env, ctx))) ?? app.fetch(request, env, ctx);
    },
    scheduled: app.scheduled && ((controller, env, ctx) => app.scheduled!(controller, env, ctx)),
  };
}
