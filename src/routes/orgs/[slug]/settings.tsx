/**
 * /orgs/<slug>/settings: the workspace's name and address. Admins and owners edit them (a new address moves the page
 * to the new URL; old links redirect members there); everyone else sees them read-only. Everyone may leave; owners
 * may delete the workspace after typing its name.
 */
import { createAsync, useParams, useSearchParams, type RouteDefinition } from "@solidjs/router";
import { Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { OrgMoved } from "~/components/OrgMoved";
import { preloadWith } from "~/lib/preload";
import { takeOverOnUse } from "~/lib/take-over";
import { getSettingsData } from "~/rpc/settings";

export const route = { preload: ({ params }) => preloadWith(() => import("~/rpc/settings"), (m) => m.getSettingsData, params.slug!) } satisfies RouteDefinition;

// The page's body is server-rendered and taken over by the browser at the first sign of use (src/lib/take-over.tsx).
const Body = takeOverOnUse(() => import("~/components/SettingsPage"));

export default function SettingsRoute() {
  const params = useParams();
  const [search] = useSearchParams();
  // deferStream: the redirect to sign in must be decided before the first byte is streamed.
  const data = createAsync(() => getSettingsData(params.slug!), { deferStream: true });
  const org = () => {
    const d = data();
    return d?.kind === "ok" ? d.org : null;
  };
  const moved = () => {
    const d = data();
    return d?.kind === "moved" ? d : null;
  };
  return (
    <AppShell currentOrgSlug={params.slug}>
      <Show when={data() !== undefined}>
        <Show when={moved()} fallback={<Body org={org()} saved={search.saved === "1"} slug={params.slug!} />}>
          {(m) => <OrgMoved to={m().to} />}
        </Show>
      </Show>
    </AppShell>
  );
}
