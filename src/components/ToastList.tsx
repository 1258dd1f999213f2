/** The toasts in the region of Toaster.tsx, loaded when the first one is shown. */
import { For, Show } from "solid-js";
import { dismiss, schedule, timers, toasts } from "./Toaster";

const styles = {
  success: "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-50",
  info: "border-slate-300 bg-white text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100",
  error: "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50",
};

export default function ToastList() {
  return (
    <>
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
    </>
  );
}
