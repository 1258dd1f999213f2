/**
 * One Durable Object per workspace (idFromName(orgId)) that holds the open pages' WebSockets of that workspace and
 * tells them when something they show may have changed (docs/adr/0014-live-membership.md).
 *
 * The sockets hibernate (ctx.acceptWebSocket): an idle workspace costs no duration, only the messages it sends. Each
 * socket is tagged with its user and session, so one person's (or one session's) sockets can be found and closed.
 *
 * The only message is "changed", which carries nothing: a page re-reads through its own loader, and the loader applies
 * the read rules, so a socket never tells anyone more than a reload would.
 */
import { DurableObject } from "cloudflare:workers";
import { LIVE_CLOSE, LIVE_MESSAGE, type LiveNote } from "../../lib/live-protocol";
import { LIVE_SESSION_HEADER, LIVE_USER_HEADER } from "./headers";


const userTag = (id: string) => `u:${id}`;
const sessionTag = (id: string) => `s:${id}`;

export class LiveRoom extends DurableObject {
  constructor(ctx: DurableObjectState, env: object) {
    super(ctx, env);
    // Pages' keep-alives are answered by the platform without waking the object (no duration billed).
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(LIVE_MESSAGE.ping, LIVE_MESSAGE.pong));
  }

  override async fetch(request: Request): Promise<Response> {
    const userId = request.headers.get(LIVE_USER_HEADER);
    const sessionId = request.headers.get(LIVE_SESSION_HEADER);
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket" || !userId || !sessionId) {
      return new Response("expected a WebSocket upgrade from the Worker", { status: 400 });
    }
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1], [userTag(userId), sessionTag(sessionId)]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /**
   * After a write's batch committed: people removed (or the whole workspace, when it was deleted) lose their sockets
   * with a close code that says why; everyone else's sockets get one "changed" each.
   */
  async publish(note: LiveNote): Promise<{ sent: number; closed: number }> {
    const cut = new Set((note.cut ?? []).map(userTag));
    let sent = 0;
    let closed = 0;
    for (const ws of this.ctx.getWebSockets()) {
      if (note.ended) {
        closed += close(ws, LIVE_CLOSE.workspaceGone, "workspace deleted");
      } else if (this.ctx.getTags(ws).some((t) => cut.has(t))) {
        closed += close(ws, LIVE_CLOSE.removed, "removed");
      } else {
        try {
          ws.send(LIVE_MESSAGE.changed);
          sent++;
        } catch {
          /* a socket closing as we send: its page re-reads when it reconnects */
        }
      }
    }
    return { sent, closed };
  }

  /** A session was revoked (signed out elsewhere, password reset): its sockets end at once. */
  async endSessions(sessionIds: string[]): Promise<number> {
    let closed = 0;
    for (const id of sessionIds) {
      for (const ws of this.ctx.getWebSockets(sessionTag(id))) closed += close(ws, LIVE_CLOSE.signedOut, "signed out");
    }
    return closed;
  }

  /** How many sockets are open, per user (tests and the benchmark look; nothing in the app needs it). */
  async openSockets(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const ws of this.ctx.getWebSockets()) {
      // A socket the object closed stays listed until the page answers the close.
      if (ws.readyState !== WebSocket.OPEN) continue;
      const user = this.ctx.getTags(ws).find((t) => t.startsWith("u:"))?.slice(2);
      if (user) out[user] = (out[user] ?? 0) + 1;
    }
    return out;
  }

  // Pages send nothing but keep-alives, which the auto-response answers; anything else is ignored.
  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    // Completes the closing handshake the page started (1005 "no code" cannot be sent back).
    close(ws, code === 1005 || code === 1006 ? 1000 : code, "");
  }
}

function close(ws: WebSocket, code: number, reason: string): 1 | 0 {
  try {
    ws.close(code, reason);
    return 1;
  } catch {
    return 0; // already closed
  }
}
