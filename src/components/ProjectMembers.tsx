/**
 * The members of a project: roles, changing roles, removing, leaving, and adding people who are already in the org.
 * Controls follow the rights the server computed from the permission table (src/lib/permissions.ts), and the
 * last-owner rule is shown before a click (removesLastOwner); the server re-checks every action against the rows.
 * A table on wide screens, stacked rows on phones. The role select is ./ProjectMemberRole.tsx, the add form
 * ./ProjectAddMember.tsx.
 */
import { sharesName, Username } from "~/components/Username";
import { useSubmission } from "@solidjs/router";
import { createEffect, For, on, Show } from "solid-js";
import { removesLastOwner, roleLabel } from "~/lib/permissions";
import { leaveProjectAction, removeProjectMemberAction, type ProjectMember, type ProjectPageOk } from "~/rpc/projects";
import { Avatar } from "./Avatar";
import { ConfirmDialog } from "./ConfirmDialog";
import { AddMember } from "./ProjectAddMember";
import { LAST_OWNER_REASON, ownerCount } from "./ProjectFormBits";
import { RoleControl } from "./ProjectMemberRole";
import { Time } from "./Time";
import { Alert, Button, Card } from "./ui";

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
