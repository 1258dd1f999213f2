/** What every state of the invitation page (src/routes/invite/[token].tsx) shows: the details, the way home, the look. */
import { type JSX, Show } from "solid-js";
import { roleLabel } from "~/lib/permissions";
import type { InvitationPage } from "~/rpc/invitations";
import { Time } from "./Time";
import { linkClass } from "./ui";

export type Invitation = NonNullable<InvitationPage["invitation"]>;
export type Viewer = NonNullable<InvitationPage["viewer"]>;

// Phones first: every action is a full-width, 44 px tall target below the sm breakpoint (invitees mostly open the link
// on a phone), side by side from sm up.
export const linkButton = {
  primary: "inline-flex min-h-11 items-center justify-center rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 max-sm:w-full",
  secondary:
    "inline-flex min-h-11 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 max-sm:w-full dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800",
};
export const wideButton = "min-h-11 max-sm:w-full";
export const actionsRow = "flex flex-col gap-3 sm:flex-row sm:flex-wrap";

export function GoHome(props: { label?: string; href?: string }) {
  return (
    <p>
      <a href={props.href ?? "/"} class={linkClass}>
        {props.label ?? "Go to CoRATES"}
      </a>
    </p>
  );
}

export function InvitationDetails(props: { invitation: Invitation }) {
  const inv = () => props.invitation;
  const row = (label: string, value: JSX.Element) => (
    <div class="flex flex-wrap gap-x-2">
      <dt class="font-medium text-slate-600 dark:text-slate-400">{label}:</dt>
      <dd class="min-w-0 break-words">{value}</dd>
    </div>
  );
  return (
    <dl class="flex flex-col gap-1.5 rounded-md bg-slate-50 p-4 text-sm dark:bg-slate-800/60" data-testid="invitation-details">
      {row("Workspace", <span data-testid="invitation-org">{inv().org.name}</span>)}
      <Show when={inv().project}>{(p) => row("Project", <span data-testid="invitation-project">{p().name}</span>)}</Show>
      {row("Invited by", <span data-testid="invitation-inviter">{inv().inviter.name}</span>)}
      {row("Invited address", <span data-testid="invitation-email" class="break-all">{inv().email}</span>)}
      <Show
        when={inv().project}
        fallback={row("Role", <span data-testid="invitation-role">{roleLabel(inv().role)}</span>)}
      >
        {row("Project role", <span data-testid="invitation-role">{roleLabel(inv().role)}</span>)}
        {row("Workspace role", <span data-testid="invitation-org-role">{`${roleLabel(inv().orgRole)} (if you are not in the workspace yet)`}</span>)}
      </Show>
      <Show when={inv().status === "pending"}>{row("Expires", <Time iso={inv().expiresAt} />)}</Show>
    </dl>
  );
}
