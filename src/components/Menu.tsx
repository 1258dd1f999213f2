/**
 * A disclosure menu that works with the keyboard: Enter/Space/ArrowDown open it, arrows move, Escape closes.
 * Closed menus stay in the DOM (hidden): unmounting on click would detach a form before its submit fires, and the
 * switcher's forms must post without the page's script too.
 *
 * `search` puts a filter field above the items (outside the role="menu" list, so the list keeps only menu items):
 * focus starts there, typing filters, ArrowDown moves into the list. The caller hides items that do not match.
 *
 * On phones the panel spans the header's width (the button's nearest positioned ancestor is the header row); from
 * `sm` up it hangs from its button.
 */
import { createSignal, createUniqueId, type JSX, onCleanup, onMount, Show } from "solid-js";
import { ChevronDown } from "./icons";

export function Menu(props: {
  label: string;
  buttonLabel: string;
  align?: "left" | "right";
  testId?: string;
  /** What the button shows; `label` stays its accessible name and its tooltip. */
  display?: JSX.Element;
  buttonClass?: string;
  search?: { label: string; onInput: (q: string) => void };
  children: JSX.Element;
}) {
  const [open, setOpen] = createSignal(false);
  let root!: HTMLDivElement;
  let button!: HTMLButtonElement;
  let searchInput: HTMLInputElement | undefined;
  const id = `menu-${createUniqueId()}`;

  // Only the items a person can see: filtered-out items are hidden.
  const visibleItems = () => Array.from(root.querySelectorAll<HTMLElement>('[role="menuitem"]')).filter((el) => el.getClientRects().length > 0);
  const focusItem = (i: number) => {
    const all = visibleItems();
    all[(i + all.length) % all.length]?.focus();
  };
  const show = (focusIndex = 0) => {
    setOpen(true);
    queueMicrotask(() => (searchInput ? searchInput.focus() : focusItem(focusIndex)));
  };
  const close = (restoreFocus = true) => {
    setOpen(false);
    if (searchInput) {
      searchInput.value = "";
      props.search?.onInput("");
    }
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
    const all = visibleItems();
    const i = all.indexOf(document.activeElement as HTMLElement);
    const inSearch = e.target === searchInput;
    if (e.key === "Escape") (e.preventDefault(), close());
    else if (e.key === "ArrowDown") (e.preventDefault(), focusItem(inSearch ? 0 : i + 1));
    else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (searchInput && i === 0) searchInput.focus();
      else focusItem(i - 1);
    } else if (inSearch && e.key === "Enter") {
      // Enter in the filter picks the first match.
      e.preventDefault();
      all[0]?.click();
    } else if (!inSearch && e.key === "Home") (e.preventDefault(), focusItem(0));
    else if (!inSearch && e.key === "End") (e.preventDefault(), focusItem(all.length - 1));
    else if (e.key === "Tab" && !inSearch) close(false);
  };

  return (
    <div class="min-w-0 sm:relative" ref={root} onKeyDown={onKey} data-testid={props.testId}>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open()}
        aria-controls={id}
        aria-label={`${props.buttonLabel}: ${props.label}`}
        title={props.label}
        onClick={() => (open() ? close() : show())}
        onKeyDown={(e) => {
          if (!open() && (e.key === "ArrowDown" || e.key === "Enter" || e.key === " ")) (e.preventDefault(), show());
        }}
        class={`flex min-h-11 max-w-full min-w-11 items-center gap-2 rounded-md px-2.5 text-sm font-medium text-ink transition-colors hover:bg-subtle aria-expanded:bg-subtle ${props.buttonClass ?? ""}`}
      >
        {props.display ?? <span class="min-w-0 truncate">{props.label}</span>}
        <ChevronDown class="h-4 w-4 shrink-0 text-muted" aria-hidden="true" />
      </button>
      <div
        hidden={!open()}
        class={`absolute inset-x-3 z-30 mt-1 max-h-[min(70dvh,28rem)] overflow-y-auto rounded-lg border border-line bg-raised p-1 shadow-lg ring-1 ring-black/5 sm:inset-x-auto sm:w-80 ${props.align === "right" ? "sm:right-0" : "sm:left-0"}`}
      >
        <Show when={props.search}>
          {(s) => (
            <div class="p-1">
              <label for={`${id}-search`} class="sr-only">
                {s().label}
              </label>
              <input
                ref={searchInput}
                id={`${id}-search`}
                type="search"
                autocomplete="off"
                placeholder={`${s().label}…`}
                onInput={(e) => s().onInput(e.currentTarget.value)}
                class="min-h-11 w-full rounded-md border border-line-strong bg-surface px-3 text-base text-ink placeholder:text-slate-500 sm:text-sm dark:placeholder:text-slate-400"
              />
            </div>
          )}
        </Show>
        <div id={id} role="menu" aria-label={props.buttonLabel} onClick={(e) => (e.target as HTMLElement).closest('[role="menuitem"]') && close(false)}>
          {props.children}
        </div>
      </div>
    </div>
  );
}
