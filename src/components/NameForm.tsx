/**
 * The name form of /account, loaded on use (./ProfileSection.tsx). Checked in the browser first to answer at once;
 * Better Auth's update-user checks the same rule (personName) on the server.
 */
import { revalidate } from "@solidjs/router";
import { createSignal, onMount, Show } from "solid-js";
import { checkForm, preloadAuthClient, withAuthClient } from "~/lib/auth";
import { focusFirstError, formValues } from "~/lib/forms";
import { getAccount } from "~/rpc/account";
import { getViewer } from "~/rpc/viewer";
import { Alert, Button, initialValue, TextField } from "./ui";
import { UNREACHABLE } from "~/lib/messages";

export default function NameForm(props: { name: string; onClose: (saved?: string) => void }) {
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
    const checked = await checkForm((c) => c.checkName, formValues(form));
    if (!checked) return setError(UNREACHABLE);
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstError(form);
    }
    setFields({});
    setPending(true);
    const res = await withAuthClient((c) => c.updateUser({ name: checked.data.name }));
    if (res.ok) {
      // The header shows the name too.
      await revalidate([getAccount.key, getViewer.key]);
      setPending(false);
      return props.onClose("Your name was saved.");
    }
    setPending(false);
    if (res.fields) setFields(res.fields);
    setError(res.message);
    focusFirstError(form);
  }

  return (
    <form ref={form} method="post" onSubmit={submit} class="flex flex-col gap-4" novalidate data-testid="name-form">
      <Show when={error()}>{(m) => <Alert kind="error">{m()}</Alert>}</Show>
      <TextField label="Name" name="name" autocomplete="name" required maxLength={100} {...initialValue(props.name)} error={fields().name} />
      <div class="flex flex-wrap gap-2">
        <Button type="submit" pending={pending()} pendingText="Saving…">
          Save name
        </Button>
        <Button type="button" variant="ghost" onClick={() => props.onClose()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
