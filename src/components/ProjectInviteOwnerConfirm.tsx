/**
 * "Invite as owner?": asked in place of the send button when the invite form names an owner (of the project or of the
 * workspace). Loaded on use by ./ProjectInviteForm.tsx; the form itself sends on "Yes".
 */
import { Button } from "./ui";

export default function OwnerConfirm(props: {
  question: string;
  pending: boolean;
  ref: (button: HTMLButtonElement) => void;
  onConfirm: () => void;
  onBack: () => void;
}) {
  return (
    <div class="rounded-md border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950/40" role="group" aria-labelledby="invite-owner-confirm" data-testid="invite-owner-confirm">
      <p id="invite-owner-confirm" class="mb-3 text-sm">
        {props.question}
      </p>
      <div class="flex flex-wrap gap-3">
        <Button ref={props.ref} type="button" class="min-h-11 max-sm:w-full" pending={props.pending} pendingText="Sending…" onClick={() => props.onConfirm()}>
          Yes, invite as owner
        </Button>
        <Button type="button" variant="secondary" class="min-h-11 max-sm:w-full" onClick={() => props.onBack()}>
          Back
        </Button>
      </div>
    </div>
  );
}
