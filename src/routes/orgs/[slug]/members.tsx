/**
 * /orgs/<slug>/members: who is in the workspace (name, email, role, join date), with search (?q=), a count and keyset
 * pages both ways (?cursor=&trail=, src/lib/paging.ts). Admins and owners change roles (applied on selection, with an
 * undo toast) and remove people within the permission table; everyone may leave, except the last owner, who is told
 * so before trying. The list is a list, not a table: on a phone each member is a stacked row.
 * Admins and owners also invite people and manage pending invitations here. Controls a person may not use are not
 * shown; the server refuses them anyway.
 */
import { createAsync, useParams, useSearchParams, type RouteDefinition } from "@solidjs/router";
import { Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { OrgMoved } from "~/components/OrgMoved";
import { preloadWith } from "~/lib/preload";
import { takeOverOnUse } from "~/lib/take-over";
import { getMembersData } from "~/rpc/members";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

export const route = {
  preload: ({ params, location }) => {
    const search = new URLSearchParams(location.search);
    preloadWith(() => import("~/rpc/members"), (m) => m.getMembersData, params.slug!, search.get("q") ?? "", search.get("cursor") ?? "", search.get("limit") ?? "", search.get("trail") ?? "");
  },
} satisfies RouteDefinition;

// The page's body is server-rendered and taken over by the browser at the first sign of use (src/lib/take-over.tsx).
const MembersBody = takeOverOnUse(() => import("~/components/MembersPage"));

export default function MembersRoute() {
  const params = useParams();
  const [search] = useSearchParams();
  // deferStream: the redirect to sign in must be decided before the first byte is streamed.
  const data = createAsync(() => getMembersData(params.slug!, one(search.q), one(search.cursor), one(search.limit), one(search.trail)), { deferStream: true });
  const page = () => {
    const d = data();
    return d?.kind === "ok" ? d : null;
  };
  const moved = () => {
    const d = data();
    return d?.kind === "moved" ? d : null;
  };
  return (
    <AppShell currentOrgSlug={params.slug}>
      <Show when={data() !== undefined}>
        <Show when={moved()} fallback={<MembersBody data={page()} slug={params.slug!} />}>
          {(m) => <OrgMoved to={m().to} />}
        </Show>
      </Show>
    </AppShell>
  );
}
