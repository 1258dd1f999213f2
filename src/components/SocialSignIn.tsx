/**
 * "Continue with ORCID / Google" on /signin, /signup and the invitation page, only for providers that are configured
 * (getSignInProviders reads the settings, no database). Everything beyond that check loads only when it is needed:
 * the buttons where a provider is configured, the explanation of a failed sign-in when the address carries one
 * (/signin?social=<provider>&error=<code>, where Better Auth sends a failed callback).
 */
import { createAsync, useSearchParams } from "@solidjs/router";
import { lazy, Show } from "solid-js";
import { getSignInProviders } from "~/rpc/social";

const SocialButtons = lazy(() => import("./SocialButtons"));
const SocialNotice = lazy(() => import("./SocialNotice"));

export function SocialSignIn(props: { next: string | null }) {
  const providers = createAsync(() => getSignInProviders());
  return (
    <Show when={providers()?.length}>
      <SocialButtons providers={providers()!} next={props.next} />
    </Show>
  );
}

export function SocialSignInNotice() {
  const [params] = useSearchParams();
  return (
    <Show when={params.social && params.error}>
      <SocialNotice />
    </Show>
  );
}
