/**
 * A disclosure menu that works with the keyboard: Enter/Space/ArrowDown open it, arrows move, Escape closes.
 * Closed menus stay in the DOM (hidden): unmounting on click would detach a form before its submit fires.
 */
import { createSignal, createUniqueId, type JSX, onCleanup, onMount } from "solid-js";

export function Menu(props: { label: string; buttonLabel: string; align?: "left" | "right"; testId?: string; children: JSX.Element }) {
  const [open, setOpen] = createSignal(false);
  let root!: HTMLDivElement;
  let button!: HTMLButtonElement;
  const id = `menu-${createUniqueId()}`;

  const items = () => Array.from(root.querySelectorAll<HTMLElement>('[role="menuitem"]'));
  const focusItem = (i: number) => {
    const all = items();
    all[(i + all.length) % all.length]?.focus();
  };
  const show = (focusIndex = 0) => {
    setOpen(true);
    queueMicrotask(() => focusItem(focusIndex));
  };
  const close = (restoreFocus = true) => {
    setOpen(false);
    if (restoreFocus) button.focus();
  };

  onMount(() => {
    const onDoc = (e: MouseEvent) => {
      if (open() && !root.contains(e.target as Node)) close(false);
    };
    document.addEventListener("click", onDoc);
    onCleanup(() => document.removeEventListener("click", onDoc));
  });

  const onKey = (e: KeyboardEvent) => {
    if (!open()) return;
    const all = items();
    const i = all.indexOf(document.activeElement as HTMLElement);
    if (e.key === "Escape") (e.preventDefault(), close());
    else if (e.key === "ArrowDown") (e.preventDefault(), focusItem(i + 1));
    else if (e.key === "ArrowUp") (e.preventDefault(), focusItem(i - 1));
    else if (e.key === "Home") (e.preventDefault(), focusItem(0));
    else if (e.key === "End") (e.preventDefault(), focusItem(all.length - 1));
    else if (e.key === "Tab") close(false);
  };

  return (
    <div class="relative" ref={root} onKeyDown={onKey} data-testid={props.testId}>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open()}
        aria-controls={id}
        aria-label={`${props.buttonLabel}: ${props.label}`}
        onClick={() => (open() ? close() : show())}
        onKeyDown={(e) => {
          if (!open() && (e.key === "ArrowDown" || e.key === "Enter" || e.key === " ")) (e.preventDefault(), show());
        }}
        class="flex items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        <span class="max-w-48 truncate">{props.label}</span>
        <span aria-hidden="true">▾</span>
      </button>
      <div
        id={id}
        role="menu"
        hidden={!open()}
        aria-label={props.buttonLabel}
        onClick={(e) => (e.target as HTMLElement).closest('[role="menuitem"]') && close(false)}
        class={`absolute z-20 mt-1 min-w-64 rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900 ${props.align === "right" ? "right-0" : "left-0"}`}
      >
        {props.children}
      </div>
    </div>
  );
}
