/**
 * The members of a project: roles, changing roles, removing, leaving, and adding people who are already in the org.
 * Controls follow the rights the server computed from the permission table (src/lib/permissions.ts), and the
 * last-owner rule is shown before a click (removesLastOwner); the server re-checks every action against the rows.
 * A table on wide screens, stacked rows on phones.
 */
import { sharesName, Username } from "~/components/Username";
import { useAction, useSubmission } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";
import { useHydrated } from "~/lib/forms";
import { projectRoleChoices, removesLastOwner, roleLabel, type ProjectRole } from "~/lib/permissions";
import {
  addProjectMemberAction,
  changeProjectRoleAction,
  findOrgMembers,
  leaveProjectAction,
  removeProjectMemberAction,
  type Member,
  type ProjectMember,
  type ProjectPageOk,
} from "~/rpc/projects";
import { Avatar } from "./Avatar";
import { ConfirmDialog } from "./ConfirmDialog";
import { Time } from "./Time";
import { toast } from "./Toaster";
import { Alert, Button, Card } from "./ui";

export const selectClass =
  "min-h-11 rounded-md border border-slate-300 bg-white px-2 py-2 text-sm text-slate-900 shadow-sm focus:border-blue-600 disabled:cursor-not-allowed disabled:opacity-60 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";

const LAST_OWNER_REASON = "The only owner. Make someone else an owner first.";

export const memberRole = (role: ProjectRole) => (role === "owner" ? "an owner" : "a member");

/** The hidden fields every project form posts: which org (by its URL slug) and which project. */
export function ProjectIds(props: { data: ProjectPageOk }) {
  return (
    <>
      <input type="hidden" name="slug" value={props.data.org.slug} />
      <input type="hidden" name="projectId" value={props.data.project.id} />
    </>
  );
}

const ownerCount = (data: ProjectPageOk) => data.members.filter((m) => m.role === "owner").length;

export function ProjectMembers(props: { data: ProjectPageOk }) {
  const rights = () => props.data.rights;
  const hasOwner = () => ownerCount(props.data) > 0;
  // Known from the page data: the viewer is the project's only owner, so leaving would be refused.
  const leaveBlocked = () => removesLastOwner(props.data.project.role, null, ownerCount(props.data));
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
            <Show
              when={!leaveBlocked()}
              fallback={
                <div class="flex flex-col items-start gap-1 sm:items-end" data-testid="leave-blocked">
                  <Button type="button" variant="secondary" class="min-h-11" disabled aria-describedby="leave-blocked-reason">
                    Leave project
                  </Button>
                  <p id="leave-blocked-reason" class="max-w-xs text-xs text-slate-600 sm:text-right dark:text-slate-400">
                    You are the only owner, so you cannot leave yet. Make another member an owner first, or delete the project.
                  </p>
                </div>
              }
            >
              <ConfirmDialog
                trigger="Leave project"
                triggerClass="min-h-11"
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
          <div class="mt-4">
            {/* Phones: each row becomes a stacked block (max-sm:block), the header row is read by screen readers only. */}
            <table class="w-full text-left text-sm max-sm:block">
              <caption class="sr-only">Members of {props.data.project.name}</caption>
              <thead class="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 max-sm:sr-only dark:border-slate-800 dark:text-slate-400">
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
              <tbody class="divide-y divide-slate-200 max-sm:block dark:divide-slate-800">
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

/**
 * The role select applies on selection (no separate Save): the row shows "Saving…" while the server works, and a
 * toast offers Undo. Before the page's script has loaded, a Save button submits the same form.
 */
function RoleControl(props: { data: ProjectPageOk; member: ProjectMember }) {
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
        <Button type="submit" variant="secondary" class="min-h-11 !px-3" aria-label={`Save role of ${props.member.name}`}>
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

function MemberRow(props: { data: ProjectPageOk; member: ProjectMember }) {
  const isSelf = () => props.member.userId === props.data.viewerId;
  const removeBlocked = () => removesLastOwner(props.member.role, null, ownerCount(props.data));

  return (
    <tr class="align-top max-sm:flex max-sm:flex-col max-sm:gap-2 max-sm:py-3" data-testid={`project-member-${props.member.email}`}>
      <td class="py-3 pr-4 max-sm:block max-sm:p-0">
        <div class="flex min-w-0 items-center gap-3">
          <Avatar name={props.member.name} id={props.member.userId} email={props.member.email} image={props.member.image} />
          <div class="min-w-0">
            <span class="font-medium break-words">{props.member.name}</span>
            <Username username={sharesName(props.data.members, props.member.name) ? props.member.username : null} />
            <Show when={isSelf()}>
              <span class="text-slate-500 dark:text-slate-400"> (you)</span>
            </Show>
            <span class="block break-all text-slate-600 dark:text-slate-400">{props.member.email}</span>
          </div>
        </div>
      </td>
      <td class="py-3 pr-4 max-sm:block max-sm:p-0 max-sm:pl-11">
        <Show when={props.data.rights.canManageMembers} fallback={roleLabel(props.member.role)}>
          <RoleControl data={props.data} member={props.member} />
        </Show>
      </td>
      <td class="whitespace-nowrap py-3 pr-4 text-slate-600 max-sm:block max-sm:p-0 max-sm:pl-11 dark:text-slate-400">
        <span class="sm:sr-only">Joined </span>
        <Time iso={props.member.joinedAt} />
      </td>
      <Show when={props.data.rights.canManageMembers}>
        <td class="py-3 text-right max-sm:block max-sm:p-0 max-sm:pl-11 max-sm:text-left">
          <Show when={!isSelf()}>
            <Show
              when={!removeBlocked()}
              fallback={
                <Button
                  type="button"
                  variant="secondary"
                  class="min-h-11"
                  disabled
                  aria-label={`Remove ${props.member.name}`}
                  aria-describedby={`role-blocked-${props.member.userId}`}
                  title={LAST_OWNER_REASON}
                >
                  Remove
                </Button>
              }
            >
              <ConfirmDialog
                trigger="Remove"
                triggerClass="min-h-11"
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

  // Loaded outside Suspense on purpose: reading an async value under the page's Suspense boundary replaced the whole
  // page with "Loading…" right after it appeared. Only the newest answer counts when searches overlap.
  const [found, setFound] = createSignal<Member[] | undefined>();
  let asked = 0;
  createEffect(
    on([ready, search], ([isReady, q]) => {
      if (!isReady) return;
      const mine = ++asked;
      findOrgMembers(props.data.org.slug, q).then(
        (list) => mine === asked && setFound(list),
        () => mine === asked && setFound([]),
      );
    }),
  );
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
            class="min-h-11 w-full max-w-sm rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-blue-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
          />
        </div>
        <div class="flex flex-wrap items-end gap-3">
          <div class="flex flex-col gap-1 max-sm:w-full">
            <label for="add-member-person" class="text-sm font-medium">
              Person
            </label>
            <select
              id="add-member-person"
              name="userId"
              class={`${selectClass} w-full sm:w-auto sm:min-w-64`}
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
                          {m.name}
                          {m.username && sharesName(candidates() ?? [], m.name) ? ` @${m.username}` : ""} ({m.email})
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
              <For each={projectRoleChoices}>
                {(r: ProjectRole) => (
                  <option value={r} selected={noOwner() ? r === "owner" : r === "member"}>
                    {roleLabel(r)}
                  </option>
                )}
              </For>
            </select>
          </div>
          <Button type="submit" class="min-h-11" pending={submission.pending} pendingText="Adding…" disabled={!candidates()?.length}>
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
