/**
 * Code a page needs only once someone acts on it (a form behind a button, a confirmation, a dialog, a toast after a
 * change), kept out of the page's first load (issue 15). The download starts at the first sign of intent on the
 * trigger (pointer over it, focus, touch), so the click usually finds it there; a click that comes first waits for it,
 * then opens. A failed download (offline) is tried again on the next use.
 */
import { createSignal } from "solid-js";
import { useHydrated } from "./forms";
import { toast } from "~/components/Toaster";

/** The bare loader: `load` for the action that needs the module, `warm` for its trigger's intent events. */
export function loadOnUse<T>(fetch: () => Promise<T>) {
  let pending: Promise<T> | undefined;
  const load = () =>
    (pending ??= fetch().catch((e: unknown) => {
      pending = undefined;
      throw e;
    }));
  /** For onPointerOver, onFocusIn and onTouchStart of the trigger. */
  const warm = () => void load().catch(() => {});
  return { load, warm };
}

/** The loader with the trigger's state, for a button that opens what it loads. */
export function onUse<M>(importer: () => Promise<M>) {
  const [loaded, setLoaded] = createSignal<M>();
  const [loading, setLoading] = createSignal(false);
  const [failed, setFailed] = createSignal(false);
  // Before the page's script runs a click would do nothing: the trigger stays disabled until then.
  const ready = useHydrated();
  const { load, warm } = loadOnUse(() => importer().then((m) => (setLoaded(() => m), m)));
  return {
    /** The module, once it has arrived. */
    loaded,
    /** False until the page has hydrated (the trigger is disabled until then). */
    ready,
    /** True while a click waits for the download. */
    loading,
    /** The last click's download failed (the trigger says so; pressing it again retries). */
    failed,
    /**
     * Spread on the trigger: starts the download at the first sign of intent, and marks the trigger the server renders
     * disabled (until the script runs) for a page body that keeps presses made before it arrives (src/lib/take-over.tsx).
     */
    intent: {
      onPointerOver: warm,
      onFocusIn: warm,
      onTouchStart: warm,
      get "data-until-script"() {
        return ready() ? undefined : "";
      },
    },
    /** For a click: waits for the module, then runs `then` with it. */
    async use(then: (m: M) => void) {
      setFailed(false);
      setLoading(true);
      let m: M;
      try {
        m = await load();
      } catch {
        setFailed(true);
        return;
      } finally {
        setLoading(false);
      }
      then(m);
    },
  };
}

// ---------------------------------------------------------------- parts made with lazy()
// A part that appears only after someone acts (a form behind a button, a confirmation, a panel shown after a send) can
// be a lazy() component: its own preload() is the loader, started by the same signs of intent.

export interface Preloadable {
  preload: () => Promise<unknown>;
}

/** Starts loading the parts; a failed load is forgotten by lazy(), so the next sign of intent tries again. */
export function warm(...parts: Preloadable[]) {
  for (const part of parts) part.preload().catch(() => {});
}

/** Event handlers for a trigger (pointer over it, focus into it, a touch on it) that start loading the parts. */
export function intentTo(...parts: Preloadable[]) {
  const start = () => warm(...parts);
  return { onPointerOver: start, onFocusIn: start, onTouchStart: start };
}

/**
 * Loads the part, then opens it (the first click works while the chunk is still on its way). When it cannot be fetched
 * (offline), a toast says so and nothing opens; the next click tries again.
 */
export async function openOnUse(part: Preloadable, open: () => void) {
  try {
    await part.preload();
  } catch {
    toast({ kind: "error", message: "This part of the page could not be loaded. Check your connection and try again." });
    return;
  }
  open();
}
