/**
 * Unhandled promise rejections counted the way Node counts them (a vitest setup file, loaded first).
 *
 * workerd emits `unhandledRejection` the moment a promise rejects with no handler yet, and `rejectionHandled` when
 * one is attached a few microtasks later; Node waits until the microtask queue has drained before it calls anything
 * unhandled. Library code is full of that gap (Better Auth returns an async endpoint's already-rejected promise
 * through another async function, then catches it), so under workerd vitest reported every refused sign-in as an
 * "Unhandled Rejection" although the error became a 4xx answer. Upstream: vitest-dev/vitest#10960.
 *
 * Here a rejection is held until a timer turn has passed (every microtask has run by then) and forgotten if a handler
 * was attached meanwhile; one still unhandled is handed to vitest's own listener, which fails the run as before.
 */
const held = new Map<Promise<unknown>, unknown>();

function onUnhandled(reason: unknown, promise: Promise<unknown>) {
  held.set(promise, reason);
  setTimeout(() => {
    if (!held.has(promise)) return;
    held.delete(promise);
    // Vitest's listener ignores a rejection while another listener exists ("handled by user code"): step aside for it.
    process.off("unhandledRejection", onUnhandled);
    try {
      process.emit("unhandledRejection", reason, promise);
    } finally {
      process.on("unhandledRejection", onUnhandled);
    }
  }, 0);
}

process.on("unhandledRejection", onUnhandled);
process.on("rejectionHandled", (promise: Promise<unknown>) => void held.delete(promise));
