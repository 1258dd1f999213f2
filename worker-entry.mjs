// The Worker's entry (wrangler.jsonc `main`): the SolidStart build as is, plus the one thing a SolidStart route cannot
// do, answering a WebSocket handshake (src/server/live/connect.ts), and the workspaces' live-update Durable Object.
import app from "./.output/server/index.mjs";
import { connectLive } from "./src/server/live/connect.ts";

export { LiveRoom } from "./src/server/live/room.ts";

export default {
  async fetch(request, env, ctx) {
    return (await connectLive(request, env, (inner) => app.fetch(inner, env, ctx))) ?? app.fetch(request, env, ctx);
  },
  scheduled: app.scheduled?.bind(app),
};
