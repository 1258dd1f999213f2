/**
 * /account: the ways this person signs in (password, ORCID, Google), read in the page's one batch. A configured
 * provider that is not linked yet can be added (the provider's sign-in, then back here); any method can be removed
 * except the last, which the page does not offer and Better Auth refuses anyway. The code that talks to Better Auth
 * loads on the click.
 */
import { createAsync, revalidate, useSearchParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import type { AccountPage } from "~/rpc/account";
import { getAccount } from "~/rpc/account";
import { getSignInProviders } from "~/rpc/social";
import { useHydrated } from "~/lib/forms";
import { param } from "~/lib/links";
import { providerName, socialFailureText } from "./SocialNotice";
import { Alert, Button, Card } from "./ui";

function methodName(providerId: string): string {
  return providerId === "credential" ? "Password" : providerName(providerId);
}

const NETWORK = "We couldn't reach the server. Check your connection and try again.";

export default function SignInMethods(props: { data: AccountPage }) {
  const [params] = useSearchParams();
  const providers = createAsync(() => getSignInProviders());
  // This panel hydrates after the page (its own chunk): its buttons wait until they work.
  const hydrated = useHydrated();
  const [busy, setBusy] = createSignal<string | null>(null);
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<{ kind: "success" | "error"; text: string } | null>(null);

  const addable = () => (providers() ?? []).filter((p) => !props.data.methods.some((m) => m.providerId === p.id));
  const returned = (): { kind: "success" | "error"; text: string } | null => {
    const linked = param(params.linked);
    if (linked) return { kind: "success", text: `${providerName(linked)} was added. You can now sign in with it.` };
    const failed = param(params.social) && param(params.error);
    return failed ? { kind: "error", text: socialFailureText(failed, providerName(param(params.social))) } : null;
  };

  async function add(id: string) {
    if (busy()) return;
    setBusy(id);
    setNotice(null);
    try {
      const { goLink } = await import("~/lib/social-client");
      const res = await goLink(id, { callbackURL: `/account?linked=${id}`, errorCallbackURL: `/account?social=${id}` });
      if (res.code === "REDIRECTING") return;
      setNotice({ kind: "error", text: res.message });
    } catch {
      setNotice({ kind: "error", text: NETWORK });
    }
    setBusy(null);
  }

  async function remove(method: { id: string; providerId: string }) {
    if (busy()) return;
    setBusy(method.id);
    setNotice(null);
    try {
      const { unlink } = await import("~/lib/social-client");
      const res = await unlink(method.id);
      if (res.ok) {
        await revalidate(getAccount.key);
        setNotice({ kind: "success", text: `${methodName(method.providerId)} was removed from your sign-in methods.` });
      } else setNotice({ kind: "error", text: res.message });
    } catch {
      setNotice({ kind: "error", text: NETWORK });
    }
    setConfirming(null);
    setBusy(null);
  }

  return (
    <Card>
      <section aria-labelledby="account-methods" data-testid="account-methods">
        <h2 id="account-methods" class="text-lg font-semibold">
          Ways to sign in
        </h2>
        <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">Besides these, you can always ask for a sign-in link by email.</p>
        <div class="mt-4 flex flex-col gap-3">
          <Show when={notice() ?? returned()}>{(n) => <Alert kind={n().kind}>{n().text}</Alert>}</Show>
          <ul class="flex flex-col divide-y divide-slate-200 dark:divide-slate-700">
            <For each={props.data.methods}>
              {(m) => (
                <li class="flex flex-wrap items-center justify-between gap-2 py-2" data-testid={`method-${m.providerId}`}>
                  <span class="font-medium">{methodName(m.providerId)}</span>
                  <Show
                    when={props.data.methods.length > 1}
                    fallback={<span class="text-sm text-slate-600 dark:text-slate-400">Your only way to sign in</span>}
                  >
                    <Show
                      when={confirming() === m.id}
                      fallback={
                        <Button type="button" variant="ghost" onClick={() => setConfirming(m.id)} disabled={!hydrated() || busy() !== null}>
                          Remove
                        </Button>
                      }
                    >
                      <span class="flex flex-wrap items-center gap-2 text-sm">
                        Stop signing in with {methodName(m.providerId)}?
                        <Button type="button" variant="secondary" onClick={() => remove(m)} pending={busy() === m.id} pendingText="Removing…">
                          Remove {methodName(m.providerId)}
                        </Button>
                        <Button type="button" variant="ghost" onClick={() => setConfirming(null)}>
                          Keep
                        </Button>
                      </span>
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
                  <Button type="button" variant="secondary" onClick={() => add(p.id)} pending={busy() === p.id} pendingText={`Opening ${p.name}…`} disabled={!hydrated() || (busy() !== null && busy() !== p.id)}>
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
