/**
 * The password form of /account, loaded on use (./PasswordSection.tsx): the current password, the new one twice, and
 * whether to sign out the other sessions (on by default). Better Auth's change-password decides.
 */
import { revalidate } from "@solidjs/router";
import { createSignal, onMount, Show } from "solid-js";
import { checkForm, preloadAuthClient, withAuthClient } from "~/lib/auth";
import { focusFirstError, formValues } from "~/lib/forms";
import { getAccount } from "~/rpc/account";
import { Alert, Button, TextField } from "./ui";
import { UNREACHABLE } from "~/lib/messages";

export default function PasswordForm(props: { onClose: (changed?: string) => void }) {
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let form!: HTMLFormElement;
  onMount(() => {
    form.querySelector("input")?.focus();
    preloadAuthClient();
  });

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (pending()) return;
    setError(null);
    const checked = await checkForm((c) => c.checkChangePassword, formValues(form));
    if (!checked) return setError(UNREACHABLE);
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstError(form);
    }
    setFields({});
    setPending(true);
    const { currentPassword, newPassword, revokeOtherSessions } = checked.data;
    const res = await withAuthClient((c) => c.changePassword({ currentPassword, newPassword, revokeOtherSessions }));
    if (res.ok) {
      // The list of sessions below shows the others gone.
      if (revokeOtherSessions) await revalidate(getAccount.key);
      setPending(false);
      return props.onClose(revokeOtherSessions ? "Your password was changed and your other sessions were signed out." : "Your password was changed.");
    }
    setPending(false);
    if (res.code === "INVALID_PASSWORD") setFields({ currentPassword: res.message });
    else if (res.code === "PASSWORD_TOO_SHORT" || res.code === "PASSWORD_TOO_LONG") setFields({ newPassword: res.message });
    else setError(res.message);
    focusFirstError(form);
  }

  return (
    <form ref={form} method="post" onSubmit={submit} class="flex flex-col gap-4" novalidate data-testid="password-form">
      <Show when={error()}>{(m) => <Alert kind="error">{m()}</Alert>}</Show>
      <TextField label="Current password" name="currentPassword" type="password" autocomplete="current-password" required error={fields().currentPassword} />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autocomplete="new-password"
        required
        minLength={8}
        maxLength={128}
        error={fields().newPassword}
        hint="At least 8 characters."
      />
      <TextField label="Confirm new password" name="confirmPassword" type="password" autocomplete="new-password" required error={fields().confirmPassword} />
      <label class="flex items-center gap-2 text-sm">
        <input type="checkbox" name="revokeOtherSessions" checked class="h-4 w-4 rounded border-slate-300" />
        Sign out of all other sessions
      </label>
      <div class="flex flex-wrap gap-2">
        <Button type="submit" pending={pending()} pendingText="Changing…">
          Change password
        </Button>
        <Button type="button" variant="ghost" onClick={() => props.onClose()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
