/**
 * The sign-in form of /signin: email + password, or a one-time link by email. `?next=` (same-site paths only) is where
 * the person goes afterwards, by either route; the magic link and the verification link carry it too. A chunk of its
 * own, linked by the page that shows it (src/routes/signin.tsx), so the code step at the same address carries none of it.
 */
import { Title } from "~/components/Head";
import { A, useSearchParams } from "@solidjs/router";
import { createSignal, lazy, Match, Show, Switch } from "solid-js";
import PasskeySignIn from "~/components/PasskeySignIn";
import { Alert, Button, initialValue, linkClass, NarrowPage, TextField } from "~/components/ui";
import { checkForm, preloadAuthClient, withAuthClient } from "~/lib/auth";
import { linkedLazy } from "~/lib/chunk-links";
import { focusFirstError, formValues, useHydrated } from "~/lib/forms";
import { param, safeNext, verifyLanding, withNext } from "~/lib/links";
import { UNREACHABLE } from "~/lib/messages";

// Provider sign-in (ORCID, Google) and why one failed: chunks of their own, linked by the page only where they show
// (SocialButtons links itself when there are providers to show).
const SocialButtons = lazy(() => import("~/components/SocialButtons"));
const SocialNotice = linkedLazy(() => import("~/components/SocialNotice"), "src/components/SocialNotice.tsx");

/** Why a magic link sent the person back here (Better Auth appends `?error=` to our errorCallbackURL). */
function linkErrorText(code: string, reason = "", until = ""): string {
  // A banned person's link (or provider) sign-in lands here with the reason and the end of the ban (admin/sign-in-gate).
  if (code === "ACCOUNT_BANNED") return `This account has been suspended${until ? ` until ${until.slice(0, 10)}` : ""}.${reason ? ` Reason: ${reason}` : ""}`;
  if (code === "INVALID_TOKEN" || code === "EXPIRED_TOKEN" || code === "TOKEN_EXPIRED")
    return "That sign-in link has expired or was already used. Enter your email to get a new one, or sign in with your password.";
  return "That sign-in link did not work. Enter your email to get a new one, or sign in with your password.";
}

