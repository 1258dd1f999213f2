/** /orgs/<slug>/projects/new: any org member creates a project and lands on it as its owner. */
import { createAsync, useParams, type RouteDefinition } from "@solidjs/router";
import { Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { preloadWith } from "~/lib/preload";
import { takeOverOnUse } from "~/lib/take-over";
import { getProjectOrg } from "~/rpc/projects";

export const route = { preload: ({ params }) => preloadWith(() => import("~/rpc/projects"), (m) => m.getProjectOrg, params.slug!) } satisfies RouteDefinition;

// The form is server-rendered and taken over by the browser at the first sign of use (src/lib/take-over.tsx).
const NewProjectForm = takeOverOnUse(() => import("~/components/NewProjectForm"));

export default function NewProject() {
  const params = useParams();
  // deferStream: a signed-out visitor gets a real redirect to sign in, not a page that stops streaming.
  const org = createAsync(() => getProjectOrg(params.slug!), { deferStream: true });
  return (
    <AppShell currentOrgSlug={params.slug}>
      <Show when={org() !== undefined}>
        <NewProjectForm org={org() ?? null} slug={params.slug!} />
      </Show>
    </AppShell>
  );
}
