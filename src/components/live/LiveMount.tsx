/**
 * Where the app shell starts live updates for the workspace on screen. The client (./LiveUpdates) is its own chunk,
 * fetched only after hydration, so it never weighs on a page's first load; `npm run dev` has no Durable Objects
 * (vinxi runs no Worker), so there pages stay as they loaded.
 */
import { createSignal, lazy, onMount, Show, Suspense } from "solid-js";

const LiveUpdates = lazy(() => import("./LiveUpdates"));

export function LiveMount(props: { orgId: string | undefined }) {
  const [hydrated, setHydrated] = createSignal(false);
  onMount(() => setHydrated(true));
  return (
    <Show when={import.meta.env.PROD && hydrated() && props.orgId} keyed>
      {(orgId) => (
        <Suspense>
          <LiveUpdates orgId={orgId} />
        </Suspense>
      )}
    </Show>
  );
}
