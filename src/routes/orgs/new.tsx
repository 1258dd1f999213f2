/** /orgs/new: create a workspace (anyone signed in). */
import { Title } from "~/components/Head";
import { createAsync, useSearchParams, type RouteDefinition } from "@solidjs/router";
import { Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { preloadWith } from "~/lib/preload";
import { takeOverOnUse } from "~/lib/take-over";
import { requireViewer } from "~/rpc/viewer";

export const route = { preload: () => preloadWith(() => import("~/rpc/viewer"), (m) => m.requireViewer, "/orgs/new") } satisfies RouteDefinition;

// The form is server-rendered and taken over by the browser at the first sign of use (src/lib/take-over.tsx).
const NewOrgForm = takeOverOnUse(() => import("~/components/NewOrgForm"));

export default function NewOrg() {
  // deferStream: a redirect to sign-in must be decided before the first byte is streamed.
  const viewer = createAsync(() => requireViewer("/orgs/new"), { deferStream: true });
  // Deleting one's last workspace lands here (src/rpc/settings.ts): say what happened, lastingly.
  const [search] = useSearchParams();
  const deleted = () => (typeof search.workspaceDeleted === "string" ? search.workspaceDeleted : null);
  return (
    <AppShell>
      <Title>New workspace · CoRATES</Title>
      <Show when={viewer()}>{(v) => <NewOrgForm firstWorkspace={v().orgs.length === 0} deleted={deleted()} />}</Show>
    </AppShell>
  );
}
