/**
 * The org invitations part of the members page, for admins and owners: invite one or many addresses (pasted, comma or
 * newline separated) with a role (only the roles this person may hand out), one result per address, each new link shown
 * once with a Copy button; and the pending invitations with "Resend" (new link, new expiry) and "Cancel".
 */
import { useSubmission } from "@solidjs/router";
import { createEffect, createSignal, createUniqueId, For, on, Show } from "solid-js";
import { plural } from "~/lib/format";
import { assignableOrgRoles, roleLabel, type OrgRole } from "~/lib/permissions";
import { cancelOrgInvitationAction, inviteToOrgAction, resendOrgInvitationAction, type BulkInvitationResult, type Invitation } from "~/rpc/members";
import type { ActionResult } from "~/server/rpc";
import { ConfirmDialog } from "./ConfirmDialog";
import { selectClass } from "./OrgAdmin";
import { Time } from "./Time";
import { toast } from "./Toaster";
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

const outcomeText: Record<BulkInvitationResult["outcome"], string> = {
  sent: "Invitation sent",
  replaced: "Invitation renewed: the previous link no longer works",
  member: "Already a member",
  invalid: "Not sent",
  not_sent: "Not sent",
};

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
        if (!r?.ok) return;
        // Only the addresses that went through leave the field; the others stay to be corrected.
        const left = r.data.filter((x) => x.outcome === "invalid" || x.outcome === "not_sent").map((x) => x.email);
        const area = form.elements.namedItem("emails") as HTMLTextAreaElement | null;
        if (area) area.value = left.join("\n");
        const sent = r.data.filter((x) => x.outcome === "sent" || x.outcome === "replaced").length;
        const replaced = r.data.filter((x) => x.outcome === "replaced");
        if (r.data.length === 1 && replaced.length === 1) toast({ message: `Invitation to ${replaced[0]!.email} renewed. The previous link no longer works.` });
        else if (sent > 0) toast({ message: `${plural(sent, "invitation")} sent.` });
      },
      { defer: true },
    ),
  );

  return (
    <>
      <form ref={form} action={inviteToOrgAction} method="post" novalidate class="flex flex-col gap-3">
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
      <Show when={results()}>{(r) => <InviteResults results={r()} />}</Show>
    </>
  );
}

/** One line per address; new links are shown here once, as the database keeps only their hash. */
function InviteResults(props: { results: BulkInvitationResult[] }) {
  const withLinks = () => props.results.some((r) => r.outcome === "sent" || r.outcome === "replaced");
  return (
    <Card class="mt-4 !p-0" data-testid="invite-results">
      <h3 class="px-4 pt-3 font-semibold">Results</h3>
      <Show when={withLinks()}>
        <p class="px-4 text-sm text-slate-600 dark:text-slate-400">
          Each invitation was emailed. You can also copy a link to share it another way: it is shown only now.
        </p>
      </Show>
      <ul class="mt-2 divide-y divide-slate-200 dark:divide-slate-800">
        <For each={props.results}>{(r) => <InviteResultRow result={r} />}</For>
      </ul>
    </Card>
  );
}

function InviteResultRow(props: { result: BulkInvitationResult }) {
  const id = createUniqueId();
  const [copied, setCopied] = createSignal(false);
  const r = () => props.result;
  const link = () => {
    const x = r();
    return "invitation" in x ? x.invitation.link : null;
  };
  const ok = () => r().outcome === "sent" || r().outcome === "replaced";
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      toast({ message: "Invitation link copied." });
    } catch {
      (document.getElementById(`${id}-link`) as HTMLInputElement | null)?.select();
      toast({ message: "Copy the selected link with your keyboard or menu.", kind: "info" });
    }
  };
  return (
    <li class="flex flex-col gap-2 px-4 py-3 text-sm" data-testid="invite-result">
      <p class="[overflow-wrap:anywhere]">
        <span class="font-medium">{r().email}</span>
        {" — "}
        <span class={ok() ? "text-emerald-800 dark:text-emerald-300" : "text-red-700 dark:text-red-400"}>
          {outcomeText[r().outcome]}
          {"reason" in r() && r().outcome !== "member" ? `: ${(r() as { reason: string }).reason}` : ""}
        </span>
      </p>
      <Show when={link()}>
        {(url) => (
          <div class="flex flex-wrap items-center gap-2">
            <label for={`${id}-link`} class="sr-only">
              Invitation link for {r().email}
            </label>
            <input
              id={`${id}-link`}
              readOnly
              value={url()}
              onFocus={(e) => e.currentTarget.select()}
              class="min-h-11 min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
            />
            <Button type="button" variant="secondary" class="min-h-11" aria-label={`Copy invitation link for ${r().email}`} onClick={() => void copy(url())}>
              {copied() ? "Copied" : "Copy link"}
            </Button>
          </div>
        )}
      </Show>
    </li>
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
