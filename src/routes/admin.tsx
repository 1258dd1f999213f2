/**
 * /admin: site administration (site admins only; everyone else, signed out included, gets the 404 page). Find people
 * by name, email or username, see a person's workspaces and sessions, ban or unban them, look a workspace up by its address and
 * hand an ownerless or abandoned one to someone, and read what admins did. The forms load when opened.
 */
import { createAsync, useSearchParams, type RouteDefinition } from "@solidjs/router";
import { Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { preloadWith } from "~/lib/preload";
import { takeOverOnUse } from "~/lib/take-over";
import { getAdminData, type AdminPageData } from "~/rpc/admin";

const param = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export const route = {
  preload: ({ location }) => {
    const s = new URLSearchParams(location.search);
    preloadWith(() => import("~/rpc/admin"), (m) => m.getAdminData, s.get("q") ?? "", s.get("cursor") ?? "", s.get("user") ?? "", s.get("org") ?? "");
  },
} satisfies RouteDefinition;

type Ok = Extract<AdminPageData, { kind: "ok" }>;

// The page's body is server-rendered and taken over by the browser at the first sign of use (src/lib/take-over.tsx).
const AdminPage = takeOverOnUse(() => import("~/components/AdminPage"));
// Everyone else gets the 404 page, taken over the same way.
const NotFound = takeOverOnUse(() => import("./[...404]"));

export default function AdminRoute() {
  const [search] = useSearchParams();
  const data = createAsync(() => getAdminData(param(search.q), param(search.cursor), param(search.user), param(search.org)), { deferStream: true });
  return (
    <Show when={data()}>
      {(d) => (
        <Show when={d().kind === "ok" ? (d() as Ok) : null} fallback={<NotFound />}>
          {(ok) => (
            <AppShell>
              <AdminPage data={ok()} />
            </AppShell>
          )}
        </Show>
      )}
    </Show>
  );
}
