/**
 * The org invitations part of the members page, for admins and owners: invite by email with a role (only the roles
 * this person may hand out), and the pending invitations with "Resend" (new link, new expiry) and "Cancel".
 */
import { useSubmission } from "@solidjs/router";
import { createEffect, createUniqueId, For, on, Show } from "solid-js";
import { assignableOrgRoles, roleLabel, type OrgRole } from "~/lib/permissions";
import { cancelOrgInvitationAction, inviteToOrgAction, resendOrgInvitationAction, type Invitation } from "~/rpc/members";
import type { ActionResult } from "~/server/rpc";
import { ConfirmDialog } from "./ConfirmDialog";
import { DateText, selectClass } from "./OrgAdmin";
import { Alert, Button, Card, TextField } from "./ui";

type Org = { name: string; slug: string; role: OrgRole };

export function OrgInvitations(props: { org: Org; invitations: Invitation[]; more: boolean }) {
  return (
    <section aria-labelledby="invitations-heading" class="mt-10">
      <h2 id="invitations-heading" class="mb-3 text-lg font-semibold">
        Invitations
      </h2>
      <InviteForm org={props.org} />
      <h3 class="mt-6 mb-2 font-semibold">Pending invitations</h3>
      <Show
        when={props.invitations.length > 0}
        fallback={<p class="text-sm text-slate-600 dark:text-slate-400">No pending invitations. People you invite appear here until they accept.</p>}
      >
        <Card class="overflow-x-auto !p-0">
          <table class="w-full text-left text-sm">
            <caption class="sr-only">Pending invitations to {props.org.name}</caption>
            <thead class="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:text-slate-400">
              <tr>
                <th scope="col" class="px-4 py-3 font-medium">
                  Email
                </th>
                <th scope="col" class="px-4 py-3 font-medium">
                  Role
                </th>
                <th scope="col" class="px-4 py-3 font-medium">
                  Invited by
                </th>
                <th scope="col" class="px-4 py-3 font-medium">
                  Expires
                </th>
                <th scope="col" class="px-4 py-3 font-medium">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody class="divide-y divide-slate-200 dark:divide-slate-800">
              <For each={props.invitations}>{(inv) => <InvitationRow org={props.org} invitation={inv} />}</For>
            </tbody>
          </table>
        </Card>
        <Show when={props.more}>
          <p class="mt-2 text-sm text-slate-600 dark:text-slate-400">Showing the 100 most recent pending invitations.</p>
        </Show>
      </Show>
    </section>
  );
}

function failure<T>(result: ActionResult<T> | undefined) {
  return result && !result.ok ? result.error : null;
}

function InviteForm(props: { org: Org }) {
  const submission = useSubmission(inviteToOrgAction);
  let form!: HTMLFormElement;
  const roles = () => assignableOrgRoles(props.org.role);
  // "Already a member" is about the address typed, so it shows next to that field, like validation messages.
  const fields = (): Record<string, string> => {
    const e = failure(submission.result);
    if (!e) return {};
    if (e.fields) return e.fields;
    return e.code === "ALREADY_MEMBER" ? { email: e.message } : {};
  };
  const formError = () => {
    const e = failure(submission.result);
    return e && !e.fields && e.code !== "ALREADY_MEMBER" ? e.message : null;
  };
  createEffect(
    on(
      () => submission.result,
      (r) => {
        if (r?.ok) form.reset();
      },
      { defer: true },
    ),
  );

  return (
    <form ref={form} action={inviteToOrgAction} method="post" novalidate class="flex flex-col gap-3 sm:flex-row sm:items-start">
      <input type="hidden" name="orgSlug" value={props.org.slug} />
      <TextField label="Email address" name="email" id="invite-email" type="email" autocomplete="off" required maxLength={254} class="sm:w-80" error={fields().email} />
      <div class="flex flex-col gap-1">
        <label for="invite-role" class="text-sm font-medium">
          Role
        </label>
        <select
          id="invite-role"
          name="role"
          class={selectClass}
          aria-invalid={fields().role ? "true" : undefined}
          aria-describedby={fields().role ? "invite-role-error" : undefined}
        >
          <For each={roles()}>
            {(r) => (
              <option value={r} selected={r === "member"}>
                {roleLabel(r)}
              </option>
            )}
          </For>
        </select>
        <Show when={fields().role}>
          <p id="invite-role-error" class="text-sm text-red-700 dark:text-red-400">
            {fields().role}
          </p>
        </Show>
      </div>
      <div class="flex flex-col gap-1">
        {/* Aligns the button with the inputs, below their labels. */}
        <span class="hidden text-sm sm:block" aria-hidden="true">
          &nbsp;
        </span>
        <Button type="submit" pending={submission.pending} pendingText="Sending…">
          Send invitation
        </Button>
      </div>
      <Show when={formError()}>
        <div class="sm:self-center">
          <Alert kind="error">{formError()}</Alert>
        </div>
      </Show>
    </form>
  );
}

function InvitationRow(props: { org: Org; invitation: Invitation }) {
  const inv = () => props.invitation;
  const id = createUniqueId();
  const mine = ([form]: [FormData]) => form.get("invitationId") === inv().id;
  const resend = useSubmission(resendOrgInvitationAction, mine);
  const resendError = () => failure(resend.result)?.message ?? null;
  const fields = () => ({ orgSlug: props.org.slug, invitationId: inv().id, email: inv().email });

  return (
    <tr class="align-top">
      <td class="px-4 py-3 break-all">{inv().email}</td>
      <td class="whitespace-nowrap px-4 py-3">{roleLabel(inv().orgRole)}</td>
      <td class="px-4 py-3">{inv().invitedBy.name}</td>
      <td class="whitespace-nowrap px-4 py-3">
        <Show when={inv().status === "expired"} fallback={<DateText iso={inv().expiresAt} />}>
          <span class="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            Expired <DateText iso={inv().expiresAt} />
          </span>
        </Show>
      </td>
      <td class="px-4 py-3">
        <div class="flex flex-wrap justify-end gap-2">
          <form action={resendOrgInvitationAction} method="post">
            <For each={Object.entries(fields())}>{([name, value]) => <input type="hidden" name={name} value={value} />}</For>
            <Button
              type="submit"
              variant="secondary"
              pending={resend.pending}
              pendingText="Sending…"
              aria-label={`Resend invitation to ${inv().email}`}
              aria-describedby={resendError() ? `${id}-error` : undefined}
            >
              Resend
            </Button>
          </form>
          <ConfirmDialog
            trigger="Cancel"
            triggerLabel={`Cancel invitation to ${inv().email}`}
            title={`Cancel the invitation to ${inv().email}?`}
            confirm="Cancel invitation"
            dismiss="Keep invitation"
            pendingText="Cancelling…"
            action={cancelOrgInvitationAction}
            fields={fields()}
          >
            <p>The link we emailed stops working at once. You can invite this address again later.</p>
          </ConfirmDialog>
        </div>
        <Show when={resendError()}>
          <p id={`${id}-error`} role="alert" class="mt-1 text-right text-sm text-red-700 dark:text-red-400">
            {resendError()}
          </p>
        </Show>
      </td>
    </tr>
  );
}
