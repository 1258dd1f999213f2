/**
 * Toasts: short "done" messages, announced politely to screen readers, with an optional action (Undo). One region
 * for the whole app (in src/app.tsx), in the corner and narrow so it never covers a table row's controls for long;
 * toasts stay while hovered or focused, so a keyboard user can reach the action.
 */
import { createSignal, For, Show } from "solid-js";

export interface ToastInput {
  message: string;
  kind?: "success" | "info" | "error";
  action?: { label: string; onClick: () => void };
}

interface ToastItem extends ToastInput {
  id: number;
}

const [toasts, setToasts] = createSignal<ToastItem[]>([]);
let nextId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

function dismiss(id: number) {
  clearTimeout(timers.get(id));
  timers.delete(id);
  setToasts((list) => list.filter((t) => t.id !== id));
}

function schedule(id: number, ms: number) {
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

const styles = {
  success: "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-50",
  info: "border-slate-300 bg-white text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100",
  error: "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50",
};

/** The region must be in the page before a message arrives, or screen readers miss it. */
export function Toaster() {
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="toasts"
      class="pointer-events-none fixed inset-x-3 bottom-3 z-50 flex flex-col items-stretch gap-2 sm:inset-x-auto sm:right-4 sm:bottom-4 sm:w-96"
    >
      <For each={toasts()}>
        {(t) => (
          <div
            data-testid="toast"
            class={`pointer-events-auto flex items-start gap-3 rounded-lg border px-4 py-3 text-sm shadow-lg ${styles[t.kind ?? "success"]}`}
            onMouseEnter={() => clearTimeout(timers.get(t.id))}
            onMouseLeave={() => schedule(t.id, 4_000)}
            onFocusIn={() => clearTimeout(timers.get(t.id))}
            onFocusOut={() => schedule(t.id, 4_000)}
          >
            <p class="min-w-0 flex-1 break-words">{t.message}</p>
            <Show when={t.action}>
              {(a) => (
                <button
                  type="button"
                  class="min-h-11 shrink-0 rounded-md px-2 font-semibold underline underline-offset-2"
                  onClick={() => {
                    dismiss(t.id);
                    a().onClick();
                  }}
                >
                  {a().label}
                </button>
              )}
            </Show>
            <button type="button" aria-label="Dismiss" class="min-h-11 min-w-11 shrink-0 rounded-md text-lg leading-none opacity-70 hover:opacity-100" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        )}
      </For>
    </div>
  );
}
