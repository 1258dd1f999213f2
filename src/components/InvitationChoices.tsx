/**
 * The invitation page's ways forward plus "Decline", which first asks for confirmation in place
 * (./InvitationDeclineConfirm.tsx, loaded on use: intent on the button, awaited by the click). Declining works signed
 * out too: the link is the credential (docs/adr/0002-decline-with-the-token.md).
 */
import { useSubmission } from "@solidjs/router";
import { createSignal, type JSX, lazy, Show } from "solid-js";
import { useHydrated } from "~/lib/forms";
import { declineInvitationAction } from "~/rpc/invitations";
import { actionsRow, wideButton } from "./InvitationParts";
import { toast } from "./Toaster";
import { Alert, Button } from "./ui";

const DeclineConfirm = lazy(() => import("./InvitationDeclineConfirm"));
// Loaded here rather than through ~/lib/on-use (intentTo, openOnUse): sharing that helper with the project page made it a chunk of its
// own, which cost this page more than the few lines below.
const warmConfirm = () => void DeclineConfirm.preload().catch(() => {});

export function Choices(props: { token: string; busy?: boolean; children: JSX.Element }) {
  const hydrated = useHydrated();
  const declining = useSubmission(declineInvitationAction);
  const [confirming, setConfirming] = createSignal(false);
  let declineButton: HTMLButtonElement | undefined;
  let confirmButton: HTMLButtonElement | undefined;
  const failure = () => {
    const r = declining.result;
    if (r && !r.ok) return r.error.message;
    const e = declining.error as { message?: string } | undefined;
    return e ? e.message || "Something went wrong on our side. Please try again." : null;
  };

  async function startConfirm() {
    try {
      await DeclineConfirm.preload();
    } catch {
      toast({ kind: "error", message: "This part of the page could not be loaded. Check your connection and try again." });
      return;
    }
    setConfirming(true);
    queueMicrotask(() => confirmButton?.focus());
  }
  const cancelConfirm = () => {
    setConfirming(false);
    queueMicrotask(() => declineButton?.focus());
  };

  return (
    <>
      <Show when={failure()}>
        <Alert kind="error">
          <span data-testid="invitation-error">{failure()}</span>
        </Alert>
      </Show>
      <Show
        when={!confirming()}
        fallback={<DeclineConfirm token={props.token} pending={!!declining.pending} ref={(b) => (confirmButton = b)} onKeep={cancelConfirm} />}
      >
        <div class={actionsRow}>
          {props.children}
          <Button
            type="button"
            variant="secondary"
            class={wideButton}
            ref={declineButton}
            onPointerOver={warmConfirm}
            onFocus={warmConfirm}
            onTouchStart={warmConfirm}
            onClick={startConfirm}
            disabled={!hydrated() || props.busy}
            data-until-script={hydrated() ? undefined : ""}
          >
            Decline
          </Button>
        </div>
      </Show>
    </>
  );
}
