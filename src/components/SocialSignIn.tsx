/**
 * "Continue with ORCID / Google" on /signin, /signup and the invitation page, shown only for providers that are
 * configured (getSignInProviders reads the settings, no database). The code that talks to Better Auth loads on the
 * click. A failed provider sign-in comes back to /signin?social=<provider>&error=<code>: SocialSignInNotice says why
 * in our own words (never the provider's text, which arrives in the URL and anyone can write).
 */
import { createAsync, useSearchParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { getSignInProviders } from "~/rpc/social";
import { param, safeNext, withNext } from "~/lib/links";
import { useHydrated } from "~/lib/forms";
import { Alert, Button } from "./ui";

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

/** The reason a provider sign-in came back here, when it did. */
export function SocialSignInNotice() {
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

/** The provider buttons; `next` is where the person goes once signed in (the invitation, say). */
export function SocialSignIn(props: { next: string | null }) {
  const providers = createAsync(() => getSignInProviders());
  const hydrated = useHydrated();
  const [pending, setPending] = createSignal<string | null>(null);
  const [failure, setFailure] = createSignal<string | null>(null);

  async function go(id: string) {
    if (pending()) return;
    setPending(id);
    setFailure(null);
    const next = safeNext(props.next) ?? "/";
    const errorCallbackURL = withNext(`/signin?social=${id}`, props.next);
    try {
      const { goSignIn } = await import("~/lib/social-client");
      const res = await goSignIn(id, { callbackURL: next, errorCallbackURL });
      if (res.code === "REDIRECTING") return;
      setFailure(res.message);
    } catch {
      setFailure("We couldn't reach the server. Check your connection and try again.");
    }
    setPending(null);
  }

  return (
    <Show when={(providers()?.length ?? 0) > 0}>
      <div class="flex flex-col gap-3" data-testid="social-sign-in">
        <div class="flex items-center gap-3 text-xs text-slate-500 dark:text-slate-400" aria-hidden="true">
          <span class="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
          or
          <span class="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
        </div>
        <For each={providers()}>
          {(p) => (
            <Button type="button" variant="secondary" class="min-h-11" onClick={() => go(p.id)} pending={pending() === p.id} pendingText={`Opening ${p.name}…`} disabled={!hydrated() || (pending() !== null && pending() !== p.id)}>
              Continue with {p.name}
            </Button>
          )}
        </For>
        <Show when={failure()}>
          <Alert kind="error">{failure()!}</Alert>
        </Show>
      </div>
    </Show>
  );
}
