// The Worker's entry (wrangler.jsonc `main`): the SolidStart build, plus the live-update handshake and the
// workspaces' Durable Object (src/server/live/). scripts/live-entry.mjs writes the same beside build snapshots.
import app from "./.output/server/index.mjs";
import { withLive } from "./src/server/live/worker.ts";

export { LiveRoom } from "./src/server/live/room.ts";
export default withLive(app);
