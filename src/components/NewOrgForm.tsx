/**
 * The form of /orgs/new (the route, src/routes/orgs/new.tsx, hands it what to say; the browser takes this part over
 * on first use, src/lib/take-over.tsx). The address follows the name until the person edits it.
 */
import { useSubmission } from "@solidjs/router";
import { createSignal, onMount, Show } from "solid-js";
import { Alert, Button, Card, TextField } from "./ui";
import { slugify } from "~/lib/slugify";
import { createOrgAction } from "~/rpc/orgs";

export default function NewOrgForm(props: { firstWorkspace: boolean; deleted: string | null }) {
  const submission = useSubmission(createOrgAction);
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
    <div class="mx-auto max-w-lg">
      <Show when={props.deleted}>
        {(name) => (
          <div class="mb-4" data-testid="workspace-deleted">
            <Alert kind="success">The workspace “{name()}” was deleted, with its projects, memberships and invitations.</Alert>
          </div>
        )}
      </Show>
      <Card>
        <h1 class="mb-1 text-xl font-semibold tracking-tight">Create a workspace</h1>
        <p class="mb-5 text-sm text-muted">
          <Show when={props.firstWorkspace} fallback="A workspace holds your team's projects and members.">
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
  );
}
