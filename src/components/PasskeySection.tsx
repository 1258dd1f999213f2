/**
 * /account's passkeys: each one's name and when it was added, with "Remove", and "Add a passkey". The name form, the
 * confirmation and the WebAuthn code behind them (./PasskeyActions.tsx, ~/lib/passkey-client) download on use. A
 * passkey signs the person in with two factors at once (docs/adr/0013).
 */
import { createSignal, For, Show } from "solid-js";
import { onUse } from "~/lib/on-use";
import type { AccountPage } from "~/rpc/account";
import { type Notice, SectionNotice } from "./AccountSection";
import { Time } from "./Time";
import { Button, Card } from "./ui";

const passkeyLabel = (p: { name: string | null }) => p.name || "Passkey";

export default function PasskeySection(props: { data: AccountPage }) {
  const actions = onUse(() => import("./PasskeyActions"));
  /** A passkey id whose removal is being confirmed, or "add" while the name form is open. */
  const [open, setOpen] = createSignal<string | null>(null);
  const [asked, setAsked] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [notice, setNotice] = createSignal<Notice>(null);
  const triggers = new Map<string, HTMLButtonElement>();
  const ask = (what: string) => {
    setNotice(null);
    setAsked(what);
    void actions.use(() => setOpen(what));
  };
  const done = (n?: Notice) => {
    const what = open();
    setOpen(null);
    if (n) setNotice(n);
    // Cancelled (or added): back to the button that opened it; a removed row is gone, the notice says so.
    if (what && (!n || what === "add")) triggers.get(what)?.focus();
  };
  const opened = (what: string) => open() === what && actions.loaded();

  return (
    <Card>
      <section aria-labelledby="account-passkeys" data-testid="account-passkeys" class="flex flex-col gap-4">
        <div>
          <h2 id="account-passkeys" class="text-lg font-semibold">
            Passkeys
          </h2>
          <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Sign in with your fingerprint, face or device PIN instead of a password. A passkey counts as two-factor sign-in.
          </p>
        </div>
        <SectionNotice notice={notice()} loadFailed={actions.failed()} />
        <Show when={props.data.passkeys.length > 0} fallback={<p class="text-sm">You have no passkeys yet.</p>}>
          <ul class="flex flex-col divide-y divide-slate-200 dark:divide-slate-700">
            <For each={props.data.passkeys}>
              {(p) => (
                <li class="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="passkey-row">
                  <span class="min-w-0 break-words">
                    <span class="font-medium">{passkeyLabel(p)}</span>
                    <span class="block text-sm text-slate-600 dark:text-slate-400">
                      Added <Time iso={p.createdAt} />
                    </span>
                  </span>
                  <Show
                    when={opened(p.id)}
                    fallback={
                      <Button ref={(el) => triggers.set(p.id, el)} type="button" variant="ghost" pending={actions.loading() && asked() === p.id} disabled={busy() || !actions.ready()} {...actions.intent} onClick={() => ask(p.id)}>
                        Remove
                      </Button>
                    }
                  >
                    {(m) => {
                      const Remove = m().RemovePasskey;
                      return <Remove passkey={p} onBusy={setBusy} onDone={done} />;
                    }}
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show
          when={opened("add")}
          fallback={
            <div>
              <Button ref={(el) => triggers.set("add", el)} type="button" variant="secondary" pending={actions.loading() && asked() === "add"} disabled={busy() || !actions.ready()} {...actions.intent} onClick={() => ask("add")}>
                Add a passkey
              </Button>
            </div>
          }
        >
          {(m) => {
            const Add = m().AddPasskey;
            return <Add onBusy={setBusy} onDone={done} />;
          }}
        </Show>
      </section>
    </Card>
  );
}
