/**
 * /orgs/<slug>/projects/<projectId>: a project's overview. A project of another org, one the person may not see and a
 * missing one all show the same not-found page (with a 404 status).
 */
import { createAsync, useParams, type RouteDefinition } from "@solidjs/router";
import { Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { preloadWith } from "~/lib/preload";
import { takeOverOnUse } from "~/lib/take-over";
import { getProjectPage } from "~/rpc/projects";

export const route = { preload: ({ params }) => preloadWith(() => import("~/rpc/projects"), (m) => m.getProjectPage, params.slug!, params.projectId!) } satisfies RouteDefinition;

// The page's body is server-rendered and taken over by the browser at the first sign of use (src/lib/take-over.tsx).
const Body = takeOverOnUse(() => import("~/components/ProjectPage"));

export default function ProjectRoute() {
  const params = useParams();
  // deferStream: the 404 status and the sign-in redirect can only be set before the page starts streaming.
  const data = createAsync(() => getProjectPage(params.slug!, params.projectId!), { deferStream: true });
  return (
    <AppShell currentOrgSlug={params.slug}>
      <Show when={data() !== undefined}>
        <Body data={data()!} slug={params.slug!} />
      </Show>
    </AppShell>
  );
}
