/**
 * /account: the ways this person signs in (password, ORCID, Google), read in the page's one batch. A configured
 * provider that is not linked yet can be added (the provider's sign-in, then back here); any method can be removed
 * except the last, which the page does not offer and Better Auth refuses anyway. The code that talks to Better Auth
 * and the confirmation (./SignInMethodActions.tsx) download on use.
 */
import { createAsync } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { onUse } from "~/lib/on-use";
import type { AccountPage } from "~/rpc/account";
import type { ProviderReturn } from "~/server/provider-return";
import { getSignInProviders } from "~/rpc/social";
import { type Notice, SectionNotice } from "./AccountSection";
import { Button, Card } from "./ui";

// The names SocialNotice.tsx uses for the providers, and the password.
const methodNames: Record<string, string> = { credential: "Password", orcid: "ORCID", google: "Google" };
const methodName = (providerId: string) => methodNames[providerId] ?? "the provider";

export default function SignInMethods(props: { data: AccountPage & { returned: ProviderReturn } }) {
  const providers = createAsync(() => getSignInProviders());
  const actions = onUse(() => import("./SignInMethodActions"));
  /** The method whose removal is being confirmed. */
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const [asked, setAsked] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<Notice>(null);
  const triggers = new Map<string, HTMLButtonElement>();

  const addable = () => (providers() ?? []).filter((p) => !props.data.methods.some((m) => m.providerId === p.id));

  function add(id: string) {
    if (busy()) return;
    setNotice(null);
    setAsked(id);
    void actions.use(async (m) => {
      setBusy(id);
      // On success the browser is on its way to the provider; only a failure comes back here.
      const failure = await m.linkProvider(id);
      if (failure) setNotice(failure);
      setBusy(null);
    });
  }
  const ask = (id: string) => {
    setNotice(null);
    setAsked(id);
    void actions.use(() => setConfirming(id));
  };
  const done = (n?: Notice) => {
    const id = confirming();
    setConfirming(null);
    if (n) setNotice(n);
    else if (id) triggers.get(id)?.focus();
  };

  return (
    <Card>
      <section aria-labelledby="account-methods" data-testid="account-methods">
        <h2 id="account-methods" class="text-lg font-semibold">
          Ways to sign in
        </h2>
        <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">Besides these, you can always ask for a sign-in link by email.</p>
        <div class="mt-4 flex flex-col gap-3">
          {/* Back from a provider: what happened, worked out by the server in our words (never the URL's). */}
          <SectionNotice notice={notice() ?? props.data.returned} loadFailed={actions.failed()} />
          <ul class="flex flex-col divide-y divide-slate-200 dark:divide-slate-700">
            <For each={props.data.methods}>
              {(m) => (
                <li class="flex flex-wrap items-center justify-between gap-2 py-2" data-testid={`method-${m.providerId}`}>
                  <span class="font-medium">{methodName(m.providerId)}</span>
                  <Show when={props.data.methods.length > 1} fallback={<span class="text-sm text-slate-600 dark:text-slate-400">Your only way to sign in</span>}>
                    <Show
                      when={confirming() === m.id && actions.loaded()}
                      fallback={
                        <Button ref={(el) => triggers.set(m.id, el)} type="button" variant="ghost" pending={actions.loading() && asked() === m.id} disabled={busy() !== null || !actions.ready()} {...actions.intent} onClick={() => ask(m.id)}>
                          Remove
                        </Button>
                      }
                    >
                      {(a) => {
                        const Remove = a().RemoveMethod;
                        return <Remove method={m} name={methodName(m.providerId)} onBusy={(b) => setBusy(b ? m.id : null)} onDone={done} />;
                      }}
                    </Show>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <Show when={addable().length > 0}>
            <div class="flex flex-wrap gap-2">
              <For each={addable()}>
                {(p) => (
                  <Button
                    type="button"
                    variant="secondary"
                    {...actions.intent}
                    onClick={() => add(p.id)}
                    pending={busy() === p.id || (actions.loading() && asked() === p.id)}
                    pendingText={`Opening ${p.name}…`}
                    disabled={!actions.ready() || (busy() !== null && busy() !== p.id)}
                  >
                    Add {p.name}
                  </Button>
                )}
              </For>
            </div>
          </Show>
        </div>
      </section>
    </Card>
  );
}
