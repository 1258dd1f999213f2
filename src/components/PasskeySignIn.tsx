/**
 * /signin's passkey button, and the quiet passkey request behind the email field's suggestions (conditional UI) where
 * the browser offers it. Part of the sign-in form's chunk, which shows it at once; the WebAuthn code
 * (~/lib/passkey-client) loads after that, only in browsers that can show passkeys among the suggestions, or on the
 * click. A passkey sign-in counts as two factors, so it never meets the code step (docs/adr/0013).
 */
import { createSignal, onCleanup, onMount, Show } from "solid-js";
import { useHydrated } from "~/lib/forms";
import { Alert, Button } from "./ui";
import { UNREACHABLE } from "~/lib/messages";

type Client = typeof import("~/lib/passkey-client");

export default function PasskeySignIn(props: { next: string | null }) {
  const hydrated = useHydrated();
  const [pending, setPending] = createSignal(false);
  const [failure, setFailure] = createSignal<string | null>(null);
  let client: Client | undefined;
  let gone = false;

  const arrive = () => window.location.assign(props.next ?? "/");

  /** Offers this site's passkeys among the email field's suggestions until one is picked or the page is left. */
  async function offerInAutofill() {
    if (gone || !client || !(await client.autofillAvailable())) return;
    const res = await client.signInWithPasskey(true);
    if (res.ok) return arrive();
    // Cancelled: a click on the button took over, or the page is going away.
    if (res.code !== "CANCELLED" && !gone) setFailure(res.message);
  }

  onMount(() => {
    const pkc = window.PublicKeyCredential as unknown as { isConditionalMediationAvailable?: () => Promise<boolean> } | undefined;
    pkc?.isConditionalMediationAvailable?.().then(
      async (yes) => {
        if (!yes || gone) return;
        client ??= await import("~/lib/passkey-client");
        void offerInAutofill();
      },
      () => {},
    );
  });
  onCleanup(() => {
    gone = true;
    client?.cancelPasskeyRequest();
  });

  async function signIn() {
    if (pending()) return;
    setPending(true);
    setFailure(null);
    try {
      client ??= await import("~/lib/passkey-client");
    } catch {
      setPending(false);
      return setFailure(UNREACHABLE);
    }
    const res = await client.signInWithPasskey(false);
    if (res.ok) return arrive();
    setPending(false);
    setFailure(res.message);
    void offerInAutofill();
  }

  return (
    <div class="flex flex-col gap-3" data-testid="passkey-sign-in">
      <Button type="button" variant="secondary" class="min-h-11" onClick={signIn} pending={pending()} pendingText="Waiting for your passkey…" disabled={!hydrated()}>
        Sign in with a passkey
      </Button>
      <Show when={failure()}>
        <Alert kind="error">
          <span data-testid="passkey-error">{failure()}</span>
        </Alert>
      </Show>
    </div>
  );
}
