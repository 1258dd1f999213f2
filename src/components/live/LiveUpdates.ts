/**
 * One WebSocket per open tab to the workspace's live-update object (src/server/live/room.ts). Its only message,
 * "changed", makes the page re-read its data through its own loaders (revalidate), which apply the read rules again;
 * after a lost connection the same re-read recovers whatever was missed. A socket the server ends on purpose (removed,
 * signed out, workspace deleted) is not reopened: the page says so and offers the way out.
 *
 * Imported by the app shell once the page has hydrated, so none of it weighs on a page's first load; it draws its two
 * small notices with the DOM directly rather than through Solid's renderer, which keeps the shell's chunk lighter too.
 */
import { revalidate } from "@solidjs/router";
import { createEffect, createRoot, onCleanup } from "solid-js";
import { LIVE_CLOSE, LIVE_MESSAGE, livePath } from "~/lib/live-protocol";

/** Reconnection waits double from one second to half a minute, each drawn between half and all of that (jitter). */
const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 30_000;
/** A keep-alive, answered by the platform without waking the object (setWebSocketAutoResponse). */
const PING_EVERY_MS = 45_000;
/** Changes that arrive together (a pasted list of invitations) are read once. */
const COALESCE_MS = 150;

const ENDED_TEXT: Record<number, string> = {
  [LIVE_CLOSE.removed]: "You no longer have access to this workspace.",
  [LIVE_CLOSE.workspaceGone]: "This workspace was deleted.",
  [LIVE_CLOSE.signedOut]: "You were signed out of this session.",
};

/**
 * Follows the workspace on screen until the returned stop is called (the app shell goes away). `npm run dev` runs no
 * Worker, so no Durable Object: there it does nothing and pages stay as they loaded.
 */
export function startLive(org: () => { id: string } | undefined): () => void {
  if (!import.meta.env.PROD) return () => {};
  return createRoot((dispose) => {
    createEffect(() => {
      const id = org()?.id;
      if (id) onCleanup(follow(id));
    });
    return dispose;
  });
}

/** The socket's state on <html data-live>, for tests and for anyone inspecting the page. */
function mark(state?: "open" | "reconnecting" | "ended") {
  if (state) document.documentElement.dataset.live = state;
  else delete document.documentElement.dataset.live;
}

function notice(role: "status" | "alert", text: string, cls: string): HTMLElement {
  const el = document.createElement(role === "status" ? "p" : "div");
  el.setAttribute("role", role);
  el.className = cls;
  el.textContent = text;
  return document.body.appendChild(el);
}

function follow(orgId: string): () => void {
  let socket: WebSocket | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let ping: ReturnType<typeof setInterval> | undefined;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let lost: HTMLElement | undefined;
  let ended: HTMLElement | undefined;
  let failures = 0;

  // One re-read at a time: a change that arrives while one runs (whose answer may predate it) reads once more after.
  let reading = false;
  let again = false;
  const read = async () => {
    if (reading) return void (again = true);
    reading = true;
    try {
      await revalidate();
    } finally {
      reading = false;
      if (again) {
        again = false;
        void read();
      }
    }
  };
  const reread = () => {
    clearTimeout(pending);
    pending = setTimeout(read, COALESCE_MS);
  };

  const open = () => {
    clearTimeout(retry);
    const url = new URL(livePath(orgId), location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const ws = (socket = new WebSocket(url));
    ws.onopen = () => {
      // Anything may have changed while there was no socket: read it now.
      if (lost) reread();
      lost?.remove();
      lost = undefined;
      failures = 0;
      mark("open");
      ping = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(LIVE_MESSAGE.ping), PING_EVERY_MS);
    };
    ws.onmessage = (e) => {
      if (e.data === LIVE_MESSAGE.changed) reread();
    };
    ws.onclose = (e) => {
      clearInterval(ping);
      if (socket !== ws) return;
      const why = ENDED_TEXT[e.code];
      if (why) {
        lost?.remove();
        mark("ended");
        ended = notice("alert", why, "fixed inset-x-3 bottom-3 z-30 mx-auto flex max-w-xl flex-wrap items-center gap-3 rounded-lg border border-line bg-surface p-4 text-sm text-ink shadow-lg");
        ended.dataset.testid = "live-ended";
        const out = ended.appendChild(document.createElement("a"));
        out.href = "/";
        out.className = "rounded-md bg-accent px-3 py-2 font-medium text-white hover:bg-accent-hover";
        out.textContent = "Go to your workspaces";
        return;
      }
      lost ??= notice("status", "Reconnecting…", "fixed bottom-3 left-3 z-30 rounded-full border border-line bg-surface px-3 py-1 text-xs text-muted shadow-sm");
      mark("reconnecting");
      const wait = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** failures++);
      retry = setTimeout(open, wait / 2 + (Math.random() * wait) / 2);
    };
  };

  // Back on the network: try at once rather than after the current wait.
  const online = () => lost && open();
  addEventListener("online", online);
  open();
  return () => {
    removeEventListener("online", online);
    clearTimeout(retry);
    clearTimeout(pending);
    clearInterval(ping);
    const ws = socket;
    socket = undefined;
    ws?.close(1000);
    lost?.remove();
    ended?.remove();
    mark();
  };
}
