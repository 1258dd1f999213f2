/**
 * The body of /orgs/<slug>/projects/new (the route, src/routes/orgs/[slug]/projects/new.tsx, reads the org and hands
 * it here; the browser takes this part over on first use, src/lib/take-over.tsx): the form, or "not found".
 */
import { Title } from "~/components/Head";
import { A, useSubmission } from "@solidjs/router";
import { createEffect, on, Show } from "solid-js";
import { OrgNav } from "./OrgNav";
import { OrgNotFound } from "./OrgNotFound";
import { PROJECT_DESCRIPTION_MAX, PROJECT_NAME_MAX, ProjectTextArea } from "./ProjectFields";
import { Alert, Button, Card, linkClass, TextField } from "./ui";
import { focusFirstError } from "~/lib/forms";
import { createProjectAction, type getProjectOrg } from "~/rpc/projects";

export default function NewProjectForm(props: { org: Awaited<ReturnType<typeof getProjectOrg>>; slug: string }) {
  const submission = useSubmission(createProjectAction);
  const fields = () => (submission.result && !submission.result.ok ? (submission.result.error.fields ?? {}) : {});
  const formError = () => (submission.result && !submission.result.ok && !submission.result.error.fields ? submission.result.error.message : null);
  let form: HTMLFormElement | undefined;
  createEffect(on(() => submission.result, (r) => r && !r.ok && focusFirstError(form), { defer: true }));

  return (
  <Show when={props.org} fallback={<OrgNotFound slug={props.slug} />}>
    {(o) => (
      <>
        <Title>New project · {o().name} · CoRATES</Title>
        <OrgNav slug={o().slug} role={o().role} />
        <div class="mx-auto max-w-xl">
          <p class="mb-3 text-sm">
            <A href={`/orgs/${o().slug}`} class={linkClass}>
              ← All projects
            </A>
          </p>
          <Card>
            <h1 class="mb-1 text-xl font-semibold">Create a project</h1>
            <p class="mb-5 text-sm text-slate-600 dark:text-slate-400">You will be its owner and can add people from {o().name} afterwards.</p>
            {/* Uncontrolled fields (no `value` binding): text typed before hydration must survive it. */}
            <form ref={form} action={createProjectAction} method="post" class="flex flex-col gap-4" novalidate>
              <Show when={formError()}>
                <Alert kind="error">{formError()}</Alert>
              </Show>
              <input type="hidden" name="slug" value={o().slug} />
              <TextField label="Name" name="name" required maxLength={PROJECT_NAME_MAX} autocomplete="off" error={fields().name} />
              <ProjectTextArea
                label="Description (optional)"
                name="description"
                maxLength={PROJECT_DESCRIPTION_MAX}
                rows={4}
                error={fields().description}
                hint="What the team appraises here, in a sentence or two. At most 2,000 characters."
              />
              <div class="flex items-center gap-3">
                <Button type="submit" pending={submission.pending} pendingText="Creating…">
                  Create project
                </Button>
                <A href={`/orgs/${o().slug}`} class={linkClass}>
                  Cancel
                </A>
              </div>
            </form>
          </Card>
        </div>
      </>
    )}
  </Show>
  );
}
