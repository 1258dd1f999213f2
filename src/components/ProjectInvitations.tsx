/**
 * Pending invitations of a project (everyone in it sees them) and, for project owners and org admins/owners, the
 * invite form plus resend and cancel. The workspace role is offered only to those who may hand it out
 * (assignableOrgRoles); everyone else's invitees join the org as members.
 */
import { useSubmission } from "@solidjs/router";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { focusFirstError } from "~/lib/forms";
import { assignableOrgRoles, projectRoleChoices, roleLabel, type OrgRole, type ProjectRole } from "~/lib/permissions";
import {
  cancelProjectInvitationAction,
  inviteToProjectAction,
  resendProjectInvitationAction,
  type CreatedInvitation,
  type Invitation,
  type ProjectPageOk,
} from "~/rpc/projects";
import { Avatar } from "./Avatar";
import { ConfirmDialog } from "./ConfirmDialog";
import { ProjectIds, selectClass } from "./ProjectMembers";
import { Time } from "./Time";
import { Alert, Button, Card, TextField } from "./ui";

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

/**
 * The invite form. The project role starts at Member (projectRoleChoices), and inviting an owner (of the project, or
 * of the workspace) asks once more before sending. After sending, the link is shown once to copy: only this answer
 * carries it (the token is stored as a hash), and re-inviting a pending address says that its earlier link was replaced.
 */
function InviteForm(props: { data: ProjectPageOk }) {
  const orgRoles = () => assignableOrgRoles(props.data.org.role);
  const submission = useSubmission(inviteToProjectAction);
  const fields = () => (submission.result && !submission.result.ok ? (submission.result.error.fields ?? {}) : {});
  const formError = () => (submission.result && !submission.result.ok && !submission.result.error.fields ? submission.result.error.message : null);
  const created = () => (submission.result?.ok ? submission.result.data : null);
  const [confirmOwner, setConfirmOwner] = createSignal<string | null>(null);
  const [dismissed, setDismissed] = createSignal<CreatedInvitation | null>(null);
  let confirmed = false;
  let form!: HTMLFormElement;
  let confirmButton: HTMLButtonElement | undefined;
  let sendButton: HTMLButtonElement | undefined;
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

  function onSubmit(e: SubmitEvent) {
    if (confirmed) {
      confirmed = false;
      setConfirmOwner(null);
      return;
    }
    const data = new FormData(form);
    const who = String(data.get("email") ?? "").trim() || "this person";
    const projectOwner = data.get("role") === "owner";
    const orgOwner = data.get("orgRole") === "owner";
    if (!projectOwner && !orgOwner) return;
    e.preventDefault();
    setConfirmOwner(
      projectOwner && orgOwner
        ? `Invite ${who} as an owner of ${props.data.project.name} and of ${props.data.org.name}?`
        : projectOwner
          ? `Invite ${who} as an owner of ${props.data.project.name}? Owners can add and remove people, change roles and delete the project.`
          : `Invite ${who} as an owner of ${props.data.org.name}? Workspace owners can change everything, including deleting the workspace.`,
    );
    queueMicrotask(() => confirmButton?.focus());
  }

  return (
    <>
      <form ref={form} action={inviteToProjectAction} method="post" class="mt-3 flex flex-col gap-3" novalidate onSubmit={onSubmit}>
        <Show when={formError()}>
          <Alert kind="error">{formError()}</Alert>
        </Show>
        <ProjectIds data={props.data} />
        <div class="flex flex-wrap items-start gap-3">
          <TextField
            label="Email"
            name="email"
            type="email"
            autocomplete="off"
            required
            maxLength={254}
            class="w-full sm:w-auto sm:min-w-64 sm:flex-1"
            // A 44 px tap target (the shared field's own height is the design system's call).
            style={{ "min-height": "2.75rem" }}
            error={fields().email}
          />
          <div class="flex flex-col gap-1 max-sm:w-full">
            <label for="invite-role" class="text-sm font-medium">
              Project role
            </label>
            <select id="invite-role" name="role" class={selectClass} onChange={() => setConfirmOwner(null)}>
              <For each={projectRoleChoices}>{(r: ProjectRole) => <option value={r} selected={r === "member"}>{roleLabel(r)}</option>}</For>
            </select>
          </div>
          <Show when={orgRoles().length > 0}>
            <div class="flex flex-col gap-1 max-sm:w-full">
              <label for="invite-org-role" class="text-sm font-medium">
                Workspace role
              </label>
              <select id="invite-org-role" name="orgRole" class={selectClass} onChange={() => setConfirmOwner(null)}>
                <For each={orgRoles()}>{(r: OrgRole) => <option value={r} selected={r === "member"}>{roleLabel(r)}</option>}</For>
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
        <Show
          when={confirmOwner()}
          fallback={
            <div>
              <Button ref={sendButton} type="submit" class="min-h-11 max-sm:w-full" pending={submission.pending} pendingText="Sending…">
                Send invitation
              </Button>
            </div>
          }
        >
          <div class="rounded-md border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950/40" role="group" aria-labelledby="invite-owner-confirm" data-testid="invite-owner-confirm">
            <p id="invite-owner-confirm" class="mb-3 text-sm">
              {confirmOwner()}
            </p>
            <div class="flex flex-wrap gap-3">
              <Button
                ref={confirmButton}
                type="button"
                class="min-h-11 max-sm:w-full"
                pending={submission.pending}
                pendingText="Sending…"
                onClick={() => {
                  confirmed = true;
                  form.requestSubmit();
                }}
              >
                Yes, invite as owner
              </Button>
              <Button
                type="button"
                variant="secondary"
                class="min-h-11 max-sm:w-full"
                onClick={() => {
                  setConfirmOwner(null);
                  queueMicrotask(() => sendButton?.focus());
                }}
              >
                Back
              </Button>
            </div>
          </div>
        </Show>
      </form>
      <Show when={created() && created() !== dismissed() ? created() : null}>
        {(inv) => <CreatedLink invitation={inv()} onClose={() => setDismissed(inv())} />}
      </Show>
    </>
  );
}

