/**
 * /orgs/<slug>/activity: who did what to whom, and when, newest first, filtered by person (?actor=) and kind of action
 * (?action=), with "Newer"/"Older" pages (?cursor=&trail=). Admins and owners only; a plain member is told so and
 * pointed back (the tab is hidden for them, but links get shared).
 */
import { createAsync, useParams, useSearchParams, type RouteDefinition } from "@solidjs/router";
import { Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { OrgMoved } from "~/components/OrgMoved";
import { preloadWith } from "~/lib/preload";
import { takeOverOnUse } from "~/lib/take-over";
import { getActivityData } from "~/rpc/activity";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

export const route = {
  preload: ({ params, location }) => {
    const search = new URLSearchParams(location.search);
    preloadWith(() => import("~/rpc/activity"), (m) => m.getActivityData, params.slug!, search.get("cursor") ?? "", search.get("actor") ?? "", search.get("action") ?? "", search.get("trail") ?? "");
  },
} satisfies RouteDefinition;

// The page's body is server-rendered and taken over by the browser at the first sign of use (src/lib/take-over.tsx).
const Body = takeOverOnUse(() => import("~/components/ActivityPage"));

export default function ActivityRoute() {
  const params = useParams();
  const [search] = useSearchParams();
  // deferStream: the redirect to sign in must be decided before the first byte is streamed.
  const data = createAsync(() => getActivityData(params.slug!, one(search.cursor), one(search.actor), one(search.action), one(search.trail)), { deferStream: true });
  const moved = () => {
    const d = data();
    return d?.kind === "moved" ? d : null;
  };
  const shown = () => {
    const d = data();
    return d && d.kind !== "moved" ? d : null;
  };
  return (
    <AppShell currentOrgSlug={params.slug}>
      <Show when={moved()}>{(d) => <OrgMoved to={d().to} />}</Show>
      <Show when={shown()}>{(d) => <Body data={d()} slug={params.slug!} />}</Show>
    </AppShell>
  );
}
