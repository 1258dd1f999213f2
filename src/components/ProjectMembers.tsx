/**
 * The members of a project: roles, changing roles, removing, leaving, and adding people who are already in the org.
 * Controls follow the rights the server computed from the permission table (src/lib/permissions.ts); the server
 * re-checks every action against the current rows.
 */
import { createAsync, useSubmission } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";
import { projectRoles, roleLabel, type ProjectRole } from "~/lib/permissions";
import {
  addProjectMemberAction,
  changeProjectRoleAction,
  findOrgMembers,
  leaveProjectAction,
  removeProjectMemberAction,
  type ProjectMember,
  type ProjectPageOk,
} from "~/rpc/projects";
import { ConfirmDialog } from "./ConfirmDialog";
import { Time } from "./Time";
import { Alert, Button, Card } from "./ui";

const selectClass =
  "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 shadow-sm focus:border-blue-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";

/** The hidden fields every project form posts: which org (by its URL slug) and which project. */
export function ProjectIds(props: { data: ProjectPageOk }) {
  return (
    <>
      <input type="hidden" name="slug" value={props.data.org.slug} />
      <input type="hidden" name="projectId" value={props.data.project.id} />
    </>
  );
}

export function ProjectMembers(props: { data: ProjectPageOk }) {
  const rights = () => props.data.rights;
  const hasOwner = () => props.data.members.some((m) => m.role === "owner");
  let heading!: HTMLHeadingElement;

  // A removed row disappears with its dialog; put focus somewhere that still exists.
  const removal = useSubmission(removeProjectMemberAction);
  createEffect(on(() => removal.result, (r) => r?.ok && heading.focus(), { defer: true }));

  return (
    <Card>
      <section aria-labelledby="project-members-heading" data-testid="project-members">
        <div class="flex flex-wrap items-center justify-between gap-3">
          <h2 id="project-members-heading" ref={heading} tabindex="-1" class="text-lg font-semibold">
            Members ({props.data.members.length})
          </h2>
          <Show when={rights().canLeave}>
            <ConfirmDialog
              trigger="Leave project"
              title="Leave this project?"
              confirm="Leave project"
              pendingText="Leaving…"
              action={leaveProjectAction}
              fields={{ slug: props.data.org.slug, projectId: props.data.project.id }}
              explain={(e) =>
                e.code === "LAST_OWNER"
                  ? "You are the last owner of this project, so you cannot leave it yet. Make another member an owner first, or delete the project if it is no longer needed."
                  : e.message
              }
            >
              You will lose access to {props.data.project.name} unless a project owner adds you again.
            </ConfirmDialog>
          </Show>
        </div>

        <Show when={!hasOwner()}>
          <div class="mt-4" data-testid="project-no-owner">
            <Alert kind="info" title="This project has no owner">
              <Show when={rights().canManageMembers} fallback="A workspace admin can make one of its members an owner.">
                Make one of its members an owner below, or add someone from the workspace as owner.
              </Show>
            </Alert>
          </div>
        </Show>

        <Show when={props.data.members.length > 0} fallback={<p class="mt-4 text-sm text-slate-600 dark:text-slate-400">Nobody is in this project.</p>}>
          <div class="mt-4 overflow-x-auto">
            <table class="w-full text-left text-sm">
              <caption class="sr-only">Members of {props.data.project.name}</caption>
              <thead class="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:text-slate-400">
                <tr>
                  <th scope="col" class="py-2 pr-4 font-medium">
                    Name
                  </th>
                  <th scope="col" class="py-2 pr-4 font-medium">
                    Role
                  </th>
                  <th scope="col" class="py-2 pr-4 font-medium">
                    Joined
                  </th>
                  <Show when={rights().canManageMembers}>
                    <th scope="col" class="py-2 font-medium">
                      <span class="sr-only">Actions</span>
                    </th>
                  </Show>
                </tr>
              </thead>
              <tbody class="divide-y divide-slate-200 dark:divide-slate-800">
                <For each={props.data.members}>{(m) => <MemberRow data={props.data} member={m} />}</For>
              </tbody>
            </table>
          </div>
        </Show>

        <Show when={rights().canManageMembers}>
          <AddMember data={props.data} />
        </Show>
      </section>
    </Card>
  );
}

