/**
 * The body of a page, rendered in full by the server, which the browser takes over at the first sign of use (issue
 * 15, ADR 0017). A signed-in page's first load is then Solid, the router, the header and the page's data: its lists,
 * forms and dialogs arrive when someone moves towards them (pointer over or down, focus, touch, a key, a change), not
 * with the page.
 *
 * While hydrating, the browser keeps the server's markup as it is (Solid leaves nodes in place when a component
 * renders nothing there). At the first sign of use it downloads the body, renders it with the same props in place of
 * that markup, and carries over what the person already did:
 *   - what they typed or chose in a field (then announced to the body with input and change events), which field had
 *     focus and where the caret was;
 *   - a press of a button or a form sent while the download was under way, which is pressed or sent again in the body.
 * The body never comes in while a pointer or a key is held down on the server's markup (the press would be lost).
 * Links need nothing: the router handles every link on the page, server-rendered or not.
 * New data before any use (a live update, a search or page of the same route) takes over at once, so nothing stale
 * stays on screen. A page reached by navigation in the browser renders the body as a plain lazy() component.
 */
import { createComponent, createEffect, createSignal, lazy, on, onCleanup, onMount, sharedConfig, Suspense, type Component, type JSX } from "solid-js";
import { isServer } from "solid-js/web";
import { holdServerTitle } from "~/components/Head";
import { toast } from "~/components/Toaster";
import { NotLinked } from "./chunk-links";
import { UNREACHABLE } from "./messages";

type Props = Record<string, unknown>;
type Module<P extends Props> = { default: Component<P> };

/** How long after a press ends the body waits for the click it may bring (a tap's click follows its touchend). */
const CLICK_AFTER_UP_MS = 50;

/** The signs of use that start the download. */
const INTENT = ["pointerover", "pointerdown", "focusin", "touchstart", "keydown", "input", "change"] as const;

/**
 * The controls matched between the server's markup and the body's. Controls the server renders only for a browser
 * without script (a role's Save button, marked `data-no-script`) are hidden as the page hydrates and left out.
 */
const CONTROLS = ":is(input,select,textarea,button,details):not([data-no-script])";

/**
 * A control's place, by what it is rather than where: its kind, name, accessible label or text, and which of the
 * controls alike it is. The body may draw a control the server could not (one that depends on the browser, such as
 * adding a passkey), so positions alone could point at the wrong one.
 */
type Place = { key: string; n: number };

function keyOf(el: Element): string {
  const label =
    el instanceof HTMLButtonElement ? el.textContent : el instanceof HTMLDetailsElement ? el.querySelector("summary")?.textContent : (el as HTMLInputElement).labels?.[0]?.textContent;
  return [el.tagName, el.getAttribute("type"), el.getAttribute("name"), el.getAttribute("aria-label"), label?.trim()].join("|");
}

function placeOf(root: Element, el: Element): Place | null {
  const key = keyOf(el);
  const n = [...root.querySelectorAll(CONTROLS)].filter((c) => keyOf(c) === key).indexOf(el);
  return n < 0 ? null : { key, n };
}

function find(root: Element, place: Place | null): Element | undefined {
  return place ? [...root.querySelectorAll(CONTROLS)].filter((c) => keyOf(c) === place.key)[place.n] : undefined;
}

/** A field's state the person changed, by its place. */
type Changed = { at: Place | null; value?: string; checked?: boolean; open?: boolean };

function changedFields(root: Element): Changed[] {
  const out: Changed[] = [];
  const changed = (el: unknown, change: Omit<Changed, "at">) => out.push({ at: placeOf(root, el as Element), ...change });
  root.querySelectorAll(CONTROLS).forEach((el) => {
    if (el instanceof HTMLDetailsElement) {
      if (el.open !== el.hasAttribute("open")) changed(el, { open: el.open });
    } else if (el instanceof HTMLInputElement) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked !== el.defaultChecked) changed(el, { checked: el.checked });
      } else if (el.type !== "file" && el.type !== "hidden" && el.value !== el.defaultValue) changed(el, { value: el.value });
    } else if (el instanceof HTMLTextAreaElement) {
      if (el.value !== el.defaultValue) changed(el, { value: el.value });
    } else if (el instanceof HTMLSelectElement) {
      if ([...el.options].some((o) => o.selected !== o.defaultSelected)) changed(el, { value: el.value });
    }
  });
  return out;
}

