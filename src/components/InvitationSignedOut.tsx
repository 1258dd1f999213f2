/** The invitation page for a signed-out visitor: create an account for the invited address, or sign in, then return. */
import { lazy } from "solid-js";
import { withNext } from "~/lib/links";
import { Choices } from "./InvitationChoices";
import { GoHome, linkButton, type Invitation } from "./InvitationParts";

// Provider sign-in (ORCID, Google) and why one failed: chunks of their own, not part of this page's first load.
const SocialButtons = lazy(() => import("~/components/SocialButtons"));

export function SignedOut(props: { invitation: Invitation; path: string; token: string }) {
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
