/**
 * /reset-password: the landing of the emailed reset link. Better Auth checked the token and added `?token=`, or
 * `?error=INVALID_TOKEN` when it was unknown or expired. Resetting signs out every session (revokeSessionsOnPasswordReset),
 * so the person then signs in with the new password.
 */
import { Title } from "~/components/Head";
import { A, useSearchParams } from "@solidjs/router";
import { createSignal, Match, Show, Switch } from "solid-js";
import { Alert, Button, linkClass, NarrowPage, TextField, buttonClass } from "~/components/ui";
import { checkForm, preloadAuthClient, withAuthClient } from "~/lib/auth";
import { UNREACHABLE } from "~/lib/messages";
import { focusFirstError, formValues, useHydrated } from "~/lib/forms";
import { param } from "~/lib/links";

export default function ResetPassword() {
  const [params] = useSearchParams();
  const token = param(params.token);
  const hydrated = useHydrated();
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [state, setState] = createSignal<"form" | "done" | "invalid">(!token || param(params.error) ? "invalid" : "form");
  let form: HTMLFormElement | undefined;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (pending()) return;
    setError(null);
    const checked = await checkForm((c) => c.checkResetPassword, formValues(form!));
    if (!checked) return setError(UNREACHABLE);
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstError(form);
    }
    setFields({});
    setPending(true);
    const res = await withAuthClient((c) => c.resetPassword({ newPassword: checked.data.password, token: token! }));
    setPending(false);
    if (res.ok) return setState("done");
    if (res.code === "INVALID_TOKEN" || res.code === "USER_NOT_FOUND") return setState("invalid");
    if (res.code === "PASSWORD_TOO_SHORT" || res.code === "PASSWORD_TOO_LONG") {
      setFields({ password: res.message });
      return focusFirstError(form);
    }
    setError(res.message);
  }

  return (
    <Switch>
      <Match when={state() === "invalid"}>
        <NarrowPage title="This reset link doesn't work">
          <Title>Reset link expired · CoRATES</Title>
          <div class="flex flex-col gap-4" data-testid="reset-invalid">
            <Alert kind="error">
              The link is invalid, was already used, or has expired (links work for one hour). Ask for a new one and use the newest email.
            </Alert>
            <A
              href="/forgot-password"
              class={buttonClass("primary")}
            >
              Request a new link
            </A>
            <p class="text-center text-sm">
              <A href="/signin" class={linkClass}>
                Back to sign in
              </A>
            </p>
          </div>
        </NarrowPage>
      </Match>
      <Match when={state() === "done"}>
        <NarrowPage title="Password changed">
          <Title>Password changed · CoRATES</Title>
          <div class="flex flex-col gap-4" data-testid="reset-done">
            <Alert kind="success">Your password was changed and you were signed out everywhere. Sign in with your new password.</Alert>
            <A
              href="/signin?reset=done"
              class={buttonClass("primary")}
            >
              Sign in
            </A>
          </div>
        </NarrowPage>
      </Match>
      <Match when={state() === "form"}>
        <NarrowPage title="Choose a new password">
          <Title>Choose a new password · CoRATES</Title>
          <form ref={form} method="post" onSubmit={submit} onFocusIn={preloadAuthClient} onPointerEnter={preloadAuthClient} class="flex flex-col gap-4" novalidate data-testid="reset-password-form">
            <Show when={error()}>
              <Alert kind="error">{error()}</Alert>
            </Show>
            <TextField
              label="New password"
              name="password"
              type="password"
              autocomplete="new-password"
              required
              minLength={8}
              maxLength={128}
              error={fields().password}
              hint="At least 8 characters."
            />
            <TextField label="Confirm new password" name="confirmPassword" type="password" autocomplete="new-password" required error={fields().confirmPassword} />
            <Button type="submit" pending={pending()} pendingText="Saving…" disabled={!hydrated()}>
              Set new password
            </Button>
            <p class="text-center text-sm">
              <A href="/signin" class={linkClass}>
                Back to sign in
              </A>
            </p>
          </form>
        </NarrowPage>
      </Match>
    </Switch>
  );
}
