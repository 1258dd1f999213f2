/**
 * One member on /orgs/<slug>/members: avatar, name, email, join date, and for admins and owners the role (applied as
 * soon as it is chosen; a Save button until the page's script runs) and "Remove", within the permission table.
 */
import { useAction, useSubmission } from "@solidjs/router";
import { createEffect, createSignal, createUniqueId, For, on, Show } from "solid-js";
import { canChangeOrgRole, canRemoveOrgMember, isLastOwner, orgRoles, roleLabel, type OrgRole } from "~/lib/permissions";
import { useHydrated } from "~/lib/forms";
import { loadOnUse } from "~/lib/on-use";
import { changeMemberRoleAction, removeMemberAction, type Member } from "~/rpc/members";
import { Avatar } from "./Avatar";
import { ConfirmDialog } from "./ConfirmDialog";
import { selectClass } from "./OrgAdmin";
import { Time } from "./Time";
import { Button } from "./ui";
import { Username } from "./Username";

// Safe to defer: the toast shows only after a change has been saved, and loading starts when a role select is reached.
const roleToast = loadOnUse(() => import("./member-role-toast"));

/** One toast per saved role change on the page, wherever it was sent from (used once, by the page). */
export function roleChangeToasts(viewer: () => { id: string; role: OrgRole; slug: string }) {
  const submission = useSubmission(changeMemberRoleAction);
  const change = useAction(changeMemberRoleAction);
  createEffect(
    on(
      () => submission.result,
      (r) => {
        const form = submission.input?.[0];
        if (!r?.ok || !form) return;
        const from = String(form.get("from") ?? "");
        const who = viewer();
        void roleToast.load().then((m) => m.roleChangeToast(r.data, from, who, change), () => {});
      },
      { defer: true },
    ),
  );
}

export function MemberRow(props: { member: Member; org: { name: string; slug: string; role: OrgRole }; self: boolean; ownerCount: number; sharedName: boolean }) {
  const m = () => props.member;
  const id = createUniqueId();
  let select: HTMLSelectElement | undefined;
  let form: HTMLFormElement | undefined;
  // Until the page's script runs, a Save button submits the form; after that, choosing a role applies it.
  const live = useHydrated();
  // The roles this person could be given by the viewer (their current one included, as the selected option), lowest
  // first like the invite form's.
  const roleChoices = () => [...orgRoles].reverse().filter((r) => r === m().role || canChangeOrgRole(props.org.role, m().role, r));
  const mayChangeRole = () => roleChoices().length > 1;
  // The last owner may not step down: said before they try (the server refuses it anyway, with LAST_OWNER).
  const lastOwner = () => isLastOwner(m().role, props.ownerCount);
  const mayRemove = () => !props.self && canRemoveOrgMember(props.org.role, m().role);
  const mine = ([f]: [FormData]) => f.get("userId") === m().userId;
  const roleChange = useSubmission(changeMemberRoleAction, mine);
  const roleError = () => (roleChange.result && !roleChange.result.ok ? roleChange.result.error.message : null);

  // A refused change (e.g. a race with another owner stepping down) leaves the role as it was: show that again.
  createEffect(
    on(
      () => roleChange.result,
      (r) => {
        if (r && !r.ok && select) select.value = m().role;
      },
      { defer: true },
    ),
  );

  return (
    <li class="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center sm:gap-4" data-testid="member-row">
      <div class="flex min-w-0 flex-1 items-start gap-3">
        <Avatar name={m().name} id={m().userId} email={m().email} image={m().image} />
        <div class="min-w-0 flex-1">
          <p class="font-medium [overflow-wrap:anywhere]">
            {m().name}
            <Username username={props.sharedName ? m().username : null} />
            <Show when={props.self}>
              <span class="ml-1 text-xs font-normal text-slate-500 dark:text-slate-400">(you)</span>
            </Show>
          </p>
          <p class="text-sm text-slate-700 [overflow-wrap:anywhere] dark:text-slate-300" data-testid="member-email">
            {m().email}
          </p>
          <p class="text-xs text-slate-500 dark:text-slate-400">
            Joined <Time iso={m().joinedAt} />
          </p>
        </div>
      </div>
      <div class="flex flex-col gap-1 sm:max-w-xs sm:shrink-0 sm:items-end">
        <div class="flex flex-wrap items-center gap-2 sm:justify-end">
          <Show when={mayChangeRole()} fallback={<span class="text-sm" data-testid="member-role">{roleLabel(m().role)}</span>}>
            <form ref={form} action={changeMemberRoleAction} method="post" class="flex items-center gap-2" onFocusIn={roleToast.warm} onPointerOver={roleToast.warm} onTouchStart={roleToast.warm}>
              <input type="hidden" name="orgSlug" value={props.org.slug} />
              <input type="hidden" name="userId" value={m().userId} />
              <input type="hidden" name="from" value={m().role} />
              <label for={`${id}-role`} class="sr-only">
                Role of {m().name}
              </label>
              <select
                ref={select}
                id={`${id}-role`}
                name="role"
                value={m().role}
                disabled={lastOwner()}
                class={`${selectClass} min-h-11`}
                aria-invalid={roleError() ? "true" : undefined}
                aria-describedby={[roleError() ? `${id}-role-error` : "", lastOwner() ? `${id}-last-owner` : ""].filter(Boolean).join(" ") || undefined}
                onChange={() => {
                  if (live()) form?.requestSubmit();
                }}
              >
                <For each={roleChoices()}>
                  {(r) => (
                    <option value={r} selected={r === m().role}>
                      {roleLabel(r)}
                    </option>
                  )}
                </For>
              </select>
              <Show when={!live()}>
                <Button type="submit" variant="secondary" class="min-h-11 !px-3" aria-label={`Save role of ${m().name}`} data-no-script="">
                  Save
                </Button>
              </Show>
              <Show when={roleChange.pending}>
                <span class="inline-flex items-center gap-1 text-xs text-slate-600 dark:text-slate-400" role="status" data-testid="role-pending">
                  <span class="h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden="true" />
                  Saving…
                </span>
              </Show>
            </form>
          </Show>
          <Show when={mayRemove()}>
            <ConfirmDialog
              trigger="Remove"
              triggerLabel={`Remove ${m().name}`}
              triggerClass="min-h-11"
              title={`Remove ${m().name}?`}
              confirm="Remove member"
              pendingText="Removing…"
              action={removeMemberAction}
              fields={{ orgSlug: props.org.slug, userId: m().userId, memberName: m().name }}
            >
              <p>
                {m().name} ({m().email}) loses access to {props.org.name} and its projects at once. You can invite them again later.
              </p>
            </ConfirmDialog>
          </Show>
        </div>
        <Show when={mayChangeRole() && lastOwner()}>
          <p id={`${id}-last-owner`} class="text-sm text-slate-600 sm:text-right dark:text-slate-400" data-testid="last-owner-reason">
            You are the only owner, so you cannot step down. Make someone else an owner first.
          </p>
        </Show>
        <Show when={roleError()}>
          <p id={`${id}-role-error`} role="alert" class="text-sm text-red-700 sm:text-right dark:text-red-400">
            {roleError()}
          </p>
        </Show>
      </div>
    </li>
  );
}