function MemberRow(props: { data: ProjectPageOk; member: ProjectMember }) {
  const isSelf = () => props.member.userId === props.data.viewerId;
  const role = useSubmission(changeProjectRoleAction, ([form]) => form.get("userId") === props.member.userId);
  const roleError = () => (role.result && !role.result.ok ? role.result.error.message : null);

  return (
    <tr class="align-top" data-testid={`project-member-${props.member.email}`}>
      <td class="py-3 pr-4">
        <span class="font-medium">{props.member.name}</span>
        <Show when={isSelf()}>
          <span class="text-slate-500 dark:text-slate-400"> (you)</span>
        </Show>
        <span class="block text-slate-600 dark:text-slate-400">{props.member.email}</span>
      </td>
      <td class="py-3 pr-4">
        <Show when={props.data.rights.canManageMembers} fallback={roleLabel(props.member.role)}>
          <form action={changeProjectRoleAction} method="post" class="flex flex-wrap items-center gap-2">
            <ProjectIds data={props.data} />
            <input type="hidden" name="userId" value={props.member.userId} />
            <input type="hidden" name="name" value={props.member.name} />
            <select name="role" aria-label={`Project role for ${props.member.name}`} class={selectClass}>
              <For each={projectRoles}>
                {(r) => (
                  <option value={r} selected={r === props.member.role}>
                    {roleLabel(r)}
                  </option>
                )}
              </For>
            </select>
            <Button type="submit" variant="secondary" class="!px-3 !py-1.5" pending={role.pending} pendingText="Saving…" aria-label={`Change role of ${props.member.name}`}>
              Change role
            </Button>
          </form>
          <Show when={roleError()}>
            <p role="alert" class="mt-1 text-sm text-red-700 dark:text-red-400">
              {roleError()}
            </p>
          </Show>
        </Show>
      </td>
      <td class="whitespace-nowrap py-3 pr-4 text-slate-600 dark:text-slate-400">
        <Time iso={props.member.joinedAt} />
      </td>
      <Show when={props.data.rights.canManageMembers}>
        <td class="py-3 text-right">
          <Show when={!isSelf()}>
            <ConfirmDialog
              trigger="Remove"
              triggerLabel={`Remove ${props.member.name}`}
              title={`Remove ${props.member.name}?`}
              confirm="Remove from project"
              pendingText="Removing…"
              action={removeProjectMemberAction}
              fields={{ slug: props.data.org.slug, projectId: props.data.project.id, userId: props.member.userId, name: props.member.name }}
              explain={(e) => (e.code === "LAST_OWNER" ? `${props.member.name} is the last owner of this project. Make someone else an owner first.` : e.message)}
            >
              {props.member.name} ({props.member.email}) will lose access to {props.data.project.name}. They stay a member of the workspace.
            </ConfirmDialog>
          </Show>
        </td>
      </Show>
    </tr>
  );
}

/** Picks an org member who is not in the project yet; the list loads after hydration and narrows as one types. */
function AddMember(props: { data: ProjectPageOk }) {
  const [ready, setReady] = createSignal(false);
  const [search, setSearch] = createSignal("");
  let timer: ReturnType<typeof setTimeout> | undefined;
  onMount(() => setReady(true));
  onCleanup(() => clearTimeout(timer));

  const found = createAsync(() => (ready() ? findOrgMembers(props.data.org.slug, search()) : Promise.resolve(undefined)));
  const candidates = createMemo(() => {
    const inProject = new Set(props.data.members.map((m) => m.userId));
    return found()?.filter((m) => !inProject.has(m.userId));
  });
  const submission = useSubmission(addProjectMemberAction);
  const fields = () => (submission.result && !submission.result.ok ? (submission.result.error.fields ?? {}) : {});
  const formError = () => (submission.result && !submission.result.ok && !submission.result.error.fields ? submission.result.error.message : null);
  const noOwner = () => !props.data.members.some((m) => m.role === "owner");
  // The search answers at most 100 people: when all of those are in the project, more may exist beyond them.
  const noneLeft = () =>
    search() ? "No one else matches" : (found()?.length ?? 0) < 100 ? "Everyone in the workspace is in this project" : "Search to find more people";

  return (
    <div class="mt-6 border-t border-slate-200 pt-4 dark:border-slate-800">
      <h3 class="font-semibold">Add a workspace member</h3>
      <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">People already in {props.data.org.name}. To add someone new, invite them by email below.</p>
      <form action={addProjectMemberAction} method="post" class="mt-3 flex flex-col gap-3" novalidate>
        <Show when={formError()}>
          <Alert kind="error">{formError()}</Alert>
        </Show>
        <ProjectIds data={props.data} />
        <div class="flex flex-col gap-1">
          <label for="add-member-search" class="text-sm font-medium">
            Find a person
          </label>
          <input
            id="add-member-search"
            type="search"
            placeholder="Name or email"
            maxLength={100}
            aria-controls="add-member-person"
            onInput={(e) => {
              const value = e.currentTarget.value;
              clearTimeout(timer);
              timer = setTimeout(() => setSearch(value.trim()), 250);
            }}
            class="max-w-sm rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-blue-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
          />
        </div>
        <div class="flex flex-wrap items-end gap-3">
          <div class="flex flex-col gap-1">
            <label for="add-member-person" class="text-sm font-medium">
              Person
            </label>
            <select
              id="add-member-person"
              name="userId"
              class={`${selectClass} min-w-64`}
              aria-invalid={fields().userId ? "true" : undefined}
              aria-describedby={fields().userId ? "add-member-person-error" : undefined}
              disabled={!candidates()?.length}
            >
              <Show when={candidates()} fallback={<option value="">Loading…</option>}>
                {(list) => (
                  <Show when={list().length > 0} fallback={<option value="">{noneLeft()}</option>}>
                    <For each={list()}>
                      {(m) => (
                        <option value={m.userId}>
                          {m.name} ({m.email})
                        </option>
                      )}
                    </For>
                  </Show>
                )}
              </Show>
            </select>
          </div>
          <div class="flex flex-col gap-1">
            <label for="add-member-role" class="text-sm font-medium">
              Project role
            </label>
            <select id="add-member-role" name="role" class={selectClass}>
              <For each={projectRoles}>
                {(r: ProjectRole) => (
                  <option value={r} selected={noOwner() ? r === "owner" : r === "member"}>
                    {roleLabel(r)}
                  </option>
                )}
              </For>
            </select>
          </div>
          <Button type="submit" pending={submission.pending} pendingText="Adding…" disabled={!candidates()?.length}>
            Add to project
          </Button>
        </div>
        <Show when={fields().userId}>
          <p id="add-member-person-error" class="text-sm text-red-700 dark:text-red-400">
            {fields().userId}
          </p>
        </Show>
      </form>
    </div>
  );
}
