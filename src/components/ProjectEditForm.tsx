/** A project's "Edit details" form: loaded when the person opens it (./ProjectDetails.tsx). */
import { useSubmission } from "@solidjs/router";
import { createEffect, on, Show, untrack } from "solid-js";
import { focusFirstError } from "~/lib/forms";
import { updateProjectAction, type ProjectPageOk } from "~/rpc/projects";
import { PROJECT_DESCRIPTION_MAX, PROJECT_NAME_MAX, ProjectTextArea } from "./ProjectFields";
import { Alert, Button, Card, TextField } from "./ui";

/** Opened on demand, so its fields can start from the current values without a live binding. */
export default function EditForm(props: { data: ProjectPageOk; onClose: () => void }) {
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
        {/* ProjectIds (./ProjectFormBits.tsx) written out: importing it from the page's chunk would add a re-export chunk. */}
        <input type="hidden" name="slug" value={props.data.org.slug} />
        <input type="hidden" name="projectId" value={props.data.project.id} />
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
