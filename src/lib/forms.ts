/** Small helpers of the forms that talk to the server from the browser. */
import { createSignal, onMount, sharedConfig } from "solid-js";
import { isServer } from "solid-js/web";

/** Form values as strings (what the form checks read); read from the DOM so typing before hydration is kept. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  new FormData(form).forEach((v, k) => {
    if (typeof v === "string") out[k] = v;
  });
  return out;
}

/** Moves focus to the first field marked invalid, so keyboard and screen-reader users land on the problem. */
export function focusFirstError(form: HTMLFormElement | undefined) {
  queueMicrotask(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

/**
 * False in the server-rendered HTML, true once the page's script runs. Submit buttons stay disabled until then:
 * a form submitted before hydration would be sent natively (these pages need their script to talk to the API).
 * A component first rendered in the browser (a page body taken over, src/lib/take-over.tsx) is live from the start,
 * so a press replayed into it finds its buttons enabled.
 */
export function useHydrated() {
  const [hydrated, setHydrated] = createSignal(!isServer && !sharedConfig.context);
  onMount(() => setHydrated(true));
  return hydrated;
}