export default function SignInForm() {
  const [params] = useSearchParams();
  const next = () => safeNext(params.next);
  const hydrated = useHydrated();
  const prefill = param(params.email);
  // A provider sign-in that failed comes back with ?social= too; SocialNotice explains that one.
  const linkError = () => (param(params.social) ? undefined : param(params.error));

  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal<{ code: string; message: string } | null>(null);
  const [pending, setPending] = createSignal<"password" | "magic" | null>(null);
  const [unverified, setUnverified] = createSignal<string | null>(null);
  const [resend, setResend] = createSignal<{ state: "idle" | "pending" | "sent" } | { state: "error"; message: string }>({ state: "idle" });
  const [magicSentTo, setMagicSentTo] = createSignal<string | null>(null);
  let form: HTMLFormElement | undefined;

  const reset = () => {
    setError(null);
    setUnverified(null);
    setResend({ state: "idle" });
  };

  async function signIn(e: SubmitEvent) {
    e.preventDefault();
    if (pending()) return;
    reset();
    const checked = await checkForm((c) => c.checkSignIn, formValues(form!));
    if (!checked) return setError({ code: "NETWORK", message: UNREACHABLE });
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstError(form);
    }
    setFields({});
    setPending("password");
    // callbackURL is where the verification email sent to an unverified account will land.
    const res = await withAuthClient((c) => c.signInEmail({ ...checked.data, callbackURL: verifyLanding(next()) }));
    if (res.ok) {
      // A full navigation: the next page is rendered on the server with the new session cookie (or, for people with
      // two-factor, the code step: no session until the code is right).
      window.location.assign((res.data as { twoFactorRedirect?: boolean }).twoFactorRedirect ? withNext("/signin?step=two-factor", next()) : (next() ?? "/"));
      return;
    }
    setPending(null);
    if (res.code === "EMAIL_NOT_VERIFIED") setUnverified(checked.data.email);
    else setError({ code: res.code, message: res.message });
  }

  async function sendMagicLink() {
    if (pending()) return;
    reset();
    const checked = await checkForm((c) => c.checkEmailOnly, formValues(form!));
    if (!checked) return setError({ code: "NETWORK", message: UNREACHABLE });
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstError(form);
    }
    setFields({});
    setPending("magic");
    const target = next() ?? "/";
    const res = await withAuthClient((c) =>
      c.signInMagicLink({ email: checked.data.email, callbackURL: target, newUserCallbackURL: target, errorCallbackURL: withNext("/signin", next()) }),
    );
    setPending(null);
    if (res.ok) setMagicSentTo(checked.data.email);
    else setError({ code: res.code, message: res.message });
  }

  async function resendVerification() {
    const email = unverified();
    if (!email || resend().state === "pending") return;
    setResend({ state: "pending" });
    const res = await withAuthClient((c) => c.sendVerificationEmail({ email, callbackURL: verifyLanding(next()) }));
    setResend(res.ok ? { state: "sent" } : { state: "error", message: res.message });
  }

  async function magicAgain() {
    const email = magicSentTo();
    if (!email || pending()) return;
    setPending("magic");
    const target = next() ?? "/";
    const res = await withAuthClient((c) =>
      c.signInMagicLink({ email, callbackURL: target, newUserCallbackURL: target, errorCallbackURL: withNext("/signin", next()) }),
    );
    setPending(null);
    setError(res.ok ? null : { code: res.code, message: res.message });
  }

  // Created once: NarrowPage and TextField read these props more than once, and JSX built anew on each read would
  // not match the server's HTML when the page hydrates.
  const footer = (
    <>
      New to CoRATES?{" "}
      <A href={withNext("/signup", next())} class={linkClass}>
        Create an account
      </A>
    </>
  );
  const forgotLink = (
    <A href={withNext("/forgot-password", null, { email: prefill })} class={linkClass}>
      Forgot your password?
    </A>
  );

  return (
    <NarrowPage title={magicSentTo() ? "Check your email" : "Sign in to CoRATES"} footer={footer}>
      <Title>Sign in · CoRATES</Title>
      <Show
        when={!magicSentTo()}
        fallback={
          <div class="flex flex-col gap-4" data-testid="magic-link-sent">
            <Alert kind="success">
              We sent a sign-in link to <strong>{magicSentTo()}</strong>. Open it on this device to sign in. It expires in 5 minutes.
            </Alert>
            <Show when={error()}>
              <Alert kind="error">{error()!.message}</Alert>
            </Show>
            <div class="flex flex-wrap gap-2">
              <Button type="button" variant="secondary" onClick={magicAgain} pending={pending() === "magic"} pendingText="Sending…" disabled={!hydrated()}>
                Send the link again
              </Button>
              <Button type="button" variant="ghost" onClick={() => (setMagicSentTo(null), setError(null))}>
                Use a password instead
              </Button>
            </div>
          </div>
        }
      >
        <div class="flex flex-col gap-4">
          <Show when={param(params.reset) === "done"}>
            <Alert kind="success">Your password was changed. Sign in with your new password.</Alert>
          </Show>
          <Show when={param(params.deleted) === "1"}>
            <Alert kind="success">Your account and your data were deleted. Thank you for working with CoRATES.</Alert>
          </Show>
          <Show when={param(params.social) && param(params.error)}>
            <SocialNotice />
          </Show>
          <Show when={linkError() && !error() && !unverified()}>
            <Alert kind="error" title={linkError() === "ACCOUNT_BANNED" ? "Account suspended" : "Sign-in link not valid"}>
              <span data-testid="signin-link-error">{linkErrorText(linkError()!, param(params.reason), param(params.until))}</span>
            </Alert>
          </Show>
          <Show when={error()}>
            {(err) => (
              <Alert kind="error">
                <span data-testid="signin-error">{err().message}</span>
                <Switch>
                  <Match when={err().code === "INVALID_EMAIL_OR_PASSWORD"}>
                    {" "}
                    <A href={withNext("/forgot-password", null, { email: emailValue(form) })} class={linkClass}>
                      Reset your password
                    </A>{" "}
                    or use “Email me a sign-in link”.
                  </Match>
                  <Match when={err().code === "RATE_LIMITED"}> You can also reset your password or use a sign-in link.</Match>
                </Switch>
              </Alert>
            )}
          </Show>
          <Show when={unverified()}>
            <div data-testid="unverified-notice">
              <Alert kind="info" title="Verify your email to sign in">
                <p>
                  Your email address <strong>{unverified()}</strong> isn't verified yet. We just emailed you a verification link: open it to finish signing
                  in.
                </p>
                <div class="mt-3 flex flex-wrap items-center gap-3">
                  <Button type="button" variant="secondary" onClick={resendVerification} pending={resend().state === "pending"} pendingText="Sending…">
                    Resend verification email
                  </Button>
                  <Switch>
                    <Match when={resend().state === "sent"}>
                      <span role="status">Sent. Check your inbox (and spam folder).</span>
                    </Match>
                    <Match when={resend().state === "error"}>
                      <span role="alert" class="text-red-800 dark:text-red-300">
                        {(resend() as { message: string }).message}
                      </span>
                    </Match>
                  </Switch>
                </div>
              </Alert>
            </div>
          </Show>

          <form
            ref={form}
            method="post"
            onSubmit={signIn}
            onFocusIn={preloadAuthClient}
            onPointerEnter={preloadAuthClient}
            class="flex flex-col gap-4"
            novalidate
            data-testid="signin-form"
          >
            <TextField label="Email" name="email" type="email" autocomplete="username webauthn" required {...initialValue(prefill ?? "")} error={fields().email} />
            <TextField
              label="Password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              error={fields().password}
              hint={forgotLink}
            />
            <Button type="submit" pending={pending() === "password"} pendingText="Signing in…" disabled={!hydrated() || pending() === "magic"}>
              Sign in
            </Button>
            <div class="flex items-center gap-3 text-xs text-slate-500 dark:text-slate-400" aria-hidden="true">
              <span class="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
              or
              <span class="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
            </div>
            <Button
              type="button"
              variant="secondary"
              onClick={sendMagicLink}
              pending={pending() === "magic"}
              pendingText="Sending link…"
              disabled={!hydrated() || pending() === "password"}
            >
              Email me a sign-in link
            </Button>
          </form>
          <PasskeySignIn next={next()} />
          <SocialButtons next={next()} />
        </div>
      </Show>
    </NarrowPage>
  );
}

function emailValue(form: HTMLFormElement | undefined): string | undefined {
  const v = form ? formValues(form).email?.trim() : undefined;
  return v || undefined;
}
