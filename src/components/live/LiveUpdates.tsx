/**
 * One WebSocket per open tab to the workspace's live-update object (src/server/live/room.ts). Its only message,
 * "changed", makes the page re-read its data through its own loaders (revalidate), which apply the read rules again;
 * after a lost connection the same re-read recovers whatever was missed. A socket the server ends on purpose (removed,
 * signed out, workspace deleted) is not reopened: the page says so and offers the way out.
 */
import { revalidate } from "@solidjs/router";
import { createSignal, onCleanup, Show } from "solid-js";
import { render } from "solid-js/web";
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

/** Runs until the calling owner (the app shell) is disposed; a new workspace on screen gets a socket of its own. */
export function startLive(orgId: () => string | undefined): void {
  const host = document.body.appendChild(document.createElement("div"));
  const dispose = render(() => <Show when={orgId()} keyed>{(id) => <LiveUpdates orgId={id} />}</Show>, host);
  onCleanup(() => {
    dispose();
    host.remove();
  });
}

function LiveUpdates(props: { orgId: string }) {
  const [lost, setLost] = createSignal(false);
  const [ended, setEnded] = createSignal<string | null>(null);
  let socket: WebSocket | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let ping: ReturnType<typeof setInterval> | undefined;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;

  // The socket's state on <html data-live>, for tests and for anyone inspecting the page.
  const mark = (state: "open" | "reconnecting" | "ended" | undefined) => {
    if (state) document.documentElement.dataset.live = state;
    else delete document.documentElement.dataset.live;
  };

  const reread = () => {
    clearTimeout(pending);
    pending = setTimeout(() => void revalidate(), COALESCE_MS);
  };

  const open = () => {
    clearTimeout(retry);
    const url = new URL(livePath(props.orgId), location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const ws = (socket = new WebSocket(url));
    ws.onopen = () => {
      // Anything may have changed while there was no socket: read it now.
      if (lost()) reread();
      failures = 0;
      setLost(false);
      mark("open");
      ping = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(LIVE_MESSAGE.ping), PING_EVERY_MS);
    };
    ws.onmessage = (e) => {
      if (e.data === LIVE_MESSAGE.changed) reread();
    };
    ws.onclose = (e) => {
      clearInterval(ping);
      if (stopped || socket !== ws) return;
      const why = ENDED_TEXT[e.code];
      if (why) {
        mark("ended");
        return void setEnded(why);
      }
      setLost(true);
      mark("reconnecting");
      const wait = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** failures++);
      retry = setTimeout(open, wait / 2 + (Math.random() * wait) / 2);
    };
  };

  // Back on the network: try at once rather than after the current wait.
  const online = () => lost() && open();
  window.addEventListener("online", online);
  open();
  onCleanup(() => {
    stopped = true;
    window.removeEventListener("online", online);
    clearTimeout(retry);
    clearTimeout(pending);
    clearInterval(ping);
    socket?.close(1000);
    mark(undefined);
  });

  return (
    <>
      <Show when={lost() && !ended()}>
        <p role="status" class="fixed bottom-3 left-3 z-30 rounded-full border border-line bg-surface px-3 py-1 text-xs text-muted shadow-sm">
          Reconnecting…
        </p>
      </Show>
      <Show when={ended()}>
        {(why) => (
          <div role="alert" data-testid="live-ended" class="fixed inset-x-3 bottom-3 z-30 mx-auto flex max-w-xl flex-wrap items-center gap-3 rounded-lg border border-line bg-surface p-4 text-sm text-ink shadow-lg">
            <span class="min-w-0 flex-1">{why()}</span>
            <a href="/" class="rounded-md bg-accent px-3 py-2 font-medium text-white hover:bg-accent-hover">
              Go to your workspaces
            </a>
          </div>
        )}
      </Show>
    </>
  );
}
