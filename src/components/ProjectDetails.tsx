/** A project's name and description, the button that edits them (./ProjectEditForm.tsx), and deleting the project. */
import { createSignal, lazy, Show } from "solid-js";
import { intentTo, openOnUse } from "~/lib/on-use";
import { plural } from "~/lib/format";
import { roleLabel } from "~/lib/permissions";
import { deleteProjectAction, type ProjectPageOk } from "~/rpc/projects";
import { ConfirmDialog } from "./ConfirmDialog";
import { Time } from "./Time";
import { Button, Card } from "./ui";

// Only shown after "Edit details" is pressed: loaded on use (intent on the button), awaited by the click.
const EditForm = lazy(() => import("./ProjectEditForm"));

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
              <Button
                ref={editButton}
                type="button"
                variant="secondary"
                class="min-h-11"
                {...intentTo(EditForm)}
                onClick={() => openOnUse(EditForm, () => setEditing(true))}
              >
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
