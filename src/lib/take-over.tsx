/**
 * The body of a page, rendered in full by the server, which the browser takes over at the first sign of use (issue
 * 15, ADR 0017). A signed-in page's first load is then Solid, the router, the header and the page's data: its lists,
 * forms and dialogs arrive when someone moves towards them (pointer over, focus, touch, a key), not with the page.
 *
 * While hydrating, the browser keeps the server's markup as it is (Solid leaves nodes in place when a component
 * renders nothing there). At the first sign of use it downloads the body, renders it with the same props in place of
 * that markup, and carries over what the person already did:
 *   - what they typed or chose in a field (then announced to the body with input and change events), which field had
 *     focus and where the caret was;
 *   - a press of a button or a form sent while the download was under way, which is pressed or sent again in the body.
 * Links need nothing: the router handles every link on the page, server-rendered or not.
 * New data before any use (a live update, a search or page of the same route) takes over at once, so nothing stale
 * stays on screen. A page reached by navigation in the browser renders the body as a plain lazy() component.
 */
import { createComponent, createEffect, createSignal, lazy, on, onCleanup, onMount, sharedConfig, Suspense, type Component, type JSX } from "solid-js";
import { isServer } from "solid-js/web";
import { LOAD_FAILED, toast } from "~/components/Toaster";

type Props = Record<string, unknown>;
type Module<P extends Props> = { default: Component<P> };

/** The signs of use that start the download. */
const INTENT = ["pointerover", "pointerdown", "focusin", "touchstart", "keydown", "input", "change"] as const;

/**
 * What is matched by position between the server's markup and the body's: same props, same tree. Controls the server
 * renders only for a browser without script (a role's Save button, marked `data-no-script`) are hidden as the page
 * hydrates and left out.
 */
const CONTROLS = ":is(input,select,textarea,button,details):not([data-no-script])";

/** A field's state the person changed, by its position among the controls. */
type Changed = { at: number; value?: string; checked?: boolean; open?: boolean };

function changedFields(root: Element): Changed[] {
  const out: Changed[] = [];
  root.querySelectorAll(CONTROLS).forEach((el, at) => {
    if (el instanceof HTMLDetailsElement) {
      if (el.open !== el.hasAttribute("open")) out.push({ at, open: el.open });
    } else if (el instanceof HTMLInputElement) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked !== el.defaultChecked) out.push({ at, checked: el.checked });
      } else if (el.type !== "file" && el.type !== "hidden" && el.value !== el.defaultValue) out.push({ at, value: el.value });
    } else if (el instanceof HTMLTextAreaElement) {
      if (el.value !== el.defaultValue) out.push({ at, value: el.value });
    } else if (el instanceof HTMLSelectElement) {
      if ([...el.options].some((o) => o.selected !== o.defaultSelected)) out.push({ at, value: el.value });
    }
  });
  return out;
}

function applyChanges(root: Element, changes: Changed[]) {
  const controls = root.querySelectorAll(CONTROLS);
  for (const c of changes) {
    const el = controls[c.at];
    if (el instanceof HTMLDetailsElement) el.open = !!c.open;
    else if (el instanceof HTMLInputElement && c.checked !== undefined) el.checked = c.checked;
    else if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) el.value = c.value ?? "";
    else continue;
    // The body's handlers learn of the change as if it had been made there.
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }
}

/** `load` imports the body; the server renders it at once, the browser as described above. */
export function takeOverOnUse<P extends Props>(load: () => Promise<Module<P>>): Component<P> {
  const Body = lazy(load);
  if (isServer) return (props) => <div style={{ display: "contents" }}>{createComponent(Body, props)}</div>;
  return (props) => {
    // Navigated to in the browser: nothing to take over.
    if (!sharedConfig.context) return createComponent(Body, props);
    // A plain call, not a component: the box must be this component's element, as on the server, for hydration to
    // find it.
    return takeOver(load, props);
  };
}

