/**
 * The org invitations part of the members page, for admins and owners: invite one or many addresses (pasted, comma or
 * newline separated) with a role (only the roles this person may hand out), one result per address, each new link shown
 * once with a Copy button; and the pending invitations with "Resend" (new link, new expiry) and "Cancel".
 */
import { useSubmission } from "@solidjs/router";
import { createEffect, createUniqueId, For, lazy, on, Show, Suspense } from "solid-js";
import { assignableOrgRoles, roleLabel, type OrgRole } from "~/lib/permissions";
import { cancelOrgInvitationAction, inviteToOrgAction, resendOrgInvitationAction, type Invitation } from "~/rpc/members";
import type { ActionResult } from "~/server/rpc";
import { ConfirmDialog } from "./ConfirmDialog";
import { selectClass } from "./OrgAdmin";
import { Time } from "./Time";
import { Alert, Button, Card } from "./ui";

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
        <Card class="!p-0">
          <ul class="divide-y divide-slate-200 dark:divide-slate-800" aria-label={`Pending invitations to ${props.org.name}`}>
            <For each={props.invitations}>{(inv) => <InvitationRow org={props.org} invitation={inv} />}</For>
          </ul>
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

// Safe to defer: the results (and the toast) exist only after a send; loading starts when the form is reached. A send
// without the page's script (the server renders the results) still shows them.
const afterSend = () => import("./InviteResults");
const InviteResults = lazy(() => afterSend().then((m) => ({ default: m.InviteResults })));
const warm = () => void InviteResults.preload();

function InviteForm(props: { org: Org }) {
  const submission = useSubmission(inviteToOrgAction);
  let form!: HTMLFormElement;
  const roles = () => assignableOrgRoles(props.org.role);
  const fields = (): Record<string, string> => failure(submission.result)?.fields ?? {};
  const formError = () => {
    const e = failure(submission.result);
    return e && !e.fields ? e.message : null;
  };
  const results = () => (submission.result?.ok ? submission.result.data : null);
  createEffect(
    on(
      () => submission.result,
      (r) => {
        if (r?.ok) void afterSend().then((m) => m.afterInvite(r.data, form), () => {});
      },
      { defer: true },
    ),
  );

  return (
    <>
      <form ref={form} action={inviteToOrgAction} method="post" novalidate class="flex flex-col gap-3" onFocusIn={warm} onPointerOver={warm} onTouchStart={warm}>
        <input type="hidden" name="orgSlug" value={props.org.slug} />
        <div class="flex flex-col gap-1">
          <label for="invite-emails" class="text-sm font-medium">
            Email addresses
          </label>
          <textarea
            id="invite-emails"
            name="emails"
            rows={3}
            autocomplete="off"
            spellcheck={false}
            placeholder="ada@example.org, grace@example.org"
            aria-describedby={`invite-emails-hint${fields().emails ? " invite-emails-error" : ""}`}
            aria-invalid={fields().emails ? "true" : undefined}
            class="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-blue-600 aria-[invalid=true]:border-red-600 sm:max-w-xl dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
          />
          <p id="invite-emails-hint" class="text-xs text-slate-600 dark:text-slate-400">
            One address, or many separated by commas or new lines (up to 50).
          </p>
          <Show when={fields().emails}>
            <p id="invite-emails-error" class="text-sm text-red-700 dark:text-red-400">
              {fields().emails}
            </p>
          </Show>
        </div>
        <div class="flex flex-wrap items-end gap-3">
          <div class="flex flex-col gap-1">
            <label for="invite-role" class="text-sm font-medium">
              Role
            </label>
            <select
              id="invite-role"
              name="role"
              class={`${selectClass} min-h-11`}
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
          </div>
          <Button type="submit" class="min-h-11" pending={submission.pending} pendingText="Sending…">
            Send invitations
          </Button>
        </div>
        <Show when={fields().role}>
          <p id="invite-role-error" class="text-sm text-red-700 dark:text-red-400">
            {fields().role}
          </p>
        </Show>
        <Show when={formError()}>
          <Alert kind="error">{formError()}</Alert>
        </Show>
      </form>
      <Suspense>
        <Show when={results()}>{(r) => <InviteResults results={r()} />}</Show>
      </Suspense>
    </>
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
    <li class="flex flex-col gap-3 px-4 py-3 text-sm sm:flex-row sm:items-center sm:gap-4" data-testid="invitation-row">
      <div class="min-w-0 flex-1">
        <p class="font-medium [overflow-wrap:anywhere]">{inv().email}</p>
        <p class="text-slate-600 dark:text-slate-400">
          {roleLabel(inv().orgRole)} · invited by {inv().invitedBy.name} ·{" "}
          <Show when={inv().status === "expired"} fallback={<>expires <Time iso={inv().expiresAt} /></>}>
            <span class="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">
              Expired <Time iso={inv().expiresAt} />
            </span>
          </Show>
        </p>
      </div>
      <div class="flex flex-col gap-1 sm:items-end">
        <div class="flex flex-wrap gap-2">
          <form action={resendOrgInvitationAction} method="post">
            <For each={Object.entries(fields())}>{([name, value]) => <input type="hidden" name={name} value={value} />}</For>
            <Button
              type="submit"
              variant="secondary"
              class="min-h-11"
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
            triggerClass="min-h-11"
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
          <p id={`${id}-error`} role="alert" class="text-sm text-red-700 dark:text-red-400">
            {resendError()}
          </p>
        </Show>
      </div>
    </li>
  );
}
