// The Worker's own workerd socket inside `wrangler dev`, past wrangler's dev-only proxy (ProxyWorker, which production
// does not have). Measured on 2026-11-30 with 50 people: through the proxy, p50 2.5-4.8 s, 6 requests/s and 60 of 295
// writes answered 503 "Your worker restarted mid-request" (the proxy's answer to any failed forward of a non-GET,
// with nothing written); straight to the socket, p50 0.1-0.2 s, 44 requests/s and no 5xx. The socket is found among
// the ports our own child processes listen on, as the one that answers the app's dev mailbox API.
import { execSync } from "node:child_process";

function descendants(root) {
  const children = new Map();
  for (const line of execSync("ps -eo pid=,ppid=").toString().trim().split("\n")) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const out = new Set();
  const walk = (p) => (children.get(p) ?? []).forEach((c) => (out.add(c), walk(c)));
  walk(root);
  return out;
}

/** The base URL of the Worker's own socket (not `publicPort`), or throws. */
export async function directWorkerUrl(publicPort) {
  const mine = descendants(process.pid);
  const ports = [];
  for (const line of execSync("ss -ltnpH").toString().split("\n")) {
    const m = /127\.0\.0\.1:(\d+).*pid=(\d+)/.exec(line);
    if (m && mine.has(Number(m[2])) && Number(m[1]) !== publicPort) ports.push(Number(m[1]));
  }
  for (const port of ports) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/dev/emails?to=nobody@example.com`, { headers: { "MF-Original-URL": `http://localhost:${publicPort}/api/dev/emails?to=nobody@example.com` }, signal: AbortSignal.timeout(3000) });
      if (res.ok && (res.headers.get("content-type") ?? "").includes("json")) return `http://127.0.0.1:${port}`;
    } catch {}
  }
  throw new Error(`no direct Worker socket among ports ${ports.join(", ")}`);
}
