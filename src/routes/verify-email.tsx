/**
 * /verify-email: where the emailed verification link lands. Better Auth has already verified the address and signed
 * the person in (autoSignInAfterVerification), or sent them here with `?error=TOKEN_EXPIRED|INVALID_TOKEN|…`.
 */
import { Title } from "~/components/Head";
import { A, createAsync, type RouteDefinition, useSearchParams } from "@solidjs/router";
import { createSignal, Match, Show, Switch } from "solid-js";
import { Alert, Button, linkClass, NarrowPage, TextField, buttonClass } from "~/components/ui";
import { checkForm, preloadAuthClient, withAuthClient } from "~/lib/auth";
import { UNREACHABLE } from "~/lib/messages";
import { focusFirstError, formValues, useHydrated } from "~/lib/forms";
import { param, safeNext, verifyLanding, withNext } from "~/lib/links";
import { getSignedInUser } from "~/rpc/account";
import { preloadWith } from "~/lib/preload";

export const route = { preload: () => preloadWith(() => import("~/rpc/account"), (m) => m.getSignedInUser) } satisfies RouteDefinition;

function explain(code: string): string {
  switch (code) {
    case "TOKEN_EXPIRED":
      return "This verification link has expired. Links work for 24 hours. Send yourself a new one below.";
    case "USER_NOT_FOUND":
      return "We couldn't find an account for this link. It may have been deleted. You can create a new account.";
    default:
      return "This verification link is not valid. It may be incomplete (copy the whole link) or replaced by a newer one. Send yourself a new one below.";
  }
}

export default function VerifyEmail() {
  const [params] = useSearchParams();
  const next = () => safeNext(params.next);
  const error = () => param(params.error);
  const viewer = createAsync(() => getSignedInUser());

  return (
    <Switch>
      <Match when={error()}>
        <NarrowPage title="We couldn't verify your email">
          <Title>Email not verified · CoRATES</Title>
          <div class="flex flex-col gap-4" data-testid="verify-error">
            <Alert kind="error">{explain(error()!)}</Alert>
            <ResendForm next={next()} />
            <SignInLinks next={next()} />
          </div>
        </NarrowPage>
      </Match>
      <Match when={viewer()?.emailVerified}>
        <NarrowPage title="Your email is verified">
          <Title>Email verified · CoRATES</Title>
          <div class="flex flex-col gap-4" data-testid="verify-success">
            <Alert kind="success">
              Thanks! <strong>{viewer()!.email}</strong> is confirmed and you are signed in.
            </Alert>
            {/* A full navigation (rel="external": the router leaves it to the browser), so the next page is rendered
                with the new session and the server's redirects apply (the first-run step, src/middleware.ts). */}
            <a
              href={next() ?? "/"}
              rel="external"
              data-testid="verify-continue"
              class={buttonClass("primary")}
            >
              Continue
            </a>
          </div>
        </NarrowPage>
      </Match>
      <Match when={viewer() !== undefined}>
        {/* No error and not signed in: the link was already used, or someone opened this page directly. */}
        <NarrowPage title="Verify your email">
          <Title>Verify your email · CoRATES</Title>
          <div class="flex flex-col gap-4" data-testid="verify-pending">
            <p class="text-sm">
              If you already opened your verification link, your email is verified:{" "}
              <A href={withNext("/signin", next())} class={linkClass}>
                sign in
              </A>{" "}
              to continue. Otherwise, open the link in the email we sent you, or ask for a new one.
            </p>
            <ResendForm next={next()} />
            <SignInLinks next={next()} />
          </div>
        </NarrowPage>
      </Match>
    </Switch>
  );
}

function SignInLinks(props: { next: string | null }) {
  return (
    <p class="border-t border-slate-200 pt-4 text-center text-sm dark:border-slate-700">
      <A href={withNext("/signin", props.next)} class={linkClass}>
        Sign in
      </A>
      {" · "}
      <A href={withNext("/signup", props.next)} class={linkClass}>
        Create an account
      </A>
    </p>
  );
}

/** Asks for a new verification link. The answer never says whether the address has an account. */
function ResendForm(props: { next: string | null }) {
  const hydrated = useHydrated();
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [pending, setPending] = createSignal(false);
  const [sentTo, setSentTo] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  let form: HTMLFormElement | undefined;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (pending()) return;
    setError(null);
    setSentTo(null);
    const checked = await checkForm((c) => c.checkEmailOnly, formValues(form!));
    if (!checked) return setError(UNREACHABLE);
    if (!checked.ok) {
      setFields(checked.fields);
      return focusFirstError(form);
    }
    setFields({});
    setPending(true);
    const res = await withAuthClient((c) => c.sendVerificationEmail({ email: checked.data.email, callbackURL: verifyLanding(props.next) }));
    setPending(false);
    if (res.ok) setSentTo(checked.data.email);
    else if (res.code === "EMAIL_ALREADY_VERIFIED") setError("This address is already verified. Sign in to continue.");
    else setError(res.message);
  }

  return (
    <form ref={form} method="post" onSubmit={submit} onFocusIn={preloadAuthClient} onPointerEnter={preloadAuthClient} class="flex flex-col gap-3" novalidate data-testid="resend-verification-form">
      <Show when={sentTo()}>
        <Alert kind="success">
          If <strong>{sentTo()}</strong> has an account waiting for verification, we sent it a new link. Check your inbox (and spam folder).
        </Alert>
      </Show>
      <Show when={error()}>
        <Alert kind="error">{error()}</Alert>
      </Show>
      <TextField label="Email" name="email" type="email" autocomplete="email" required error={fields().email} />
      <Button type="submit" variant="secondary" pending={pending()} pendingText="Sending…" disabled={!hydrated()}>
        Send a new verification link
      </Button>
    </form>
  );
}
