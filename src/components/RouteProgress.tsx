/**
 * A thin bar at the top of the window while a client-side navigation takes longer than 150 ms (quick ones show
 * nothing, so the page does not flicker). Announced once to screen readers as "Loading page".
 */
import { useIsRouting } from "@solidjs/router";
import { createEffect, createSignal, onCleanup, Show } from "solid-js";

export const ROUTE_PROGRESS_DELAY_MS = 150;

export function RouteProgress() {
  const routing = useIsRouting();
  const [visible, setVisible] = createSignal(false);
  createEffect(() => {
    if (!routing()) return setVisible(false);
    const timer = setTimeout(() => setVisible(true), ROUTE_PROGRESS_DELAY_MS);
    onCleanup(() => clearTimeout(timer));
  });
  return (
    <div class="pointer-events-none fixed inset-x-0 top-0 z-50 h-0.5" data-testid="route-progress" data-active={visible() ? "" : undefined}>
      <Show when={visible()}>
        <div role="progressbar" aria-label="Loading page" aria-busy="true" class="h-full overflow-hidden bg-blue-100 dark:bg-blue-950">
          <div class="h-full w-2/5 animate-progress bg-accent" />
        </div>
      </Show>
    </div>
  );
}
