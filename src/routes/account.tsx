/**
 * /account: the person's profile, picture, username, password, two-factor, passkeys, ways to sign in, sessions, and
 * leaving. Each section shows its state at once; the forms and confirmations behind its buttons download on use.
 * Signed-out visitors are redirected on the server (getAccount uses withUser) to /signin?next=/account.
 */
import { Title } from "~/components/Head";
import { createAsync, type RouteDefinition, useSearchParams } from "@solidjs/router";
import { Show } from "solid-js";
import { AccountAvatar } from "~/components/AccountAvatar";
import { AccountWorkspace } from "~/components/AccountWorkspace";
import { AppShell } from "~/components/AppShell";
import { LeaveForGoodSection } from "~/components/LeaveForGoodSection";
import PasskeySection from "~/components/PasskeySection";
import { PasswordSection } from "~/components/PasswordSection";
import { ProfileSection } from "~/components/ProfileSection";
import { SessionsSection } from "~/components/SessionsSection";
import SignInMethods from "~/components/SignInMethods";
import { TwoFactorSection } from "~/components/TwoFactorSection";
import { UsernameSection } from "~/components/UsernameSection";
import { preloadWith } from "~/lib/preload";
import { getAccount } from "~/rpc/account";

/** Back from adding a provider: the parameters the server turns into the "Ways to sign in" notice. */
const returnParams = (get: (name: string) => string | string[] | null | undefined) =>
  (["linked", "social", "error"] as const).map((n) => {
    const v = get(n);
    return (Array.isArray(v) ? v[0] : v) ?? undefined;
  }) as [string?, string?, string?];

export const route = {
  preload: ({ location }) => {
    const s = new URLSearchParams(location.search);
    preloadWith(() => import("~/rpc/account"), (m) => m.getAccount, ...returnParams((n) => s.get(n)));
  },
} satisfies RouteDefinition;

export default function Account() {
  // deferStream: the response waits for this query, so a signed-out visitor gets a real 302 to sign-in (a redirect
  // thrown after the page has started streaming can no longer set the Location header).
  const [params] = useSearchParams();
  const data = createAsync(() => getAccount(...returnParams((n) => params[n])), { deferStream: true });
  return (
    <AppShell>
      <Title>Account settings · CoRATES</Title>
      <h1 class="mb-6 text-2xl font-semibold tracking-tight">Account settings</h1>
      <Show when={data()}>
        {(d) => (
          <div class="flex flex-col gap-6">
            <AccountWorkspace />
            <ProfileSection name={d().user.name} email={d().user.email} />
            <AccountAvatar />
            <UsernameSection username={d().user.username} persona={d().user.persona} />
            <PasswordSection hasPassword={d().hasPassword} email={d().user.email} />
            <TwoFactorSection enabled={d().user.twoFactorEnabled} hasPassword={d().hasPassword} />
            <PasskeySection data={d()} />
            <SignInMethods data={d()} />
            <SessionsSection sessions={d().sessions} />
            <LeaveForGoodSection email={d().user.email} hasPassword={d().hasPassword} />
          </div>
        )}
      </Show>
    </AppShell>
  );
}
