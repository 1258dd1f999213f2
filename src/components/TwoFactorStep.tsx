/**
 * /signin?step=two-factor: the second step of signing in for people with two-factor, after their password or their
 * email link (which left a short-lived pending cookie and no session). A code from the app or a backup code finishes
 * it; "trust this device" skips the step here for 30 days. `?next=` is where they were going. A step of /signin that
 * only this address downloads (no route of its own, which every page's route table would carry).
 */
import { Title } from "~/components/Head";
import { useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { Alert, Button, linkClass, NarrowPage, TextField } from "~/components/ui";
import { focusFirstError, formValues, useHydrated } from "~/lib/forms";
import { safeNext, withNext } from "~/lib/links";
import { UNREACHABLE } from "~/lib/messages";

/** Loaded on first use (focus or submit), like the sign-in page's own client. */
const client = () => import("~/lib/two-factor-client").then((m) => m.twoFactorClient);

export default function TwoFactorStep() {
  const [params] = useSearchParams();
  const next = () => safeNext(params.next);
  const hydrated = useHydrated();
  const [backup, setBackup] = createSignal(false);
  const [fieldError, setFieldError] = createSignal<string | null>(null);
  const [error, setError] = createSignal<{ code: string; message: string } | null>(null);
  const [pending, setPending] = createSignal(false);
  let form: HTMLFormElement | undefined;
  const preload = () => void client().catch(() => {});

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (pending()) return;
    setError(null);
    const values = formValues(form!);
    const code = (values.code ?? "").replace(/\s+/g, "");
    const valid = backup() ? code.length >= 6 && code.length <= 32 : /^\d{6}$/.test(code);
    if (!valid) {
      setFieldError(backup() ? "Enter one of your backup codes." : "Enter the 6-digit code your app shows.");
      return focusFirstError(form);
    }
    setFieldError(null);
    setPending(true);
    const body = { code, trustDevice: values.trustDevice === "on" };
    let res;
    try {
      const c = await client();
      res = backup() ? await c.verifyBackupCode(body) : await c.verifyTotp(body);
    } catch {
      res = { ok: false as const, code: "NETWORK", message: UNREACHABLE };
    }
    if (res.ok) {
      window.location.assign(next() ?? "/");
      return;
    }
    setPending(false);
    setError({ code: res.code, message: res.message });
    form!.querySelector<HTMLInputElement>('input[name="code"]')!.select();
  }

  // Steps that cannot be finished here any more: the pending sign-in ended or was spent. (Links back to /signin are
  // full loads: the same route component decided on this step when it was created.)
  const restart = () => ["INVALID_TWO_FACTOR_COOKIE", "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE", "UNAUTHORIZED"].includes(error()?.code ?? "");
  const footer = (
    <a href={withNext("/signin", next())} class={linkClass}>
      Back to sign in
    </a>
  );

  return (
    <NarrowPage title="Enter your two-factor code" footer={footer}>
      <Title>Two-factor code · CoRATES</Title>
      <form ref={form} method="post" onSubmit={submit} onFocusIn={preload} onPointerEnter={preload} class="flex flex-col gap-4" novalidate data-testid="two-factor-form">
        <Show when={error()}>
          {(err) => (
            <Alert kind="error">
              <span data-testid="two-factor-error">{err().message}</span>
              <Show when={restart()}>
                {" "}
                <a href={withNext("/signin", next())} class={linkClass}>
                  Sign in again
                </a>
              </Show>
            </Alert>
          )}
        </Show>
        <p class="text-sm text-muted">
          {backup() ? "Enter one of the backup codes you saved when you turned on two-factor. Each works once." : "Open your authenticator app and enter the code it shows for CoRATES."}
        </p>
        <TextField
          label={backup() ? "Backup code" : "Code from your app"}
          name="code"
          inputmode={backup() ? "text" : "numeric"}
          autocomplete="one-time-code"
          autofocus
          required
          maxLength={backup() ? 32 : 7}
          error={fieldError()}
        />
        <label class="flex items-center gap-2 text-sm">
          <input type="checkbox" name="trustDevice" class="h-4 w-4 rounded border-slate-300" />
          Trust this device for 30 days
        </label>
        <Button type="submit" pending={pending()} pendingText="Checking…" disabled={!hydrated()}>
          Verify
        </Button>
        <button type="button" class={`${linkClass} self-start text-sm`} onClick={() => (setBackup(!backup()), setFieldError(null), setError(null))}>
          {backup() ? "Use a code from my app instead" : "Use a backup code instead"}
        </button>
      </form>
    </NarrowPage>
  );
}
