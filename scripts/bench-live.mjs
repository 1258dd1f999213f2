// Live membership's costs for `npm run bench` (issue 13), on the running benchmark server: how many messages each
// open tab gets per change (the goal is exactly one), how long from a write's request to its message, and the D1 round
// trips a reconnect costs (the handshake's authorisation, then the page's one re-read). Needs a WebSocket client:
// Node 20 has one behind --experimental-websocket (package.json's bench script passes it).
import { randomUUID } from "node:crypto";
import { api } from "./bench-server.mjs";

const TABS = 20;
const CHANGES = 10;

export async function measureLive(base, org, pagePath) {
  if (typeof WebSocket === "undefined") throw new Error("no WebSocket in this Node: run with --experimental-websocket");
  const origin = new URL(base).origin;
  const url = `${base.replace(/^http/, "ws")}/api/orgs/${org.orgId}/live`;
  const open = (headers = {}) =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { cookie: org.cookie, origin, ...headers } });
      const tab = { ws, messages: [], at: [], pongs: [] };
      ws.onmessage = (e) => (e.data === "pong" ? tab.pongs.shift()?.() : (tab.messages.push(e.data), tab.at.push(performance.now())));
      ws.onopen = () => resolve(tab);
      ws.onerror = () => reject(new Error(`the live socket did not open on ${url}`));
    });
  // Every message sent before the ping has arrived once its pong has.
  const drained = (tab) => new Promise((resolve) => (tab.pongs.push(resolve), tab.ws.send("ping")));

  // The handshake's D1 round trips: the app's door counts them under the request's bench id (src/server/d1-metrics.ts).
  const id = `b-${randomUUID()}`;
  const first = await open({ "x-bench-request": id });
  const handshakeTrips = await tripsOf(base, id);
  const pageId = `b-${randomUUID()}`;
  await fetch(base + pagePath, { headers: { cookie: org.cookie, "x-bench-request": pageId } }).then((r) => r.arrayBuffer());
  const rereadTrips = await tripsOf(base, pageId);

  const tabs = [first, ...(await Promise.all(Array.from({ length: TABS - 1 }, () => open())))];
  const call = api(base);
  const delays = [];
  for (let i = 0; i < CHANGES; i++) {
    const before = tabs.map((t) => t.messages.length);
    // From the write's request: the message may reach a tab before the write's answer reaches its caller.
    const sent = performance.now();
    const res = await call("PATCH", `/api/orgs/${org.orgId}`, { cookie: org.cookie, body: { name: `Live bench ${i}` } });
    if (res.status !== 200) throw new Error(`rename answered ${res.status}: ${res.text}`);
    await Promise.all(tabs.map(drained));
    for (const [n, t] of tabs.entries()) if (t.messages.length > before[n]) delays.push(t.at[before[n]] - sent);
  }
  const received = tabs.reduce((sum, t) => sum + t.messages.length, 0);
  for (const t of tabs) t.ws.close(1000);
  delays.sort((a, b) => a - b);
  return {
    tabs: TABS,
    changes: CHANGES,
    perChangePerTab: received / (TABS * CHANGES),
    p50: Math.round(delays[Math.floor(delays.length / 2)] ?? NaN),
    p95: Math.round(delays[Math.floor(delays.length * 0.95)] ?? NaN),
    handshakeTrips,
    rereadTrips,
  };
}

async function tripsOf(base, id) {
  for (let i = 0; i < 20; i++) {
    const r = await fetch(`${base}/api/dev/d1-trips/${id}`);
    if (r.ok) return (await r.json()).d1RoundTrips;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  return null;
}

export function liveMarkdown(r) {
  return [
    "### Live membership (issue 13)",
    "",
    `${r.tabs} open sockets of one workspace (the 100-project org), ${r.changes} renames through the API.`,
    "",
    "| Measure | Value |",
    "|---|---|",
    `| messages per change per open tab | ${r.perChangePerTab.toFixed(2)} |`,
    `| write sent → message at the tab, p50 / p95 (local workerd) | ${r.p50} ms / ${r.p95} ms |`,
    `| D1 round trips of a reconnect: the handshake's authorisation | ${r.handshakeTrips} |`,
    `| … plus the page's re-read (the project list, measured as its load) | ${r.rereadTrips} |`,
    "",
  ].join("\n");
}
