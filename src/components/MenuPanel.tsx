/**
 * The inside of a Menu (./Menu.tsx), loaded when someone reaches for one: the role="menu" list and its keyboard use.
 * Enter/Space/ArrowDown on the button open it (Menu.tsx), arrows move, Home/End jump, Escape closes and returns focus
 * to the button, Tab moves on and closes it, a click elsewhere closes it.
 * Closed menus stay in the DOM (hidden): unmounting on click would detach a form before its submit fires.
 *
 * On phones the panel spans the header's width (the button's nearest positioned ancestor is the header row); from
 * `sm` up it hangs from its button.
 *
 * `search` puts a filter field above the items (outside the role="menu" list, so the list keeps only menu items):
 * focus starts there, typing filters, ArrowDown moves into the list. The caller hides items that do not match.
 */
import { createEffect, type JSX, on, onCleanup, onMount, Show } from "solid-js";
import type { MenuHandle } from "./Menu";

export function MenuPanel(props: { menu: MenuHandle; search?: { label: string; onInput: (q: string) => void }; children: JSX.Element }) {
  const menu = props.menu;
  let searchInput: HTMLInputElement | undefined;

  // Only the items a person can see: filtered-out items are hidden.
  const visibleItems = () => Array.from(menu.root().querySelectorAll<HTMLElement>('[role="menuitem"]')).filter((el) => el.getClientRects().length > 0);
  const focusItem = (i: number) => {
    const all = visibleItems();
    all[(i + all.length) % all.length]?.focus();
  };

  // Opening puts focus in the filter or on the first item; closing empties the filter.
  createEffect(
    on(
      menu.open,
      (open) => {
        if (open) queueMicrotask(() => (searchInput ? searchInput.focus() : focusItem(0)));
        else if (searchInput) {
          searchInput.value = "";
          props.search?.onInput("");
        }
      },
      { defer: true },
    ),
  );

  const onKey = (e: KeyboardEvent) => {
    if (!menu.open()) return;
    const all = visibleItems();
    const i = all.indexOf(document.activeElement as HTMLElement);
    const inSearch = e.target === searchInput;
    if (e.key === "Escape") (e.preventDefault(), menu.close());
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
    else if (e.key === "Tab" && !inSearch) menu.close(false);
  };

  onMount(() => {
    // On the menu's outer element, so keys on the open menu's button count too (Escape, ArrowDown).
    const root = menu.root();
    const onDoc = (e: MouseEvent) => {
      if (menu.open() && !root.contains(e.target as Node)) menu.close(false);
    };
    root.addEventListener("keydown", onKey);
    document.addEventListener("click", onDoc);
    onCleanup(() => {
      root.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onDoc);
    });
  });

  return (
    <div
      hidden={!menu.open()}
      class={`absolute inset-x-3 z-30 mt-1 max-h-[min(70dvh,28rem)] overflow-y-auto rounded-lg border border-line bg-raised p-1 shadow-lg ring-1 ring-black/5 sm:inset-x-auto sm:w-80 ${menu.align === "right" ? "sm:right-0" : "sm:left-0"}`}
    >
      <Show when={props.search}>
        {(s) => (
          <div class="p-1">
            <label for={`${menu.id}-search`} class="sr-only">
              {s().label}
            </label>
            <input
              ref={searchInput}
              id={`${menu.id}-search`}
              type="search"
              autocomplete="off"
              placeholder={`${s().label}…`}
              onInput={(e) => s().onInput(e.currentTarget.value)}
              class="min-h-11 w-full rounded-md border border-line-strong bg-surface px-3 text-base text-ink placeholder:text-slate-500 sm:text-sm dark:placeholder:text-slate-400"
            />
          </div>
        )}
      </Show>
      <div id={menu.id} role="menu" aria-label={menu.buttonLabel} onClick={(e) => (e.target as HTMLElement).closest('[role="menuitem"]') && menu.close(false)}>
        {props.children}
      </div>
    </div>
  );
}
