/**
 * A project member's role, for those who manage members. The select applies on selection (no separate Save): the row
 * shows "Saving…" while the server works, and a toast offers Undo. Before the page's script has loaded, a Save button
 * submits the same form.
 */
import { useAction, useSubmission } from "@solidjs/router";
import { For, Show } from "solid-js";
import { useHydrated } from "~/lib/forms";
import { projectRoleChoices, removesLastOwner, roleLabel, type ProjectRole } from "~/lib/permissions";
import { changeProjectRoleAction, type ProjectMember, type ProjectPageOk } from "~/rpc/projects";
import { LAST_OWNER_REASON, memberRole, ownerCount, ProjectIds, selectClass } from "./ProjectFormBits";
import { toast } from "./Toaster";
import { Button } from "./ui";

export function RoleControl(props: { data: ProjectPageOk; member: ProjectMember }) {
  const hydrated = useHydrated();
  const change = useAction(changeProjectRoleAction);
  const submission = useSubmission(changeProjectRoleAction, ([form]) => form.get("userId") === props.member.userId);
  const error = () => (submission.result && !submission.result.ok ? submission.result.error.message : null);
  const blocked = () => removesLastOwner(props.member.role, "member", ownerCount(props.data));
  const describedBy = () => [blocked() ? `role-blocked-${props.member.userId}` : "", error() ? `role-error-${props.member.userId}` : ""].join(" ").trim() || undefined;
  let select!: HTMLSelectElement;

  async function apply(next: ProjectRole, undo: boolean) {
    // The row may be rebuilt by the time Undo is pressed: an undo always sends, with the role it was given.
    const before = props.member.role;
    if (!undo && next === before) return;
    const name = props.member.name;
    const form = new FormData();
    form.set("slug", props.data.org.slug);
    form.set("projectId", props.data.project.id);
    form.set("userId", props.member.userId);
    form.set("name", props.member.name);
    form.set("role", next);
    const r = await change(form);
    if (!r?.ok) {
      // Refused (e.g. the last owner, decided against the rows): the select goes back to the saved role.
      if (select.isConnected) select.value = props.member.role;
      return;
    }
    toast(
      undo
        ? { message: `Undone: ${name} is ${memberRole(next)} of the project again.` }
        : { message: `${name} is now ${memberRole(next)} of the project.`, action: { label: "Undo", onClick: () => void apply(before, true) } },
    );
  }

  return (
    <form action={changeProjectRoleAction} method="post" class="flex flex-wrap items-center gap-2" onSubmit={(e) => {
      e.preventDefault();
      void apply(select.value as ProjectRole, false);
    }}>
      <ProjectIds data={props.data} />
      <input type="hidden" name="userId" value={props.member.userId} />
      <input type="hidden" name="name" value={props.member.name} />
      <select
        ref={select}
        name="role"
        aria-label={`Project role for ${props.member.name}`}
        aria-describedby={describedBy()}
        aria-busy={submission.pending ? "true" : undefined}
        class={selectClass}
        disabled={blocked()}
        onChange={(e) => void apply(e.currentTarget.value as ProjectRole, false)}
      >
        <For each={projectRoleChoices}>
          {(r) => (
            <option value={r} selected={r === props.member.role}>
              {roleLabel(r)}
            </option>
          )}
        </For>
      </select>
      <Show when={!hydrated()}>
        <Button type="submit" variant="secondary" class="min-h-11 !px-3" aria-label={`Save role of ${props.member.name}`} data-no-script="">
          Save
        </Button>
      </Show>
      <Show when={submission.pending}>
        <span class="inline-flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400" data-testid="role-pending">
          <span class="h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden="true" />
          Saving…
        </span>
      </Show>
      <Show when={blocked()}>
        <p id={`role-blocked-${props.member.userId}`} class="w-full text-xs text-slate-600 dark:text-slate-400" data-testid="role-blocked">
          {LAST_OWNER_REASON}
        </p>
      </Show>
      <Show when={error()}>
        <p id={`role-error-${props.member.userId}`} role="alert" class="w-full text-sm text-red-700 dark:text-red-400">
          {error()}
        </p>
      </Show>
    </form>
  );
}