function applyChanges(root: Element, changes: Changed[]) {
  for (const c of changes) {
    const el = find(root, c.at);
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
  if (isServer)
    return (props) => (
      <div style={{ display: "contents" }}>
        <NotLinked.Provider value={true}>{createComponent(Body, props)}</NotLinked.Provider>
      </div>
    );
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
  let after: { changes: Changed[]; focus: Place | null; caret: [number | null, number | null] | null; text?: string } | undefined;
  // The body holds the page's <Title>: until it is here, the server's title stays.
  const releaseTitle = holdServerTitle();
  onCleanup(releaseTitle);
  const listening = new AbortController();
  onCleanup(() => listening.abort());

  // A press under way (a pointer or a key down on the server's markup): the body waits until it has ended. Swapped in
  // between a pointer's down and up, the click would go to neither button (its down and up fell on different nodes).
  let pressed = false;
  let downloaded: Component<P> | undefined;
  const takeWhenFree = () => {
    if (!pressed && downloaded) take(downloaded);
  };
  const release = () => {
    if (!pressed) return;
    pressed = false;
    // The click that ends a press comes after the pointer's up (a touch's tap can come a moment later): it is
    // intercepted below and kept, and the body comes in just after it.
    setTimeout(takeWhenFree, CLICK_AFTER_UP_MS);
  };

  const start = () => {
    loading ??= load().then(
      (m) => {
        downloaded = m.default;
        takeWhenFree();
      },
      () => {
        loading = undefined;
        if (pending) toast({ kind: "error", message: UNREACHABLE });
        pending = undefined;
      },
    );
  };

  function take(body: Component<P>) {
    if (Taken()) return;
    const focused = document.activeElement;
    const at = focused && box.contains(focused) ? placeOf(box, focused) : null;
    const caret = focused instanceof HTMLInputElement || focused instanceof HTMLTextAreaElement ? ([safe(() => focused.selectionStart), safe(() => focused.selectionEnd)] as [number | null, number | null]) : null;
    after = { changes: changedFields(box), focus: at, caret, text: focused ? textOf(focused) : undefined };
    server = [...box.childNodes];
    setTaken(() => body);
    // Says the body is live (tests wait for it; a reader of the DOM can tell).
    box.setAttribute("data-taken", "");
  }

  /** Runs once the body is on screen (after any part of it that suspends). */
  function Arrived() {
    onMount(() => {
      // Until now a press on the server's markup (still on screen while a part of the body suspends) is kept too.
      listening.abort();
      releaseTitle();
      const state = after;
      after = undefined;
      if (!state) return;
      // After this update has settled: the body's own onMount work (enabling its buttons once its script runs) has
      // run but its effects on the DOM have not yet, and a disabled button takes neither focus nor a press.
      queueMicrotask(() => {
        applyChanges(box, state.changes);
        // The field the person is in keeps what they had there, even where a change made elsewhere wrote to it in the
        // body (the address following the name on /orgs/new): they may be typing into it right now.
        const inField = find(box, state.focus);
        if (inField && state.text !== undefined && textOf(inField) !== state.text) applyChanges(box, [{ at: state.focus, value: state.text }]);
        const el = find(box, state.focus);
        if (el instanceof HTMLElement) {
          el.focus({ preventScroll: true });
          if (state.caret && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) safe(() => el.setSelectionRange(state.caret![0], state.caret![1]));
        }
        const again = pending;
        pending = undefined;
        again?.();
      });
    });
    return null;
  }

  onMount(() => {
    const signal = listening.signal;
    for (const type of INTENT) box.addEventListener(type, start, { passive: true, signal });
    const press = () => (pressed = true);
    box.addEventListener("pointerdown", press, { passive: true, signal });
    box.addEventListener("keydown", press, { passive: true, signal });
    // Ups are heard anywhere: a pointer may be released outside the page's body, or the window may lose focus.
    for (const type of ["pointerup", "pointercancel", "keyup", "blur"]) window.addEventListener(type, release, { passive: true, capture: true, signal });
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
        const at = placeOf(box, button);
        release();
        pending = () => (find(box, at) as HTMLElement | undefined)?.click();
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
        // Sent again by the same button, or by the form's first field (Enter in a field sends its form).
        const by = placeOf(box, (e as SubmitEvent).submitter ?? form.querySelector(CONTROLS) ?? form);
        release();
        pending = () => (find(box, by) as HTMLInputElement | HTMLButtonElement | undefined)?.form?.requestSubmit();
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

/** The text of a field one types into, or undefined for any other control. */
function textOf(el: Element): string | undefined {
  if (el instanceof HTMLTextAreaElement) return el.value;
  if (el instanceof HTMLInputElement && !["checkbox", "radio", "file", "hidden", "button", "submit", "reset"].includes(el.type)) return el.value;
  return undefined;
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null; // selection is not available on every input type (email, number)
  }
}
