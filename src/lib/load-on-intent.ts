/**
 * Parts of a page that only appear after someone acts (a form behind a button, a confirmation, a panel shown after a
 * send) are lazy() chunks, kept out of the page's first script (tests/built/page-weights.test.ts). Their chunk starts
 * loading at the first sign of intent on the trigger, and the action awaits it, so a click never finds it missing.
 */
import { toast } from "~/components/Toaster";

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
