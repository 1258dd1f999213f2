/**
 * Why a provider sign-in or link came back unfinished, in our own words (never the provider's text, which arrives in
 * the URL and anyone can write). Loaded only when the address says so (/signin and SignInMethods.tsx).
 */
import { useSearchParams } from "@solidjs/router";
import { Show } from "solid-js";
import { param } from "~/lib/links";
import { Alert } from "./ui";

const names: Record<string, string> = { orcid: "ORCID", google: "Google" };

export function providerName(id: string | undefined): string {
  return (id && names[id]) || "the provider";
}

/** What a failed provider sign-in or link means for the person, by Better Auth's callback error code. */
export function socialFailureText(code: string, provider: string): string {
  switch (code) {
    case "access_denied":
      return `You cancelled signing in with ${provider}. Try again, or sign in another way.`;
    case "account_not_linked":
      return `An account with this email already exists, and ${provider} has not confirmed that the address is yours. Sign in with your password or an email link, then add ${provider} on your account page.`;
    case "email_not_verified":
      return "Your email address isn't verified yet. We emailed you a link: open it to finish signing in.";
    case "email_not_found":
      return `${provider} did not share an email address with us. Make one visible to trusted organisations in your ${provider} account, or sign in another way.`;
    case "account_already_linked_to_different_user":
      return `That ${provider} account already belongs to another CoRATES account.`;
    case "email_doesn't_match":
    case "email_does_not_match":
    case "unable_to_link_account":
      return `${provider} could not be added: it has not confirmed your email address.`;
    case "state_mismatch":
    case "state_not_found":
    case "state_invalid":
    case "please_restart_the_process":
      return "That sign-in expired or was started in another browser. Please start again.";
    case "signup_disabled":
      return `There is no account for this ${provider} sign-in yet.`;
    default:
      return `Signing in with ${provider} did not work. Please try again, or sign in another way.`;
  }
}

/** The reason a provider sign-in came back to /signin (rendered by /signin only when ?social= and ?error= are there). */
export default function SocialNotice() {
  const [params] = useSearchParams();
  const code = () => (param(params.social) ? param(params.error) : undefined);
  return (
    <Show when={code()}>
      {(c) => (
        <Alert kind="error" title="Sign-in did not work">
          <span data-testid="social-error">{socialFailureText(c(), providerName(param(params.social)))}</span>
        </Alert>
      )}
    </Show>
  );
}

