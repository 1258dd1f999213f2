/**
 * /account's passkeys: each one's name and when it was added, a button to remove it, and a name field with a button
 * to add one on this device. A chunk of its own (the account page loads it with lazy()); the WebAuthn code
 * (~/lib/passkey-client) loads on the first click. A passkey signs the person in with two factors at once (docs/adr/0013).
 */
import { revalidate } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import type { AccountPage } from "~/rpc/account";
import { getAccount } from "~/rpc/account";
import { useHydrated } from "~/lib/forms";
import { Time } from "./Time";
import { Alert, Button, Card, TextField } from "./ui";

const NETWORK = "We couldn't reach the server. Check your connection and try again.";
const client = () => import("~/lib/passkey-client");

export default function PasskeySection(props: { data: AccountPage }) {
  const hydrated = useHydrated();
  const [busy, setBusy] = createSignal<string | null>(null);
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<{ kind: "success" | "error"; text: string } | null>(null);
  const [nameError, setNameError] = createSignal<string | null>(null);
  let nameInput: HTMLInputElement | undefined;

  const label = (p: { name: string | null }) => p.name || "Passkey";

  async function add(e: SubmitEvent) {
    e.preventDefault();
    if (busy()) return;
    const name = nameInput?.value.trim() ?? "";
    if (!name) {
      setNameError("Give the passkey a name, such as the device it is on.");
      return nameInput?.focus();
    }
    setNameError(null);
    setNotice(null);
    setBusy("add");
    try {
      const res = await (await client()).registerPasskey(name);
      if (res.ok) {
        await revalidate(getAccount.key);
        if (nameInput) nameInput.value = "";
        setNotice({ kind: "success", text: `Passkey “${name}” was added. You can now sign in with it.` });
      } else if (res.fields?.name) setNameError(res.fields.name);
      else setNotice({ kind: "error", text: res.message });
    } catch {
      setNotice({ kind: "error", text: NETWORK });
    }
    setBusy(null);
  }

  async function remove(p: { id: string; name: string | null }) {
    if (busy()) return;
    setBusy(p.id);
    setNotice(null);
    try {
      const res = await (await client()).deletePasskey(p.id);
      if (res.ok) {
        await revalidate(getAccount.key);
        setNotice({ kind: "success", text: `Passkey “${label(p)}” was removed.` });
      } else setNotice({ kind: "error", text: res.message });
    } catch {
      setNotice({ kind: "error", text: NETWORK });
    }
    setConfirming(null);
    setBusy(null);
  }

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
        <Show when={notice()}>{(n) => <Alert kind={n().kind}>{n().text}</Alert>}</Show>
        <Show when={props.data.passkeys.length > 0} fallback={<p class="text-sm">You have no passkeys yet.</p>}>
          <ul class="flex flex-col divide-y divide-slate-200 dark:divide-slate-700">
            <For each={props.data.passkeys}>
              {(p) => (
                <li class="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="passkey-row">
                  <span class="min-w-0 break-words">
                    <span class="font-medium">{label(p)}</span>
                    <span class="block text-sm text-slate-600 dark:text-slate-400">
                      Added <Time iso={p.createdAt} />
                    </span>
                  </span>
                  <Show
                    when={confirming() === p.id}
                    fallback={
                      <Button type="button" variant="ghost" onClick={() => setConfirming(p.id)} disabled={!hydrated() || busy() !== null}>
                        Remove
                      </Button>
                    }
                  >
                    <span class="flex flex-wrap items-center gap-2 text-sm">
                      Remove this passkey?
                      <Button type="button" variant="secondary" onClick={() => remove(p)} pending={busy() === p.id} pendingText="Removing…">
                        Remove passkey
                      </Button>
                      <Button type="button" variant="ghost" onClick={() => setConfirming(null)}>
                        Keep
                      </Button>
                    </span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <form onSubmit={add} class="flex flex-col gap-3 sm:flex-row sm:items-end" novalidate data-testid="passkey-add">
          <TextField ref={nameInput} label="Name for a new passkey" name="passkeyName" maxLength={64} placeholder="Work laptop" class="sm:flex-1" error={nameError()} />
          <Button type="submit" variant="secondary" pending={busy() === "add"} pendingText="Waiting for your device…" disabled={!hydrated() || (busy() !== null && busy() !== "add")}>
            Add a passkey
          </Button>
        </form>
      </section>
    </Card>
  );
}
