/**
 * Works around a race in Miniflare's synchronous proxy calls (every D1 `prepare()` and `bind()` from Node is one),
 * seen here as `AssertionError: false == true` at SynchronousFetcher.fetch (miniflare fetch-sync.ts) when the CPU is
 * busy, after which every later D1 call of that Miniflare instance fails the same way.
 *
 * How it happens: the helper thread answers call N with `postMessage`, then `Atomics.store(1)`, then
 * `Atomics.notify`. If it is descheduled between the store and the notify, the main thread (which saw the 1) takes
 * the answer, starts call N+1 (store 0, post, wait), and is then woken by call N's late notify before N+1's answer
 * exists: `receiveMessageOnPort` returns undefined, the assertion throws, and N+1's answer stays queued, so every
 * following call reads the previous call's answer.
 *
 * The fix: when `receiveMessageOnPort` comes back empty inside SynchronousFetcher.fetch, wait for the answer that is
 * on its way instead of reporting "no message". Any other caller gets the original behaviour.
 */
import { createRequire } from "node:module";

const workerThreads = createRequire(import.meta.url)("node:worker_threads") as typeof import("node:worker_threads");
const original = workerThreads.receiveMessageOnPort;
const PATCHED = Symbol.for("corates.miniflareSyncPatch");
const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** How many times the race was absorbed in this test file (read it with `globalThis[Symbol.for(...)]`). */
export const ABSORBED = Symbol.for("corates.miniflareSyncRacesAbsorbed");

if (!(original as unknown as Record<symbol, boolean>)[PATCHED]) {
  const patched = (port: import("node:worker_threads").MessagePort) => {
    const got = original(port);
    if (got !== undefined || !new Error().stack?.includes("SynchronousFetcher")) return got;
    const g = globalThis as unknown as Record<symbol, number>;
    g[ABSORBED] = (g[ABSORBED] ?? 0) + 1;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      Atomics.wait(sleeper, 0, 0, 1); // 1 ms
      const late = original(port);
      if (late !== undefined) return late;
    }
    return undefined;
  };
  (patched as unknown as Record<symbol, boolean>)[PATCHED] = true;
  workerThreads.receiveMessageOnPort = patched;
}
