/**
 * Where the app shell starts live updates for the workspace on screen. The client (./LiveUpdates) is its own chunk,
 * imported once the page has hydrated, so it never weighs on a page's first load (tests/built/page-weights.test.ts);
 * `npm run dev` has no Durable Objects (vinxi runs no Worker), so there pages stay as they loaded.
 */
import { getOwner, onMount, runWithOwner } from "solid-js";

export function LiveMount(props: { orgId: string | undefined }) {
  onMount(() => {
    const owner = getOwner();
    if (import.meta.env.PROD) void import("./LiveUpdates").then((m) => runWithOwner(owner, () => m.startLive(() => props.orgId)));
  });
  return null;
}