function takeOver<P extends Props>(load: () => Promise<Module<P>>, props: P) {
  const [Taken, setTaken] = createSignal<Component<P>>();
  let box!: HTMLDivElement;
  let loading: Promise<unknown> | undefined;
  /** A press or a send that came before the body: done again once it is there. */
  let pending: (() => void) | undefined;
  let server: Node[] = [];
  let after: { changes: Changed[]; focus: number; caret: [number | null, number | null] | null } | undefined;
  const listening = new AbortController();
  onCleanup(() => listening.abort());

  const start = () => {
    loading ??= load().then(
      (m) => take(m.default),
      () => {
        loading = undefined;
        if (pending) toast({ kind: "error", message: LOAD_FAILED });
        pending = undefined;
      },
    );
  };

  function take(body: Component<P>) {
    if (Taken()) return;
    listening.abort();
    const controls = [...box.querySelectorAll(CONTROLS)];
    const focused = document.activeElement;
    const at = focused ? controls.indexOf(focused) : -1;
    const caret = focused instanceof HTMLInputElement || focused instanceof HTMLTextAreaElement ? ([safe(() => focused.selectionStart), safe(() => focused.selectionEnd)] as [number | null, number | null]) : null;
    after = { changes: changedFields(box), focus: at, caret };
    server = [...box.childNodes];
    setTaken(() => body);
  }

  /** Runs once the body is on screen (after any part of it that suspends). */
  function Arrived() {
    onMount(() => {
      const state = after;
      after = undefined;
      if (!state) return;
      applyChanges(box, state.changes);
      const el = box.querySelectorAll(CONTROLS)[state.focus];
      if (el instanceof HTMLElement) {
        el.focus({ preventScroll: true });
        if (state.caret && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) safe(() => el.setSelectionRange(state.caret![0], state.caret![1]));
      }
      const again = pending;
      pending = undefined;
      again?.();
    });
    return null;
  }

  onMount(() => {
    const signal = listening.signal;
    for (const type of INTENT) box.addEventListener(type, start, { passive: true, signal });
    // Buttons the server disables until the page's script runs (src/lib/on-use.ts) can be pressed now: the press is
    // kept and made again in the body.
    box.querySelectorAll<HTMLButtonElement>("button[data-until-script]").forEach((b) => (b.disabled = false));
    box.querySelectorAll<HTMLElement>("[data-no-script]").forEach((el) => (el.hidden = true));
    box.addEventListener(
      "click",
      (e) => {
        const button = (e.target as Element).closest("button");
        if (!button || !box.contains(button)) return;
        e.preventDefault();
        e.stopPropagation();
        const at = [...box.querySelectorAll(CONTROLS)].indexOf(button);
        pending = () => (box.querySelectorAll(CONTROLS)[at] as HTMLElement | undefined)?.click();
        start();
      },
      { capture: true, signal },
    );
    box.addEventListener(
      "submit",
      (e) => {
        const form = e.target as HTMLFormElement;
        e.preventDefault();
        e.stopPropagation();
        const at = [...box.querySelectorAll("form")].indexOf(form);
        pending = () => box.querySelectorAll("form")[at]?.requestSubmit();
        start();
      },
      { capture: true, signal },
    );
  });

  // New data before any use: the server's markup would be stale.
  createEffect(
    on(
      () => {
        for (const key in props) void props[key];
      },
      start,
      { defer: true },
    ),
  );

  return (
    <div ref={box} style={{ display: "contents" }}>
      {(() => {
        const body = Taken();
        if (!body) return undefined;
        // While a part of the body suspends, the server's markup stays on screen.
        return (
          <Suspense fallback={server as unknown as JSX.Element}>
            {createComponent(body, props)}
            <Arrived />
          </Suspense>
        );
      })()}
    </div>
  );
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null; // selection is not available on every input type (email, number)
  }
}
