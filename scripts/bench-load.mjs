// Measuring for scripts/bench.mjs: latency under load (autocannon), interleaved across org sizes so that the order of
// the runs cannot favour one size; exact D1 round trips of one request (x-bench-request, src/server/d1-metrics.ts);
// the gzip size of the scripts and styles a page links.
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";

export function headersOf(base, c) {
  const h = { origin: base };
  if (c.cookie) h.cookie = c.cookie;
  if (c.body) h["content-type"] = "application/json";
  return h;
}

/** One request, its body read to the end, then the exact D1 round trips the Worker recorded for it. */
export async function exactTrips(base, c) {
  const id = `b-${randomUUID()}`;
  const res = await fetch(base + c.path, { method: c.method ?? "GET", headers: { ...headersOf(base, c), "x-bench-request": id }, body: c.body, redirect: "manual" });
  const text = await res.text();
  let trips = null;
  // Recorded when the body ended, which is before the last byte reached us; a few retries cover a slow isolate.
  for (let i = 0; i < 20 && trips === null; i++) {
    const r = await fetch(`${base}/api/dev/d1-trips/${id}`);
    if (r.ok) trips = (await r.json()).d1RoundTrips;
    else await new Promise((ok) => setTimeout(ok, 50));
  }
  return { status: res.status, text, trips };
}

/** Raw latencies (ms) and failures of `duration` seconds of load on one case. */
export function load(base, c, duration, connections) {
  const times = [];
  let failed = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration,
        timeout: 30,
        requests: [{ method: c.method ?? "GET", path: c.path, headers: headersOf(base, c), body: c.body }],
      },
      (err, result) => (err ? reject(err) : resolve({ times, failed: failed + result.errors + result.timeouts, requests: result.requests.total, duration })),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      times.push(ms);
      if (status < 200 || status >= 300) failed++;
    });
  });
}

export function summarize(runs) {
  const times = runs.flatMap((r) => r.times).sort((a, b) => a - b);
  const pct = (p) => (times.length ? Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]) : NaN);
  const seconds = runs.reduce((s, r) => s + r.duration, 0);
  return {
    p50: pct(50),
    p95: pct(95),
    rps: runs.reduce((s, r) => s + r.requests, 0) / seconds,
    failed: runs.reduce((s, r) => s + r.failed, 0),
    samples: times.length,
  };
}

/**
 * The same case at every size, interleaved: a warm-up of each size (not recorded), then `rounds` rounds that visit the
 * sizes forwards and backwards in turn (S M L, L M S, …), so that drift in the machine's speed over the minute falls
 * on every size alike. `settle` runs between runs (lets the Worker finish the previous run's backlog).
 */
export async function interleaved(base, variants, { warmup, duration, rounds, connections, settle }) {
  const runs = new Map(variants.map((v) => [v, []]));
  for (const v of variants) {
    await load(base, v, warmup, connections);
    await settle();
  }
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? variants : [...variants].reverse();
    for (const v of order) {
      runs.get(v).push(await load(base, v, duration, connections));
      await settle();
    }
  }
  return new Map(variants.map((v) => [v, summarize(runs.get(v))]));
}

/** gzip sizes of every /_build/assets/*.js and *.css the page's HTML links (scripts, modulepreloads, stylesheets). */
export async function assetSizes(base, html) {
  const urls = new Set();
  for (const m of html.matchAll(/(?:href|src)="(\/_build\/assets\/[^"]+\.(js|css))"/g)) urls.add(m[1]);
  let js = 0;
  let css = 0;
  for (const u of urls) {
    const size = gzipSync(Buffer.from(await (await fetch(base + u)).arrayBuffer())).length;
    if (u.endsWith(".js")) js += size;
    else css += size;
  }
  return { js, css, files: urls.size };
}

export const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
