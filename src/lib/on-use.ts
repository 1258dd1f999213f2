/**
 * A module fetched on use rather than with the page (issue 15): loading starts at the first sign that a person is about
 * to use it (pointer over, focus on, touch on its trigger), and the action that needs it awaits it, so the first click
 * works even while it is still loading. A failed download (offline) is tried again on the next use.
 */
export function onUse<T>(fetch: () => Promise<T>) {
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
