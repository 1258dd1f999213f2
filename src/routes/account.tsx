/**
 * /account: the person's profile, picture, username, password, two-factor, passkeys, ways to sign in, sessions, and
 * leaving. Each section shows its state at once; the forms and confirmations behind its buttons download on use.
 * Signed-out visitors are redirected on the server (getAccount uses withUser) to /signin?next=/account.
 */
import { Title } from "~/components/Head";
import { createAsync, type RouteDefinition, useSearchParams } from "@solidjs/router";
import { Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { preloadWith } from "~/lib/preload";
import { takeOverOnUse } from "~/lib/take-over";
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

// The sections are server-rendered and taken over by the browser at the first sign of use (src/lib/take-over.tsx).
const Sections = takeOverOnUse(() => import("~/components/AccountSections"));

export default function Account() {
  // deferStream: the response waits for this query, so a signed-out visitor gets a real 302 to sign-in (a redirect
  // thrown after the page has started streaming can no longer set the Location header).
  const [params] = useSearchParams();
  const data = createAsync(() => getAccount(...returnParams((n) => params[n])), { deferStream: true });
  return (
    <AppShell>
      <Title>Account settings · CoRATES</Title>
      <h1 class="mb-6 text-2xl font-semibold tracking-tight">Account settings</h1>
      <Show when={data()}>{(d) => <Sections data={d()} />}</Show>
    </AppShell>
  );
}
