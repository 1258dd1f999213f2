/**
 * /invite/<token>: the public invitation page. It shows what the invitation is (workspace, project, inviter, invited
 * address, role) and its state, and offers the one way forward that fits who is looking: signed out (create an account
 * for the invited address, or sign in, then come back here), signed in as the invited address (accept or decline), or
 * signed in as someone else (sign out and continue). The server decides every action again; this page only mirrors it.
 */
import { OrgLogo } from "~/components/OrgLogo";
import { Meta, Title } from "~/components/Head";
import { HttpStatusCode } from "@solidjs/start";
import { createAsync, useAction, useParams, useSubmission, type RouteDefinition } from "@solidjs/router";
import { createEffect, createSignal, type JSX, lazy, Match, Show, Switch } from "solid-js";
import { Time } from "~/components/Time";
import { toast } from "~/components/Toaster";
import { Alert, Button, linkClass, NarrowPage } from "~/components/ui";
import { preloadAuthClient, withAuthClient } from "~/lib/auth";
import { useHydrated } from "~/lib/forms";
import { withNext } from "~/lib/links";
import { roleLabel } from "~/lib/permissions";
import { acceptInvitationAction, declineInvitationAction, getInvitationPage, type InvitationPage } from "~/rpc/invitations";
import { preloadWith } from "~/lib/preload";

// Provider sign-in (ORCID, Google) and why one failed: chunks of their own, not part of this page's first load.
const SocialButtons = lazy(() => import("~/components/SocialButtons"));

export const route = { preload: ({ params }) => preloadWith(() => import("~/rpc/invitations"), (m) => m.getInvitationPage, params.token!) } satisfies RouteDefinition;

type Invitation = NonNullable<InvitationPage["invitation"]>;
type Viewer = NonNullable<InvitationPage["viewer"]>;

// Phones first: every action is a full-width, 44 px tall target below the sm breakpoint (invitees mostly open the link
// on a phone), side by side from sm up.
const linkButton = {
  primary: "inline-flex min-h-11 items-center justify-center rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 max-sm:w-full",
  secondary:
    "inline-flex min-h-11 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 max-sm:w-full dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800",
};
const wideButton = "min-h-11 max-sm:w-full";
const actionsRow = "flex flex-col gap-3 sm:flex-row sm:flex-wrap";

/** The confirmation after accepting, shown on the page the invitee lands on. */
function joinedMessage(inv: Invitation): string {
  return inv.project ? `You joined ${inv.project.name} in ${inv.org.name}.` : `You joined ${inv.org.name}.`;
}

function headline(inv: Invitation): string {
  switch (inv.status) {
    case "pending":
      return inv.project ? `Join the project ${inv.project.name}` : `Join ${inv.org.name}`;
    case "accepted":
      return "This invitation was already accepted";
    case "expired":
      return "This invitation has expired";
    case "cancelled":
      return "This invitation was cancelled";
    case "declined":
      return "This invitation was declined";
  }
}

export default function InvitePage() {
  const params = useParams();
  const page = createAsync(() => getInvitationPage(params.token!), { deferStream: true });
  const path = () => `/invite/${params.token}`;

  return (
    <>
      {/*
        The token is in this page's URL: no other site may see it in a Referer header. "same-origin" rather than
        "no-referrer", because under "no-referrer" the browser sends `Origin: null` on this page's own POSTs (accept,
        decline, sign out), which our origin check and Better Auth rightly refuse.
      */}
      <Meta name="referrer" content="same-origin" />
      <Show when={page()}>
        {(p) => (
          <Show when={p().invitation} fallback={<UnknownInvitation />}>
            {(inv) => <KnownInvitation invitation={inv()} viewer={p().viewer} token={params.token!} path={path()} />}
          </Show>
        )}
      </Show>
    </>
  );
}

function UnknownInvitation() {
  return (
    <NarrowPage title="Invitation not found">
      <HttpStatusCode code={404} />
      <Title>Invitation not found · CoRATES</Title>
      <div class="flex flex-col gap-4" data-testid="invitation-state" data-state="unknown">
        <p class="text-slate-700 dark:text-slate-300">
          We couldn't find this invitation. The link may be mistyped or incomplete: copy the whole link from the email and try again. If the invitation was
          sent again, only the newest email's link works.
        </p>
        <GoHome />
      </div>
    </NarrowPage>
  );
}

function GoHome(props: { label?: string; href?: string }) {
  return (
    <p>
      <a href={props.href ?? "/"} class={linkClass}>
        {props.label ?? "Go to CoRATES"}
      </a>
    </p>
  );
}

