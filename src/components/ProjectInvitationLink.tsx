/** Shown once, after an invitation is sent from the project page: loaded on use by ./ProjectInviteForm.tsx. */
import { createSignal, Show } from "solid-js";
import type { CreatedInvitation } from "~/rpc/projects";
import { Button } from "./ui";

/** The new invitation's link, once, to copy and send another way (chat, a colleague's own email). */
export default function CreatedLink(props: { invitation: CreatedInvitation; onClose: () => void }) {
  const [copied, setCopied] = createSignal(false);
  let input!: HTMLInputElement;
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.invitation.link);
      setCopied(true);
    } catch {
      // No clipboard permission: select the text so a long-press or Ctrl+C copies it.
      input.select();
    }
  }
  return (
    <div class="mt-4 rounded-md border border-slate-200 bg-slate-50 p-4 dark:border-slate-700 dark:bg-slate-800/60" data-testid="invitation-link">
      <p class="text-sm font-medium">
        <Show when={props.invitation.replaced} fallback={`Invitation sent to ${props.invitation.email}.`}>
          Invitation to {props.invitation.email} sent again: their earlier link no longer works.
        </Show>
      </p>
      <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">
        You can also copy the link and send it yourself. It is shown only now: we keep no copy. Only {props.invitation.email} can accept it.
      </p>
      <div class="mt-3 flex flex-wrap gap-2">
        <label for="invitation-link-value" class="sr-only">
          Invitation link for {props.invitation.email}
        </label>
        <input
          ref={input}
          id="invitation-link-value"
          readonly
          value={props.invitation.link}
          onFocus={(e) => e.currentTarget.select()}
          class="min-h-11 w-full min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs text-slate-900 sm:w-auto dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
        />
        <Button type="button" variant="secondary" class="min-h-11 max-sm:flex-1" onClick={copy}>
          {copied() ? "Copied" : "Copy link"}
        </Button>
        <Button type="button" variant="ghost" class="min-h-11 max-sm:flex-1" onClick={() => props.onClose()}>
          Done
        </Button>
      </div>
      <p role="status" class="sr-only">
        {copied() ? "Link copied." : ""}
      </p>
    </div>
  );
}
