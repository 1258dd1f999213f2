/**
 * The WebSocket handshake of `GET /api/orgs/:orgId/live`, in front of the app (the Worker's entry, worker-entry.mjs,
 * calls it first). A SolidStart route cannot answer 101 with a socket, so the Worker does it in two steps:
 *
 * 1. the same request, minus its upgrade, goes through the app's own API route (src/server/api/routes/live.ts),
 *    which checks Origin and reads the session and the membership in one D1 batch, as every read does; any refusal
 *    (401, 404, 403) is the handshake's answer as is;
 * 2. on success the upgrade goes to the workspace's object with the user and session the app vouched for.
 *
 * The object is named by the org id the app resolved, never by the URL alone, and it trusts only headers built here.
 */
import { LIVE_SESSION_HEADER, LIVE_USER_HEADER } from "./headers";
import type { LiveRoom } from "./room";

const LIVE_ROUTE = /^\/api\/orgs\/[^/]+\/live\/?$/;
const HANDSHAKE_HEADERS = ["upgrade", "connection", "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol"];

/** Who the app let in (the live route's answer). */
export interface LiveAdmission {
  orgId: string;
  userId: string;
  sessionId: string;
}

export async function connectLive(
  request: Request,
  env: { LIVE?: DurableObjectNamespace<LiveRoom> },
  app: (request: Request) => Promise<Response>,
): Promise<Response | undefined> {
  if (request.method !== "GET" || request.headers.get("upgrade")?.toLowerCase() !== "websocket") return undefined;
  if (!LIVE_ROUTE.test(new URL(request.url).pathname)) return undefined;
  const headers = new Headers(request.headers);
  for (const h of HANDSHAKE_HEADERS) headers.delete(h);
  const answer = await app(new Request(request.url, { method: "GET", headers }));
  if (!answer.ok || !env.LIVE) return answer;
  const who = (await answer.json()) as LiveAdmission;
  const room = env.LIVE.get(env.LIVE.idFromName(who.orgId));
  return room.fetch("https://live.internal/connect", {
    headers: { upgrade: "websocket", [LIVE_USER_HEADER]: who.userId, [LIVE_SESSION_HEADER]: who.sessionId },
  });
}