/** The new invitation's link, once, to copy and send another way (chat, a colleague's own email). */
function CreatedLink(props: { invitation: CreatedInvitation; onClose: () => void }) {
  const [copied, setCopied] = createSignal(false);
  let input!: HTMLInputElement;
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.invitation.link);
      setCopied(true);
    } catch {
      // No clipboard permission: select the text so a long-press or Ctrl+C copies it.
      input.select();
    }
  }
  return (
    <div class="mt-4 rounded-md border border-slate-200 bg-slate-50 p-4 dark:border-slate-700 dark:bg-slate-800/60" data-testid="invitation-link">
      <p class="text-sm font-medium">
        <Show when={props.invitation.replaced} fallback={`Invitation sent to ${props.invitation.email}.`}>
          Invitation to {props.invitation.email} sent again: their earlier link no longer works.
        </Show>
      </p>
      <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">
        You can also copy the link and send it yourself. It is shown only now: we keep no copy. Only {props.invitation.email} can accept it.
      </p>
      <div class="mt-3 flex flex-wrap gap-2">
        <label for="invitation-link-value" class="sr-only">
          Invitation link for {props.invitation.email}
        </label>
        <input
          ref={input}
          id="invitation-link-value"
          readonly
          value={props.invitation.link}
          onFocus={(e) => e.currentTarget.select()}
          class="min-h-11 w-full min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs text-slate-900 sm:w-auto dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
        />
        <Button type="button" variant="secondary" class="min-h-11 max-sm:flex-1" onClick={copy}>
          {copied() ? "Copied" : "Copy link"}
        </Button>
        <Button type="button" variant="ghost" class="min-h-11 max-sm:flex-1" onClick={() => props.onClose()}>
          Done
        </Button>
      </div>
      <p role="status" class="sr-only">
        {copied() ? "Link copied." : ""}
      </p>
    </div>
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
