/**
 * /invite/<token>: the public invitation page. It shows what the invitation is (workspace, project, inviter, invited
 * address, role) and its state, and offers the one way forward that fits who is looking: signed out (create an account
 * for the invited address, or sign in, then come back here), signed in as the invited address (accept or decline), or
 * signed in as someone else (sign out and continue). The server decides every action again; this page only mirrors it.
 */
import { Meta } from "~/components/Head";
import { createAsync, useParams, type RouteDefinition } from "@solidjs/router";
import { Show } from "solid-js";
import { getInvitationPage } from "~/rpc/invitations";
import { preloadWith } from "~/lib/preload";
import { takeOverOnUse } from "~/lib/take-over";

export const route = { preload: ({ params }) => preloadWith(() => import("~/rpc/invitations"), (m) => m.getInvitationPage, params.token!) } satisfies RouteDefinition;

// The page's body is server-rendered and taken over by the browser at the first sign of use (src/lib/take-over.tsx).
const InvitationPage = takeOverOnUse(() => import("~/components/InvitationPage"));

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
      <Show when={page()}>{(p) => <InvitationPage invitation={p().invitation ?? null} viewer={p().viewer} token={params.token!} path={path()} />}</Show>
    </>
  );
}
