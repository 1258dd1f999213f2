/**
 * The body of /invite/<token> (the route, src/routes/invite/[token].tsx, reads the invitation and hands it here; the
 * browser takes this part over on first use, src/lib/take-over.tsx): what the invitation is, its state, and the one
 * way forward that fits who is looking.
 */
import { Title } from "~/components/Head";
import { HttpStatusCode } from "@solidjs/start";
import { useSubmission } from "@solidjs/router";
import { createEffect, Match, Show, Switch } from "solid-js";
import { AcceptOrDecline } from "./InvitationAccept";
import { GoHome, InvitationDetails, type Invitation, type Viewer } from "./InvitationParts";
import { SignedOut } from "./InvitationSignedOut";
import { WrongAccount } from "./InvitationWrongAccount";
import { Alert, linkClass, NarrowPage } from "./ui";
import { withNext } from "~/lib/links";
import { declineInvitationAction } from "~/rpc/invitations";

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

export default function InvitationPage(props: { invitation: Invitation | null; viewer: Viewer | null; token: string; path: string }) {
  return (
    <Show when={props.invitation} fallback={<UnknownInvitation />}>
      {(inv) => <KnownInvitation invitation={inv()} viewer={props.viewer} token={props.token} path={props.path} />}
    </Show>
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
        {/* OrgLogo.tsx's markup, written out: shared with the header, that component is a chunk of its own, which this
            signed-out page (no header) would fetch for one image. */}
        <Show when={inv().org.logo}>{(src) => <img src={src()} alt="" data-org-logo class="shrink-0 rounded object-contain h-12 w-12" />}</Show>
        <InvitationDetails invitation={inv()} />
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

