/**
 * /signup: name, email, password. The account stays unusable for password sign-in until the emailed link is opened;
 * that link lands on /verify-email?next=… and signs the person in. `?email=` prefills the address and `&fixed=1`
 * locks it (an invitation to that address sends people here).
 */
import { Title } from "~/components/Head";
import { A, useSearchParams } from "@solidjs/router";
import { createSignal, lazy, Show } from "solid-js";
import { Alert, Button, initialValue, linkClass, NarrowPage, TextField } from "~/components/ui";
import { preloadAuthClient, withAuthClient } from "~/lib/auth";
import { checkEmailOnly, checkSignUp } from "~/lib/form-checks";
import { focusFirstError, formValues, useHydrated } from "~/lib/forms";
import { param, safeNext, verifyLanding, withNext } from "~/lib/links";

// Provider sign-in (ORCID, Google) and why one failed: chunks of their own, not part of this page's first load.
const SocialButtons = lazy(() => import("~/components/SocialButtons"));

/** Better Auth codes that belong to one field rather than the whole form. */
const fieldOf: Record<string, "email" | "password"> = {
  INVALID_EMAIL: "email",
  PASSWORD_TOO_SHORT: "password",
  PASSWORD_TOO_LONG: "password",
  INVALID_PASSWORD: "password",
};

export default function SignUp() {
  const [params] = useSearchParams();
  const next = () => safeNext(params.next);
  const hydrated = useHydrated();
  const prefillRaw = param(params.email);
  const prefill = (() => {
    const c = prefillRaw ? checkEmailOnly({ email: prefillRaw }) : null;
    return c?.ok ? c.data.email : prefillRaw;
  })();
  // Only a valid address can be locked; otherwise the person could never fix it.
  const fixed = param(params.fixed) === "1" && !!prefillRaw && checkEmailOnly({ email: prefillRaw }).ok;

  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal<string | null>(null);
  const [pending, setPending] = createSignal(false);
  const [sentTo, setSentTo] = createSignal<string | null>(null);
  const [resend, setResend] = createSignal<{ state: "idle" | "pending" | "sent" } | { state: "error"; message: string }>({ state: "idle" });
  let form: HTMLFormElement | undefined;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (pending()) return;
    setError(null);
    const values = formValues(form!);
    if (fixed) values.email = prefill!;
    const checked = checkSignUp(values);
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstError(form);
    }
    setFields({});
    setPending(true);
    const res = await withAuthClient((c) => c.signUpEmail({ ...checked.data, callbackURL: verifyLanding(next()) }));
    setPending(false);
    if (res.ok) {
      // Better Auth answers the same way for an address that already has an account (no enumeration).
      setSentTo(checked.data.email);
      setResend({ state: "idle" });
      return;
    }
    const field = fieldOf[res.code];
    if (res.fields) setFields(res.fields);
    if (field) {
      setFields({ [field]: res.message });
      focusFirstError(form);
    } else setError(res.message);
  }

  async function resendVerification() {
    const email = sentTo();
    if (!email || resend().state === "pending") return;
    setResend({ state: "pending" });
    const res = await withAuthClient((c) => c.sendVerificationEmail({ email, callbackURL: verifyLanding(next()) }));
    setResend(res.ok ? { state: "sent" } : { state: "error", message: res.message });
  }

  // Created once: NarrowPage reads `footer` more than once, and JSX built anew on each read would not match the
  // server's HTML when the page hydrates.
  const footer = (
    <>
      Already have an account?{" "}
      <A href={withNext("/signin", next(), { email: sentTo() ?? prefill })} class={linkClass}>
        Sign in
      </A>
    </>
  );

  return (
    <NarrowPage title={sentTo() ? "Check your email" : "Create your account"} footer={footer}>
      <Title>{sentTo() ? "Check your email · CoRATES" : "Create your account · CoRATES"}</Title>
      <Show
        when={!sentTo()}
        fallback={
          <div class="flex flex-col gap-4" data-testid="signup-check-email">
            <Alert kind="success">
              <p>
                We sent a verification link to <strong data-testid="signup-sent-to">{sentTo()}</strong>. Open it to finish creating your account: you will be
                signed in automatically.
              </p>
              <p class="mt-2">If this address already has an account, sign in instead.</p>
            </Alert>
            <div class="flex flex-wrap items-center gap-3">
              <Button type="button" variant="secondary" onClick={resendVerification} pending={resend().state === "pending"} pendingText="Sending…">
                Resend verification email
              </Button>
              <Show when={resend().state === "sent"}>
                <span role="status" class="text-sm">
                  Sent again. Check your inbox (and spam folder).
                </span>
              </Show>
              <Show when={resend().state === "error"}>
                <span role="alert" class="text-sm text-red-700 dark:text-red-400">
                  {(resend() as { message: string }).message}
                </span>
              </Show>
            </div>
            <p class="text-sm">
              <A href={withNext("/signin", next(), { email: sentTo()! })} class={linkClass}>
                Go to sign in
              </A>
              <Show when={!fixed}>
                {" · "}
                <button type="button" class={linkClass} onClick={() => setSentTo(null)}>
                  Use a different email
                </button>
              </Show>
            </p>
          </div>
        }
      >
        <form ref={form} method="post" onSubmit={submit} onFocusIn={preloadAuthClient} onPointerEnter={preloadAuthClient} class="flex flex-col gap-4" novalidate data-testid="signup-form">
          <Show when={error()}>
            <Alert kind="error">
              <span data-testid="signup-error">{error()}</span>
            </Alert>
          </Show>
          <TextField label="Name" name="name" autocomplete="name" required maxLength={100} error={fields().name} />
          <TextField
            label="Email"
            name="email"
            type="email"
            autocomplete="email"
            required
            {...initialValue(prefill ?? "")}
            readOnly={fixed || undefined}
            error={fields().email}
            hint={fixed ? "Your invitation was sent to this address, so the account must use it." : undefined}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autocomplete="new-password"
            required
            minLength={8}
            maxLength={128}
            error={fields().password}
            hint="At least 8 characters."
          />
          <Button type="submit" pending={pending()} pendingText="Creating account…" disabled={!hydrated()}>
            Create account
          </Button>
          <SocialButtons next={next()} />
        </form>
      </Show>
    </NarrowPage>
  );
}
