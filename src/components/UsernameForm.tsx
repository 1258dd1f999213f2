/** /account's username and persona form, loaded when "Change" is pressed (./UsernameSection.tsx); a taken username is refused. */
import { useSubmission } from "@solidjs/router";
import { For, onMount, Show } from "solid-js";
import { Alert, Button, initialValue, inputClass, TextField } from "~/components/ui";
import { personaLabels, personas, USERNAME_MAX } from "~/lib/profile-rules";
import { updateProfileAction } from "~/rpc/profile";

export default function UsernameForm(props: { username: string | null; persona: string | null }) {
  const submission = useSubmission(updateProfileAction);
  const result = () => submission.result;
  const fields = () => {
    const r = result();
    return r && !r.ok ? (r.error.fields ?? {}) : {};
  };
  let form!: HTMLFormElement;
  // Opened from "Change username": keyboard users continue in the field.
  onMount(() => form.querySelector("input")?.focus());
  return (
    <>
        <form ref={form} action={updateProfileAction} method="post" class="flex max-w-md flex-col gap-4" novalidate>
          <Show when={result()}>
            {(r) => {
              const current = r();
              return current.ok ? (
                <Alert kind="success">Saved. Your username is {current.data.username}.</Alert>
              ) : (
                <Show when={!current.error.fields}>
                  <Alert kind="error">{current.error.message}</Alert>
                </Show>
              );
            }}
          </Show>
          <TextField
            label="Username"
            name="username"
            required
            maxLength={USERNAME_MAX}
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            {...initialValue(props.username ?? "")}
            hint="Lower-case letters, digits, - and _; 3 to 30 characters."
            error={fields().username}
          />
          <label class="flex flex-col gap-1.5 text-sm font-medium text-ink">
            I am a…
            <select name="persona" class={`${inputClass} font-normal`}>
              <For each={personas}>
                {(value) => (
                  <option value={value} selected={value === (props.persona ?? "researcher")}>
                    {personaLabels[value]}
                  </option>
                )}
              </For>
            </select>
          </label>
          <div>
            <Button type="submit" pending={submission.pending} pendingText="Saving…">
              Save username
            </Button>
          </div>
        </form>
    </>
  );
}
