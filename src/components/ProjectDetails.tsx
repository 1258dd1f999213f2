/** A project's name and description, the form that edits them, and deleting the project. */
import { useSubmission } from "@solidjs/router";
import { createEffect, createSignal, on, Show, untrack } from "solid-js";
import { focusFirstError } from "~/lib/forms";
import { plural } from "~/lib/format";
import { roleLabel } from "~/lib/permissions";
import { deleteProjectAction, updateProjectAction, type ProjectPageOk } from "~/rpc/projects";
import { ConfirmDialog } from "./ConfirmDialog";
import { PROJECT_DESCRIPTION_MAX, PROJECT_NAME_MAX, ProjectTextArea } from "./ProjectFields";
import { ProjectIds } from "./ProjectMembers";
import { Time } from "./Time";
import { Alert, Button, Card, TextField } from "./ui";

export function ProjectHeader(props: { data: ProjectPageOk }) {
  const [editing, setEditing] = createSignal(false);
  let editButton: HTMLButtonElement | undefined;
  const project = () => props.data.project;

  return (
    <div class="mb-6">
      <Show
        when={editing()}
        fallback={
          <div class="flex flex-wrap items-start justify-between gap-3">
            <div class="min-w-0">
              <h1 class="break-words text-2xl font-semibold" data-testid="project-name">
                {project().name}
              </h1>
              <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">
                Your role:{" "}
                <span data-testid="project-role">{props.data.project.role ? roleLabel(props.data.project.role) : "Not a member"}</span>
                <Show when={!props.data.project.role}> (you manage it as a workspace {roleLabel(props.data.org.role).toLowerCase()})</Show> · Updated{" "}
                <Time iso={project().updatedAt} />
              </p>
              <Show
                when={project().description}
                fallback={<p class="mt-3 text-slate-500 dark:text-slate-400">No description yet.</p>}
              >
                <p class="mt-3 max-w-prose whitespace-pre-line break-words text-slate-700 dark:text-slate-300" data-testid="project-description">
                  {project().description}
                </p>
              </Show>
            </div>
            <Show when={props.data.rights.canEdit}>
              <Button ref={editButton} type="button" variant="secondary" class="min-h-11" onClick={() => setEditing(true)}>
                Edit details
              </Button>
            </Show>
          </div>
        }
      >
        <EditForm
          data={props.data}
          onClose={() => {
            setEditing(false);
            queueMicrotask(() => editButton?.focus());
          }}
        />
      </Show>
    </div>
  );
}

/** Opened on demand, so its fields can start from the current values without a live binding. */
function EditForm(props: { data: ProjectPageOk; onClose: () => void }) {
  const initial = untrack(() => ({ name: props.data.project.name, description: props.data.project.description ?? "" }));
  const submission = useSubmission(updateProjectAction);
  const fields = () => (submission.result && !submission.result.ok ? (submission.result.error.fields ?? {}) : {});
  const formError = () => (submission.result && !submission.result.ok && !submission.result.error.fields ? submission.result.error.message : null);
  let form!: HTMLFormElement;
  // The previous save's outcome belongs to the previous opening of this form.
  while (untrack(() => submission.result)) submission.clear();
  createEffect(
    on(
      () => submission.result,
      (r) => {
        if (!r) return;
        if (r.ok) props.onClose();
        else focusFirstError(form);
      },
      { defer: true },
    ),
  );

  return (
    <Card>
      <form ref={form} action={updateProjectAction} method="post" class="flex flex-col gap-4" novalidate>
        <h1 class="text-xl font-semibold">Edit project details</h1>
        <Show when={formError()}>
          <Alert kind="error">{formError()}</Alert>
        </Show>
        <ProjectIds data={props.data} />
        <TextField label="Name" name="name" required maxLength={PROJECT_NAME_MAX} autocomplete="off" value={initial.name} error={fields().name} autofocus />
        <ProjectTextArea
          label="Description"
          name="description"
          maxLength={PROJECT_DESCRIPTION_MAX}
          rows={5}
          value={initial.description}
          error={fields().description}
          hint="At most 2,000 characters. Leave empty for none."
        />
        <div class="flex gap-3">
          <Button type="submit" pending={submission.pending} pendingText="Saving…">
            Save details
          </Button>
          <Button type="button" variant="secondary" onClick={() => props.onClose()}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}

export function ProjectDangerZone(props: { data: ProjectPageOk }) {
  return (
    <Show when={props.data.rights.canDelete}>
      <Card class="border-red-200 dark:border-red-900">
        <section aria-labelledby="project-delete-heading">
          <h2 id="project-delete-heading" class="text-lg font-semibold">
            Delete project
          </h2>
          <p class="mt-1 mb-4 text-sm text-slate-600 dark:text-slate-400">
            Deleting removes the project, its memberships and its pending invitations. This cannot be undone.
          </p>
          <ConfirmDialog
            trigger="Delete project"
            triggerVariant="danger"
            triggerClass="min-h-11"
            title={`Delete ${props.data.project.name}?`}
            confirm="Delete project"
            pendingText="Deleting…"
            action={deleteProjectAction}
            fields={{ slug: props.data.org.slug, projectId: props.data.project.id }}
          >
            The project, its {plural(props.data.members.length, "membership")} and its pending invitations will be deleted. This cannot be undone.
          </ConfirmDialog>
        </section>
      </Card>
    </Show>
  );
}
