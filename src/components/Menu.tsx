/**
 * A disclosure menu's button and its (hidden) panel. Everything behind the button (the items, the keyboard moves,
 * the filter field) is code of its own (./MenuPanel.tsx and the panels that use it), loaded at the first sign that
 * someone is reaching for a menu: a pointer over the button, focus on it, a touch. A click or key that comes first
 * waits for it, then opens the menu with focus where it always went.
 *
 * The server renders the panel as part of the page, hidden, as it always did (the switcher's forms are
 * plain forms that post without the page's script); the browser keeps that markup as it hydrates and replaces it
 * with live components once their code is here.
 *
 */
import { createSignal, createUniqueId, type JSX, Show } from "solid-js";
import { isServer, NoHydration } from "solid-js/web";
import { ChevronDown } from "./icons";

/** What a panel gets from its menu. */
export interface MenuHandle {
  /** The id of the panel's role="menu" element (the button's aria-controls). */
  id: string;
  buttonLabel: string;
  align?: "left" | "right";
  open: () => boolean;
  close: (restoreFocus?: boolean) => void;
  /** The menu's outer element, holding the button and the panel. */
  root: () => HTMLElement;
}

export function Menu(props: {
  label: string;
  buttonLabel: string;
  align?: "left" | "right";
  testId?: string;
  /** What the button shows; `label` is its accessible name and its tooltip. */
  display: JSX.Element;
  buttonClass?: string;
  /** Loads the panel's code; resolves once `ready()` is true. */
  load: () => Promise<unknown>;
  ready: () => boolean;
  children: (menu: MenuHandle) => JSX.Element;
}) {
  const [open, setOpen] = createSignal(false);
  let root!: HTMLDivElement;
  let button!: HTMLButtonElement;
  const menu: MenuHandle = {
    id: `menu-${createUniqueId()}`,
    // Fixed for each of the header's menus.
    buttonLabel: props.buttonLabel,
    align: props.align,
    open,
    close(restoreFocus = true) {
      setOpen(false);
      if (restoreFocus) button.focus();
    },
    root: () => root,
  };
  // A failed load leaves the menu closed; the next click tries again.
  const show = () => props.load().then(() => setOpen(true), () => {});
  const warm = () => void props.load().catch(() => {});

  // `@once`: what never changes for a menu is set once, with no effect to track it.
  return (
    <div class="min-w-0 sm:relative" ref={root} data-testid={/* @once */ props.testId}>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open()}
        aria-controls={/* @once */ menu.id}
        aria-label={`${props.buttonLabel}: ${props.label}`}
        title={props.label}
        onPointerOver={warm}
        onFocusIn={warm}
        onTouchStart={warm}
        onClick={() => (open() ? menu.close() : show())}
        onKeyDown={(e) => {
          if (!open() && (e.key === "ArrowDown" || e.key === "Enter" || e.key === " ")) (e.preventDefault(), show());
        }}
        class={/* @once */ `flex min-h-11 max-w-full min-w-11 items-center gap-2 rounded-md px-2.5 text-sm font-medium text-ink transition-colors hover:bg-subtle aria-expanded:bg-subtle ${props.buttonClass ?? ""}`}
      >
        {props.display}
        <ChevronDown class="h-4 w-4 shrink-0 text-muted" aria-hidden="true" />
      </button>
      {/* Hydration keeps the server's markup here (NoHydration renders nothing while hydrating) until the code arrives. */}
      {isServer ? <NoHydration>{props.children(menu)}</NoHydration> : <Show when={props.ready()}>{props.children(menu)}</Show>}
    </div>
  );
}
