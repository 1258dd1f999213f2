/**
 * The invitation page signed in as someone other than the invitee: sign out (the auth client loads on use) and come
 * back to the same page, signed out.
 */
import { createSignal, Show } from "solid-js";
import { useHydrated } from "~/lib/forms";
import { actionsRow, wideButton, type Invitation, type Viewer } from "./InvitationParts";
import { Alert, Button, linkClass } from "./ui";
import { UNREACHABLE } from "~/lib/messages";

// Signing out is the only thing here that needs the auth client: it loads with the first sign of intent. Imported
// directly rather than through ~/lib/auth, whose dynamic import would cost every sign-in page its export names.
const client = () => import("~/lib/auth-client");
const warmAuth = () => void client().catch(() => {});

export function WrongAccount(props: { invitation: Invitation; viewer: Viewer; path: string }) {
  const hydrated = useHydrated();
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  async function signOutAndContinue() {
    if (pending()) return;
    setPending(true);
    setError(null);
    const res = await client().then(
      (m) => m.authClient.signOut(),
      () => ({ ok: false as const, message: UNREACHABLE }),
    );
    if (!res.ok) {
      setPending(false);
      setError(res.message);
      return;
    }
    // A full reload: the page is rendered again on the server, now signed out.
    window.location.replace(props.path);
  }

  return (
    <div class="flex flex-col gap-3" data-testid="invitation-mismatch">
      <Alert kind="info" title="This invitation is for a different address">
        <p>
          You are signed in as <strong data-testid="mismatch-signed-in" class="break-all">{props.viewer.email}</strong>, but this invitation was sent to{" "}
          <strong data-testid="mismatch-invited" class="break-all">{props.invitation.email}</strong>.
        </p>
        <p class="mt-2">To accept it, sign out and continue as {props.invitation.email}. Nothing changes for {props.viewer.email}.</p>
      </Alert>
      <Show when={error()}>
        <Alert kind="error">{error()}</Alert>
      </Show>
      <p class="text-sm text-slate-700 dark:text-slate-300">Not for you? After signing out you can also decline it from this page.</p>
      <div class={`${actionsRow} sm:items-center`}>
        <Button
          type="button"
          class={wideButton}
          onClick={signOutAndContinue}
          onFocus={warmAuth}
          onPointerEnter={warmAuth}
          onTouchStart={warmAuth}
          pending={pending()}
          pendingText="Signing out…"
          disabled={!hydrated()}
          data-until-script={hydrated() ? undefined : ""}
        >
          Sign out and continue
        </Button>
        <a href="/" class={linkClass}>
          Go to CoRATES
        </a>
      </div>
    </div>
  );
}
