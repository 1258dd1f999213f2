import { Title } from "~/components/Head";
import { createAsync, useSearchParams, useSubmission, type RouteDefinition } from "@solidjs/router";
import { createSignal, onMount, Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { Alert, Button, Card, TextField } from "~/components/ui";
import { slugify } from "~/lib/slugify";
import { createOrgAction } from "~/rpc/orgs";
import { requireViewer } from "~/rpc/viewer";
import { preloadWith } from "~/lib/preload";

export const route = { preload: () => preloadWith(() => import("~/rpc/viewer"), (m) => m.requireViewer, "/orgs/new") } satisfies RouteDefinition;

export default function NewOrg() {
  // deferStream: a redirect to sign-in must be decided before the first byte is streamed.
  const viewer = createAsync(() => requireViewer("/orgs/new"), { deferStream: true });
  const submission = useSubmission(createOrgAction);
  // Deleting one's last workspace lands here (src/rpc/settings.ts): say what happened, lastingly.
  const [search] = useSearchParams();
  const deleted = () => (typeof search.workspaceDeleted === "string" ? search.workspaceDeleted : null);
  // Uncontrolled inputs: text typed before the page hydrates must survive hydration, so we never bind `value`.
  let slugInput!: HTMLInputElement;
  let slugEdited = false;
  const [shownSlug, setShownSlug] = createSignal("");
  const [hydrated, setHydrated] = createSignal(false);
  onMount(() => {
    slugEdited = slugInput.value !== "";
    setShownSlug(slugInput.value);
    setHydrated(true);
  });
  const fields = () => (submission.result && !submission.result.ok ? submission.result.error.fields ?? {} : {});
  const formError = () => (submission.result && !submission.result.ok && !submission.result.error.fields ? submission.result.error.message : null);

  return (
    <AppShell>
      <Title>New workspace · CoRATES</Title>
      <div class="mx-auto max-w-lg">
        <Show when={deleted()}>
          {(name) => (
            <div class="mb-4" data-testid="workspace-deleted">
              <Alert kind="success">The workspace “{name()}” was deleted, with its projects, memberships and invitations.</Alert>
            </div>
          )}
        </Show>
        <Card>
          <h1 class="mb-1 text-xl font-semibold tracking-tight">Create a workspace</h1>
          <p class="mb-5 text-sm text-muted">
            <Show when={viewer()?.orgs.length === 0} fallback="A workspace holds your team's projects and members.">
              You are not in a workspace yet. Create one for your team, or ask a colleague to invite you.
            </Show>
          </p>
          <form action={createOrgAction} method="post" class="flex flex-col gap-4" novalidate data-hydrated={hydrated() ? "" : undefined}>
            <Show when={formError()}>
              <Alert kind="error">{formError()}</Alert>
            </Show>
            <TextField
              label="Name"
              name="name"
              required
              maxLength={100}
              autocomplete="organization"
              onInput={(e) => {
                if (slugEdited) return;
                slugInput.value = slugify(e.currentTarget.value);
                setShownSlug(slugInput.value);
              }}
              error={fields().name}
            />
            <TextField
              label="Address"
              name="slug"
              maxLength={48}
              ref={slugInput}
              onInput={(e) => {
                slugEdited = e.currentTarget.value !== "";
                setShownSlug(e.currentTarget.value);
              }}
              error={fields().slug}
              hint={<>Your workspace will live at /orgs/{shownSlug() || "…"}. Lowercase letters, digits and dashes.</>}
            />
            <Button type="submit" pending={submission.pending} pendingText="Creating…">
              Create workspace
            </Button>
          </form>
        </Card>
      </div>
    </AppShell>
  );
}
