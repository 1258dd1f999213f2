/**
 * Pending invitations of a project (everyone in it sees them) and, for project owners and org admins/owners, the
 * invite form plus resend and cancel. The workspace role is offered only to those who may hand it out
 * (assignableOrgRoles); everyone else's invitees join the org as members. The form is ./ProjectInviteForm.tsx.
 */
import { useSubmission } from "@solidjs/router";
import { createEffect, For, on, Show } from "solid-js";
import { roleLabel } from "~/lib/permissions";
import { cancelProjectInvitationAction, resendProjectInvitationAction, type Invitation, type ProjectPageOk } from "~/rpc/projects";
import { Avatar } from "./Avatar";
import { ConfirmDialog } from "./ConfirmDialog";
import { ProjectIds } from "./ProjectFormBits";
import { InviteForm } from "./ProjectInviteForm";
import { Time } from "./Time";
import { Button, Card } from "./ui";

export function ProjectInvitations(props: { data: ProjectPageOk }) {
  const manage = () => props.data.rights.canManageMembers;
  let heading!: HTMLHeadingElement;
  const cancel = useSubmission(cancelProjectInvitationAction);
  createEffect(on(() => cancel.result, (r) => r?.ok && heading.focus(), { defer: true }));

  return (
    <Card>
      <section aria-labelledby="project-invitations-heading" data-testid="project-invitations">
        <h2 id="project-invitations-heading" ref={heading} tabindex="-1" class="text-lg font-semibold">
          Pending invitations
        </h2>
        <Show when={manage()}>
          <InviteForm data={props.data} />
        </Show>
        <Show
          when={props.data.invitations.length > 0}
          fallback={<p class="mt-4 text-sm text-slate-600 dark:text-slate-400">No pending invitations.</p>}
        >
          <ul class="mt-4 divide-y divide-slate-200 dark:divide-slate-800">
            <For each={props.data.invitations}>{(inv) => <InvitationRow data={props.data} invitation={inv} />}</For>
          </ul>
        </Show>
      </section>
    </Card>
  );
}

function InvitationRow(props: { data: ProjectPageOk; invitation: Invitation }) {
  const inv = () => props.invitation;
  const resend = useSubmission(resendProjectInvitationAction, ([form]) => form.get("invitationId") === props.invitation.id);
  const resendError = () => (resend.result && !resend.result.ok ? resend.result.error.message : null);
  const expired = () => inv().status === "expired";

  return (
    <li class="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid={`project-invitation-${inv().email}`}>
      <div class="flex min-w-0 items-start gap-3 text-sm">
        <Avatar name="" email={inv().email} />
        <div class="min-w-0">
          <p class="font-medium break-all">
            {inv().email}
            <Show when={expired()}>
              <span class="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">Expired</span>
            </Show>
          </p>
          <p class="text-slate-600 dark:text-slate-400">
            Project role: {roleLabel(inv().role)} · Workspace role: {roleLabel(inv().orgRole)} · Invited by {inv().invitedBy.name} ·{" "}
            {expired() ? "Expired " : "Expires "}
            <Time iso={inv().expiresAt} />
          </p>
          <Show when={resendError()}>
            <p role="alert" class="text-sm text-red-700 dark:text-red-400">
              {resendError()}
            </p>
          </Show>
        </div>
      </div>
      <Show when={props.data.rights.canManageMembers}>
        <div class="flex shrink-0 gap-2 max-sm:pl-11">
          <form action={resendProjectInvitationAction} method="post">
            <ProjectIds data={props.data} />
            <input type="hidden" name="invitationId" value={inv().id} />
            <Button type="submit" variant="secondary" class="min-h-11" pending={resend.pending} pendingText="Sending…" aria-label={`Resend invitation to ${inv().email}`}>
              Resend
            </Button>
          </form>
          <ConfirmDialog
            trigger="Cancel"
            triggerClass="min-h-11"
            triggerLabel={`Cancel invitation to ${inv().email}`}
            title="Cancel this invitation?"
            confirm="Cancel invitation"
            dismiss="Keep invitation"
            pendingText="Cancelling…"
            action={cancelProjectInvitationAction}
            fields={{ slug: props.data.org.slug, projectId: props.data.project.id, invitationId: inv().id }}
          >
            The link sent to {inv().email} will stop working. You can invite them again later.
          </ConfirmDialog>
        </div>
      </Show>
    </li>
  );
}