function KnownInvitation(props: { invitation: Invitation; viewer: Viewer | null; token: string; path: string }) {
  const inv = () => props.invitation;
  const isInvitee = () => !!props.viewer && props.viewer.email.trim().toLowerCase() === inv().email.trim().toLowerCase();
  // Read here, not in AcceptOrDecline: that part is gone once the page reloads the invitation as declined.
  const declined = useSubmission(declineInvitationAction);
  let stateRegion: HTMLDivElement | undefined;
  createEffect(() => {
    // The buttons that had focus disappear: move focus to the new state so keyboard users are not lost.
    if (declined.result?.ok && inv().status === "declined") stateRegion?.focus();
  });

  return (
    <NarrowPage title={headline(inv())}>
      <Title>{inv().project ? `Invitation to ${inv().project!.name}` : `Invitation to ${inv().org.name}`} · CoRATES</Title>
      <div ref={stateRegion} tabIndex={-1} class="flex flex-col gap-5 outline-none" data-testid="invitation-state" data-state={inv().status}>
        <OrgLogo logo={inv().org.logo} size="lg" />
        <Details invitation={inv()} />
        <Switch>
          <Match when={inv().status === "pending"}>
            <Switch>
              <Match when={!props.viewer}>
                <SignedOut invitation={inv()} path={props.path} token={props.token} />
              </Match>
              <Match when={!isInvitee()}>
                <WrongAccount invitation={inv()} viewer={props.viewer!} path={props.path} />
              </Match>
              <Match when={!props.viewer!.emailVerified}>
                <Alert kind="info" title="Verify your email first">
                  Open the verification link we emailed to <strong>{inv().email}</strong>, then come back to this page to accept.{" "}
                  <a href={withNext("/verify-email", props.path)} class={linkClass}>
                    Send a new verification link
                  </a>
                </Alert>
              </Match>
              <Match when={true}>
                <AcceptOrDecline invitation={inv()} token={props.token} />
              </Match>
            </Switch>
          </Match>
          <Match when={inv().status === "accepted"}>
            <p class="text-slate-700 dark:text-slate-300">
              Someone already used this invitation, and each invitation works once. If that was you, you are a member of {inv().org.name}.
            </p>
            <Show when={isInvitee()} fallback={<GoHome />}>
              <GoHome href={`/orgs/${inv().org.slug}`} label={`Open ${inv().org.name}`} />
            </Show>
          </Match>
          <Match when={inv().status === "expired"}>
            <p class="text-slate-700 dark:text-slate-300">
              Invitations work for 7 days. Ask {inv().inviter.name} to send you a new link.
            </p>
            <GoHome />
          </Match>
          <Match when={inv().status === "cancelled"}>
            <p class="text-slate-700 dark:text-slate-300">
              {inv().inviter.name} or another admin of {inv().org.name} cancelled it, so the link no longer works. If you still want to join, ask{" "}
              {inv().inviter.name} to send you a new link.
            </p>
            <GoHome />
          </Match>
          <Match when={inv().status === "declined"}>
            <p class="text-slate-700 dark:text-slate-300">
              The link no longer works. If you declined by mistake, ask {inv().inviter.name} to send you a new link.
            </p>
            <GoHome />
          </Match>
        </Switch>
        <p role="status" aria-live="polite" class="text-sm text-green-800 empty:hidden dark:text-green-300" data-testid="invitation-announcer">
          {declined.result?.ok ? "You declined the invitation." : ""}
        </p>
      </div>
    </NarrowPage>
  );
}

