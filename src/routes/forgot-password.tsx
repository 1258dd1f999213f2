/**
 * /forgot-password: asks Better Auth to email a reset link. The answer is the same whether or not the address has an
 * account, so this page cannot be used to find out who has one.
 */
import { Title } from "~/components/Head";
import { A, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { Alert, Button, initialValue, linkClass, NarrowPage, TextField } from "~/components/ui";
import { checkForm, preloadAuthClient, withAuthClient } from "~/lib/auth";
import { UNREACHABLE } from "~/lib/messages";
import { focusFirstError, formValues, useHydrated } from "~/lib/forms";
import { param } from "~/lib/links";

export default function ForgotPassword() {
  const [params] = useSearchParams();
  const prefill = param(params.email);
  const hydrated = useHydrated();
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [sentTo, setSentTo] = createSignal<string | null>(null);
  let form: HTMLFormElement | undefined;

  async function send(email: string) {
    setPending(true);
    setError(null);
    // Better Auth sends the link to /api/auth/reset-password/<token>, which checks it and redirects to
    // /reset-password?token=… (or ?error=INVALID_TOKEN).
    const res = await withAuthClient((c) => c.requestPasswordReset({ email, redirectTo: "/reset-password" }));
    setPending(false);
    if (res.ok) setSentTo(email);
    else setError(res.message);
  }

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (pending()) return;
    const checked = await checkForm((c) => c.checkEmailOnly, formValues(form!));
    if (!checked) return setError(UNREACHABLE);
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstError(form);
    }
    setFields({});
    await send(checked.data.email);
  }

  // Created once: NarrowPage reads `footer` more than once (see signin.tsx).
  const footer = (
    <>
      Remembered it?{" "}
      <A href="/signin" class={linkClass}>
        Back to sign in
      </A>
    </>
  );

  return (
    <NarrowPage title={sentTo() ? "Check your email" : "Reset your password"} footer={footer}>
      <Title>Reset your password · CoRATES</Title>
      <Show
        when={!sentTo()}
        fallback={
          <div class="flex flex-col gap-4" data-testid="reset-requested">
            <Alert kind="success">
              If an account exists for <strong>{sentTo()}</strong>, we sent it a link to reset the password. The link works once and expires in one hour.
            </Alert>
            <Show when={error()}>
              <Alert kind="error">{error()}</Alert>
            </Show>
            <div class="flex flex-wrap gap-2">
              <Button type="button" variant="secondary" onClick={() => send(sentTo()!)} pending={pending()} pendingText="Sending…">
                Send the link again
              </Button>
              <Button type="button" variant="ghost" onClick={() => (setSentTo(null), setError(null))}>
                Use a different email
              </Button>
            </div>
          </div>
        }
      >
        <form ref={form} method="post" onSubmit={submit} onFocusIn={preloadAuthClient} onPointerEnter={preloadAuthClient} class="flex flex-col gap-4" novalidate data-testid="forgot-password-form">
          <p class="text-sm text-muted">Enter the email address of your account and we will send you a link to choose a new password.</p>
          <Show when={error()}>
            <Alert kind="error">{error()}</Alert>
          </Show>
          <TextField label="Email" name="email" type="email" autocomplete="email" required {...initialValue(prefill ?? "")} error={fields().email} />
          <Button type="submit" pending={pending()} pendingText="Sending…" disabled={!hydrated()}>
            Send reset link
          </Button>
        </form>
      </Show>
    </NarrowPage>
  );
}
