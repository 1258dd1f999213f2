/** The invitation page for the invitee, signed in: accept (a form that also works before the script) or decline. */
import { useAction, useSubmission } from "@solidjs/router";
import { Show } from "solid-js";
import { acceptInvitationAction } from "~/rpc/invitations";
import { Choices } from "./InvitationChoices";
import { wideButton, type Invitation } from "./InvitationParts";
import { toast } from "./Toaster";
import { Alert, Button } from "./ui";

/** The confirmation after accepting, shown on the page the invitee lands on. */
function joinedMessage(inv: Invitation): string {
  return inv.project ? `You joined ${inv.project.name} in ${inv.org.name}.` : `You joined ${inv.org.name}.`;
}

export function AcceptOrDecline(props: { invitation: Invitation; token: string }) {
  const accepting = useSubmission(acceptInvitationAction);
  const accept = useAction(acceptInvitationAction);

  const failure = () => {
    const r = accepting.result;
    if (r && !r.ok) return r.error.message;
    const e = accepting.error as { message?: string } | undefined;
    return e ? e.message || "Something went wrong on our side. Please try again." : null;
  };

  // With the page's script, accept through the action and, once it has redirected into the workspace (or project),
  // confirm there with a toast. Without the script the form posts as usual and lands in the same place.
  async function onSubmit(e: SubmitEvent & { currentTarget: HTMLFormElement }) {
    e.preventDefault();
    const message = joinedMessage(props.invitation);
    try {
      const r = await accept(new FormData(e.currentTarget));
      if (!r) toast({ message });
    } catch {
      /* shown by failure() from the submission */
    }
  }

  const destination = () => (props.invitation.project ? `the project ${props.invitation.project.name}` : props.invitation.org.name);

  return (
    <div class="flex flex-col gap-3">
      <p class="text-slate-700 dark:text-slate-300">
        You are signed in as <strong class="break-all">{props.invitation.email}</strong>. Accept to join {destination()}.
      </p>
      <Show when={failure()}>
        <Alert kind="error">
          <span data-testid="invitation-error">{failure()}</span>
        </Alert>
      </Show>
      <Choices token={props.token} busy={accepting.pending}>
        <form action={acceptInvitationAction} method="post" class="max-sm:w-full" onSubmit={onSubmit}>
          <input type="hidden" name="token" value={props.token} />
          <Button type="submit" class={wideButton} pending={accepting.pending} pendingText="Accepting…">
            Accept
          </Button>
        </form>
      </Choices>
    </div>
  );
}
