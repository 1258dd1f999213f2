/**
 * Pending invitations of a project (everyone in it sees them) and, for project owners and org admins/owners, the
 * invite form plus resend and cancel. The workspace role is offered only to those who may hand it out
 * (assignableOrgRoles); everyone else's invitees join the org as members.
 */
import { useSubmission } from "@solidjs/router";
import { createEffect, For, on, Show } from "solid-js";
import { focusFirstError } from "~/lib/auth-client";
import { assignableOrgRoles, projectRoles, roleLabel, type OrgRole, type ProjectRole } from "~/lib/permissions";
import { cancelProjectInvitationAction, inviteToProjectAction, resendProjectInvitationAction, type Invitation, type ProjectPageOk } from "~/rpc/projects";
import { ConfirmDialog } from "./ConfirmDialog";
import { ProjectIds } from "./ProjectMembers";
import { Time } from "./Time";
import { Alert, Button, Card, TextField } from "./ui";

const selectClass =
  "rounded-md border border-slate-300 bg-white px-2 py-2 text-sm text-slate-900 shadow-sm focus:border-blue-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";

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

function InviteForm(props: { data: ProjectPageOk }) {
  const orgRoles = () => assignableOrgRoles(props.data.org.role);
  const submission = useSubmission(inviteToProjectAction);
  const fields = () => (submission.result && !submission.result.ok ? (submission.result.error.fields ?? {}) : {});
  const formError = () => (submission.result && !submission.result.ok && !submission.result.error.fields ? submission.result.error.message : null);
  let form!: HTMLFormElement;
  createEffect(
    on(
      () => submission.result,
      (r) => {
        if (!r) return;
        if (r.ok) form.reset();
        else focusFirstError(form);
      },
      { defer: true },
    ),
  );

  return (
    <form ref={form} action={inviteToProjectAction} method="post" class="mt-3 flex flex-col gap-3" novalidate>
      <Show when={formError()}>
        <Alert kind="error">{formError()}</Alert>
      </Show>
      <ProjectIds data={props.data} />
      <div class="flex flex-wrap items-start gap-3">
        <TextField label="Email" name="email" type="email" autocomplete="off" required maxLength={254} class="min-w-64 flex-1" error={fields().email} />
        <div class="flex flex-col gap-1">
          <label for="invite-role" class="text-sm font-medium">
            Project role
          </label>
          <select id="invite-role" name="role" class={selectClass}>
            <For each={projectRoles}>{(r: ProjectRole) => <option value={r}>{roleLabel(r)}</option>}</For>
          </select>
        </div>
        <Show when={orgRoles().length > 0}>
          <div class="flex flex-col gap-1">
            <label for="invite-org-role" class="text-sm font-medium">
              Workspace role
            </label>
            <select id="invite-org-role" name="orgRole" class={selectClass}>
              <For each={orgRoles()}>{(r: OrgRole) => <option value={r}>{roleLabel(r)}</option>}</For>
            </select>
          </div>
        </Show>
      </div>
      <Show when={fields().orgRole || fields().role}>
        <p class="text-sm text-red-700 dark:text-red-400">{fields().orgRole ?? fields().role}</p>
      </Show>
      <p class="text-xs text-slate-600 dark:text-slate-400">
        <Show when={orgRoles().length > 0} fallback={`People not yet in ${props.data.org.name} join it as members when they accept.`}>
          The workspace role applies only to people not yet in {props.data.org.name}.
        </Show>
      </p>
      <div>
        <Button type="submit" pending={submission.pending} pendingText="Sending…">
          Send invitation
        </Button>
      </div>
    </form>
  );
}

function InvitationRow(props: { data: ProjectPageOk; invitation: Invitation }) {
  const inv = () => props.invitation;
  const resend = useSubmission(resendProjectInvitationAction, ([form]) => form.get("invitationId") === props.invitation.id);
  const resendError = () => (resend.result && !resend.result.ok ? resend.result.error.message : null);
  const expired = () => inv().status === "expired";

  return (
    <li class="flex flex-wrap items-center justify-between gap-3 py-3" data-testid={`project-invitation-${inv().email}`}>
      <div class="text-sm">
        <p class="font-medium">
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
      <Show when={props.data.rights.canManageMembers}>
        <div class="flex gap-2">
          <form action={resendProjectInvitationAction} method="post">
            <ProjectIds data={props.data} />
            <input type="hidden" name="invitationId" value={inv().id} />
            <Button type="submit" variant="secondary" pending={resend.pending} pendingText="Sending…" aria-label={`Resend invitation to ${inv().email}`}>
              Resend
            </Button>
          </form>
          <ConfirmDialog
            trigger="Cancel"
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