function Details(props: { invitation: Invitation }) {
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

function SignedOut(props: { invitation: Invitation; path: string; token: string }) {
  return (
    <div class="flex flex-col gap-3">
      <p class="text-slate-700 dark:text-slate-300">
        To accept, create a CoRATES account for <strong class="break-all">{props.invitation.email}</strong>, or sign in if you already have one. You will
        come back to this page to accept.
      </p>
      <Choices token={props.token}>
        <a href={withNext("/signup", props.path, { email: props.invitation.email, fixed: "1" })} class={linkButton.primary}>
          Create account
        </a>
        <a href={withNext("/signin", props.path, { email: props.invitation.email })} class={linkButton.secondary}>
          Sign in
        </a>
      </Choices>
      <SocialButtons next={props.path} />
      <GoHome />
    </div>
  );
}

function WrongAccount(props: { invitation: Invitation; viewer: Viewer; path: string }) {
  const hydrated = useHydrated();
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  async function signOutAndContinue() {
    if (pending()) return;
    setPending(true);
    setError(null);
    const res = await withAuthClient((c) => c.signOut());
    if (!res.ok) {
      setPending(false);
      setError(res.message);
      return;
    }
    // A full reload: the page is rendered again on the server, now signed out.
    window.location.replace(props.path);
  }

  return (
    <div class="flex flex-col gap-3" data-testid="invitation-mismatch">
      <Alert kind="info" title="This invitation is for a different address">
        <p>
          You are signed in as <strong data-testid="mismatch-signed-in" class="break-all">{props.viewer.email}</strong>, but this invitation was sent to{" "}
          <strong data-testid="mismatch-invited" class="break-all">{props.invitation.email}</strong>.
        </p>
        <p class="mt-2">To accept it, sign out and continue as {props.invitation.email}. Nothing changes for {props.viewer.email}.</p>
      </Alert>
      <Show when={error()}>
        <Alert kind="error">{error()}</Alert>
      </Show>
      <p class="text-sm text-slate-700 dark:text-slate-300">Not for you? After signing out you can also decline it from this page.</p>
      <div class={`${actionsRow} sm:items-center`}>
        <Button
          type="button"
          class={wideButton}
          onClick={signOutAndContinue}
          onFocus={preloadAuthClient}
          onPointerEnter={preloadAuthClient}
          pending={pending()}
          pendingText="Signing out…"
          disabled={!hydrated()}
        >
          Sign out and continue
        </Button>
        <a href="/" class={linkClass}>
          Go to CoRATES
        </a>
      </div>
    </div>
  );
}

/**
 * The ways forward plus "Decline", which first asks for confirmation in place. Declining works signed out too: the
 * link is the credential (docs/adr/0002-decline-with-the-token.md).
 */
function Choices(props: { token: string; busy?: boolean; children: JSX.Element }) {
  const hydrated = useHydrated();
  const declining = useSubmission(declineInvitationAction);
  const [confirming, setConfirming] = createSignal(false);
  let declineButton: HTMLButtonElement | undefined;
  let confirmButton: HTMLButtonElement | undefined;
  const failure = () => {
    const r = declining.result;
    if (r && !r.ok) return r.error.message;
    const e = declining.error as { message?: string } | undefined;
    return e ? e.message || "Something went wrong on our side. Please try again." : null;
  };

  const startConfirm = () => {
    setConfirming(true);
    queueMicrotask(() => confirmButton?.focus());
  };
  const cancelConfirm = () => {
    setConfirming(false);
    queueMicrotask(() => declineButton?.focus());
  };

  return (
    <>
      <Show when={failure()}>
        <Alert kind="error">
          <span data-testid="invitation-error">{failure()}</span>
        </Alert>
      </Show>
      <Show
        when={!confirming()}
        fallback={
          <div class="rounded-md border border-red-200 p-4 dark:border-red-900" role="group" aria-labelledby="decline-confirm-text">
            <p id="decline-confirm-text" class="mb-3 text-sm">
              Decline this invitation? The link stops working, and you would need a new invitation to join later.
            </p>
            <form action={declineInvitationAction} method="post" class={actionsRow}>
              <input type="hidden" name="token" value={props.token} />
              <Button type="submit" variant="danger" class={wideButton} ref={confirmButton} pending={declining.pending} pendingText="Declining…">
                Yes, decline
              </Button>
              <Button type="button" variant="secondary" class={wideButton} onClick={cancelConfirm} disabled={declining.pending}>
                Keep the invitation
              </Button>
            </form>
          </div>
        }
      >
        <div class={actionsRow}>
          {props.children}
          <Button type="button" variant="secondary" class={wideButton} ref={declineButton} onClick={startConfirm} disabled={!hydrated() || props.busy}>
            Decline
          </Button>
        </div>
      </Show>
    </>
  );
}

function AcceptOrDecline(props: { invitation: Invitation; token: string }) {
  const accepting = useSubmission(acceptInvitationAction);
  const accept = useAction(acceptInvitationAction);

  const failure = () => {
    const r = accepting.result;
    if (r && !r.ok) return r.error.message;
    const e = accepting.error as { message?: string } | undefined;
    return e ? e.message || "Something went wrong on our side. Please try again." : null;
  };

  // With the page's script, accept through the action and, once it has redirected into the workspace (or project),
  // confirm there with a toast. Without the script the form posts as usual and lands in the same place.
  async function onSubmit(e: SubmitEvent & { currentTarget: HTMLFormElement }) {
    e.preventDefault();
    const message = joinedMessage(props.invitation);
    try {
      const r = await accept(new FormData(e.currentTarget));
      if (!r) toast({ message });
    } catch {
      /* shown by failure() from the submission */
    }
  }

  const destination = () => (props.invitation.project ? `the project ${props.invitation.project.name}` : props.invitation.org.name);

  return (
    <div class="flex flex-col gap-3">
      <p class="text-slate-700 dark:text-slate-300">
        You are signed in as <strong class="break-all">{props.invitation.email}</strong>. Accept to join {destination()}.
      </p>
      <Show when={failure()}>
        <Alert kind="error">
          <span data-testid="invitation-error">{failure()}</span>
        </Alert>
      </Show>
      <Choices token={props.token} busy={accepting.pending}>
        <form action={acceptInvitationAction} method="post" class="max-sm:w-full" onSubmit={onSubmit}>
          <input type="hidden" name="token" value={props.token} />
          <Button type="submit" class={wideButton} pending={accepting.pending} pendingText="Accepting…">
            Accept
          </Button>
        </form>
      </Choices>
    </div>
  );
}
