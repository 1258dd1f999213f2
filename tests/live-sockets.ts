/**
 * Live-update sockets in the workerd tests: the handshake as the Worker's entry runs it (src/server/live/connect.ts,
 * the app's real API door, then the workspace's real Durable Object through the pool's LIVE binding), and a socket
 * that records what it hears.
 */
import { env } from "cloudflare:workers";
import { livePath } from "~/lib/live-protocol";
import { handleApi } from "~/server/api/handler";
import { connectLive } from "~/server/live/connect";
import type { LiveRoom } from "~/server/live/room";
import { session } from "~/db/schema";
import { APP_URL, TEST_SECRET, type TestApp, type TestUser } from "./harness";

export const LIVE = (env as unknown as { LIVE: DurableObjectNamespace<LiveRoom> }).LIVE;

export interface Listener {
  messages: string[];
  /** The close code, once the server ended the socket. */
  closed: number | null;
  /** Resolves once every message the object sent before now has arrived (a ping answered after them). */
  drained(): Promise<void>;
  close(): void;
}

/** The handshake's answer: a 101 with a socket, or the app's refusal. */
export async function handshake(app: TestApp, as: TestUser | null, orgId: string, origin: string | null = APP_URL): Promise<Response> {
  const headers = new Headers({ upgrade: "websocket" });
  if (as) headers.set("cookie", as.cookie);
  if (origin) headers.set("origin", origin);
  const scope = { waitUntil: (p: Promise<unknown>) => void p.catch(() => {}) };
  const res = await connectLive(new Request(APP_URL + livePath(orgId), { headers }), { LIVE }, (inner) => handleApi(inner, app.bindings, scope));
  if (!res) throw new Error("connectLive did not take a WebSocket handshake");
  return res;
}

export async function listen(app: TestApp, as: TestUser, orgId: string): Promise<Listener> {
  const res = await handshake(app, as, orgId);
  if (res.status !== 101 || !res.webSocket) throw new Error(`handshake refused: ${res.status} ${await res.text()}`);
  const ws = res.webSocket;
  ws.accept();
  const listener: Listener = { messages: [], closed: null, drained, close: () => ws.close(1000) };
  let waiting: (() => void)[] = [];
  ws.addEventListener("message", (e) => {
    if (e.data === "pong") return void waiting.shift()?.();
    listener.messages.push(String(e.data));
  });
  ws.addEventListener("close", (e) => {
    listener.closed = e.code;
    for (const w of waiting.splice(0)) w();
  });
  function drained(): Promise<void> {
    if (listener.closed !== null) return Promise.resolve();
    return new Promise((resolve) => {
      waiting.push(resolve);
      ws.send("ping");
    });
  }
  return listener;
}

/** Another signed-in session of the same person (another browser), written directly as tests/harness.ts does. */
export async function anotherSession(app: TestApp, u: TestUser): Promise<TestUser> {
  const token = crypto.randomUUID().replace(/-/g, "");
  const sessionId = crypto.randomUUID();
  await app.db.insert(session).values({ id: sessionId, token, userId: u.id, expiresAt: new Date(Date.now() + 86_400_000) });
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(TEST_SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(token)));
  return { ...u, sessionId, cookie: `better-auth.session_token=${encodeURIComponent(`${token}.${btoa(String.fromCharCode(...sig))}`)}` };
}
