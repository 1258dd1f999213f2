/**
 * /orgs/<slug>: the org's projects the person may see (all of them for org admins/owners, marked where they are not
 * a member; "Only mine" with ?mine=1), newest update first, with search (?q=), a count and keyset pages both ways
 * (?cursor=&trail=, src/lib/paging.ts). One server call for the data. After a workspace was deleted, the person lands
 * here with ?workspaceDeleted=<name> and is told so.
 */
import { createAsync, useParams, useSearchParams, type RouteDefinition } from "@solidjs/router";
import { Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { preloadWith } from "~/lib/preload";
import { takeOverOnUse } from "~/lib/take-over";
import { getProjectList } from "~/rpc/projects";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

export const route = {
  preload: ({ params, location }) => {
    const search = new URLSearchParams(location.search);
    preloadWith(() => import("~/rpc/projects"), (m) => m.getProjectList, params.slug!, search.get("q") ?? "", search.get("cursor") ?? "", search.get("mine") === "1" ? "1" : "", search.get("trail") ?? "");
  },
} satisfies RouteDefinition;

// The page's body is server-rendered and taken over by the browser at the first sign of use (src/lib/take-over.tsx).
const Body = takeOverOnUse(() => import("~/components/ProjectListPage"));

export default function OrgProjects() {
  const params = useParams();
  const [search] = useSearchParams();
  const q = () => one(search.q);
  const cursor = () => one(search.cursor);
  // deferStream: a signed-out visitor gets a real redirect to sign in, not a page that stops streaming.
  const data = createAsync(() => getProjectList(params.slug!, q(), cursor(), one(search.mine) === "1" ? "1" : "", one(search.trail)), { deferStream: true });
  const flash = () => {
    const gone = one(search.workspaceDeleted);
    if (gone) return `The workspace “${gone}” was deleted, with its projects, memberships and invitations.`;
    return search.deleted ? "The project was deleted." : search.left ? "You left the project." : null;
  };

  return (
    <AppShell currentOrgSlug={params.slug}>
      <Show when={data() !== undefined}>
        <Body page={data() ?? null} flash={flash()} slug={params.slug!} />
      </Show>
    </AppShell>
  );
}
