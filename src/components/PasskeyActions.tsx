/**
 * Adding and removing a passkey on /account, loaded on use (./PasskeySection.tsx). The WebAuthn code
 * (~/lib/passkey-client) starts downloading when one of these opens and is awaited on the click.
 */
import { revalidate } from "@solidjs/router";
import { createSignal, onMount } from "solid-js";
import { getAccount } from "~/rpc/account";
import type { Notice } from "./AccountSection";
import { Button, TextField } from "./ui";
import { UNREACHABLE } from "~/lib/messages";

let client: Promise<typeof import("~/lib/passkey-client")> | undefined;
const passkeys = () => (client ??= import("~/lib/passkey-client").catch((e) => ((client = undefined), Promise.reject(e))));

interface ActionProps {
  onBusy: (busy: boolean) => void;
  onDone: (notice?: Notice) => void;
}

/** The name, then the browser's passkey prompt on this device. */
export function AddPasskey(props: ActionProps) {
  const [pending, setPending] = createSignal(false);
  const [nameError, setNameError] = createSignal<string | null>(null);
  let nameInput!: HTMLInputElement;
  onMount(() => {
    nameInput.focus();
    void passkeys().catch(() => {});
  });

  async function add(e: SubmitEvent) {
    e.preventDefault();
    if (pending()) return;
    const name = nameInput.value.trim();
    if (!name) {
      setNameError("Give the passkey a name, such as the device it is on.");
      return nameInput.focus();
    }
    setNameError(null);
    setPending(true);
    props.onBusy(true);
    let notice: Notice | undefined;
    try {
      const res = await (await passkeys()).registerPasskey(name);
      if (res.ok) {
        await revalidate(getAccount.key);
        notice = { kind: "success", text: `Passkey “${name}” was added. You can now sign in with it.` };
      } else if (res.fields?.name) setNameError(res.fields.name);
      else notice = { kind: "error", text: res.message };
    } catch {
      notice = { kind: "error", text: UNREACHABLE };
    }
    setPending(false);
    props.onBusy(false);
    // A refused name stays in the form to be corrected; anything else closes it with its notice.
    if (notice) props.onDone(notice);
    else nameInput.focus();
  }

  return (
    <form onSubmit={add} class="flex flex-col gap-3 sm:flex-row sm:items-end" novalidate data-testid="passkey-add">
      <TextField ref={nameInput} label="Name for a new passkey" name="passkeyName" maxLength={64} placeholder="Work laptop" class="sm:flex-1" error={nameError()} />
      <div class="flex flex-wrap gap-2">
        <Button type="submit" variant="secondary" pending={pending()} pendingText="Waiting for your device…">
          Add a passkey
        </Button>
        <Button type="button" variant="ghost" disabled={pending()} onClick={() => props.onDone()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** "Remove this passkey?" in its row. */
export function RemovePasskey(props: ActionProps & { passkey: { id: string; name: string | null } }) {
  const [pending, setPending] = createSignal(false);
  let keep!: HTMLButtonElement;
  // Focus lands on the harmless choice, so Enter does not remove anything by accident.
  onMount(() => {
    keep.focus();
    void passkeys().catch(() => {});
  });

  async function remove() {
    setPending(true);
    props.onBusy(true);
    let notice: Notice;
    try {
      const res = await (await passkeys()).deletePasskey(props.passkey.id);
      if (res.ok) await revalidate(getAccount.key);
      notice = res.ok ? { kind: "success", text: `Passkey “${props.passkey.name || "Passkey"}” was removed.` } : { kind: "error", text: res.message };
    } catch {
      notice = { kind: "error", text: UNREACHABLE };
    }
    setPending(false);
    props.onBusy(false);
    props.onDone(notice);
  }

  return (
    <span class="flex flex-wrap items-center gap-2 text-sm">
      Remove this passkey?
      <Button type="button" variant="secondary" onClick={remove} pending={pending()} pendingText="Removing…">
        Remove passkey
      </Button>
      <Button ref={keep} type="button" variant="ghost" disabled={pending()} onClick={() => props.onDone()}>
        Keep
      </Button>
    </span>
  );
}
