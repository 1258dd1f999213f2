/**
 * Toasts: short "done" messages, announced politely to screen readers, with an optional action (Undo). One region
 * for the whole app (in src/app.tsx), in the corner and narrow so it never covers a table row's controls for long;
 * toasts stay while hovered or focused, so a keyboard user can reach the action.
 */
import { createSignal, lazy, Show, Suspense } from "solid-js";

export interface ToastInput {
  message: string;
  kind?: "success" | "info" | "error";
  action?: { label: string; onClick: () => void };
}

export interface ToastItem extends ToastInput {
  id: number;
}

export const [toasts, setToasts] = createSignal<ToastItem[]>([]);
let nextId = 1;
export const timers = new Map<number, ReturnType<typeof setTimeout>>();

export function dismiss(id: number) {
  clearTimeout(timers.get(id));
  timers.delete(id);
  setToasts((list) => list.filter((t) => t.id !== id));
}

export function schedule(id: number, ms: number) {
  clearTimeout(timers.get(id));
  timers.set(id, setTimeout(() => dismiss(id), ms));
}

/** Shows a toast (browser only; a call during server rendering does nothing). Returns a function that closes it. */
export function toast(input: ToastInput | string): () => void {
  if (typeof window === "undefined") return () => {};
  const item: ToastItem = { ...(typeof input === "string" ? { message: input } : input), id: nextId++ };
  setToasts((list) => [...list.slice(-2), item]);
  schedule(item.id, item.action ? 10_000 : 6_000);
  return () => dismiss(item.id);
}

// The toasts themselves load with the first one (about half a KB of gzip off every page, issue 15).
const ToastList = lazy(() => import("./ToastList"));

/** The region must be in the page before a message arrives, or screen readers miss it. */
export function Toaster() {
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="toasts"
      class="pointer-events-none fixed inset-x-3 bottom-3 z-50 flex flex-col items-stretch gap-2 sm:inset-x-auto sm:right-4 sm:bottom-4 sm:w-96"
    >
      {/* Its own boundary: the page around it never waits for the list to load. */}
      <Suspense>
        <Show when={toasts().length > 0}>
          <ToastList />
        </Show>
      </Suspense>
    </div>
  );
}
