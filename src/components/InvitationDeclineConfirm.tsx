/**
 * "Decline this invitation?": asked in place after "Decline" on the invitation page, loaded on use by
 * ./InvitationChoices.tsx. Declining works signed out too: the link is the credential (docs/adr/0002).
 */
import { declineInvitationAction } from "~/rpc/invitations";
import { Button } from "./ui";

// The page's action row and button widths (./InvitationParts.tsx), written out: importing them from the page's own
// chunk would add a re-export chunk to the page.
const actionsRow = "flex flex-col gap-3 sm:flex-row sm:flex-wrap";
const wideButton = "min-h-11 max-sm:w-full";

export default function DeclineConfirm(props: { token: string; pending: boolean; ref: (button: HTMLButtonElement) => void; onKeep: () => void }) {
  return (
    <div class="rounded-md border border-red-200 p-4 dark:border-red-900" role="group" aria-labelledby="decline-confirm-text">
      <p id="decline-confirm-text" class="mb-3 text-sm">
        Decline this invitation? The link stops working, and you would need a new invitation to join later.
      </p>
      <form action={declineInvitationAction} method="post" class={actionsRow}>
        <input type="hidden" name="token" value={props.token} />
        <Button type="submit" variant="danger" class={wideButton} ref={props.ref} pending={props.pending} pendingText="Declining…">
          Yes, decline
        </Button>
        <Button type="button" variant="secondary" class={wideButton} onClick={() => props.onKeep()} disabled={props.pending}>
          Keep the invitation
        </Button>
      </form>
    </div>
  );
}
