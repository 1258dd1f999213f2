/**
 * What the members page shows after invitations were sent (OrgInvitations.tsx loads it on use): one line per address,
 * new links shown once with a Copy button (the database keeps only their hash), and the toast that sums it up.
 */
import { createSignal, createUniqueId, For, Show } from "solid-js";
import { plural } from "~/lib/format";
import type { BulkInvitationResult } from "~/rpc/members";
import { toast } from "./Toaster";
import { Button, Card } from "./ui";

/** After a send: only the addresses that went through leave the field (the others stay to be corrected); a toast. */
export function afterInvite(results: BulkInvitationResult[], form: HTMLFormElement) {
  const left = results.filter((x) => x.outcome === "invalid" || x.outcome === "not_sent").map((x) => x.email);
  const area = form.elements.namedItem("emails") as HTMLTextAreaElement | null;
  if (area) area.value = left.join("\n");
  const sent = results.filter((x) => x.outcome === "sent" || x.outcome === "replaced").length;
  const replaced = results.filter((x) => x.outcome === "replaced");
  if (results.length === 1 && replaced.length === 1) toast({ message: `Invitation to ${replaced[0]!.email} renewed. The previous link no longer works.` });
  else if (sent > 0) toast({ message: `${plural(sent, "invitation")} sent.` });
}

const outcomeText: Record<BulkInvitationResult["outcome"], string> = {
  sent: "Invitation sent",
  replaced: "Invitation renewed: the previous link no longer works",
  member: "Already a member",
  invalid: "Not sent",
  not_sent: "Not sent",
};

export function InviteResults(props: { results: BulkInvitationResult[] }) {
  const withLinks = () => props.results.some((r) => r.outcome === "sent" || r.outcome === "replaced");
  return (
    <Card class="mt-4 !p-0" data-testid="invite-results">
      <h3 class="px-4 pt-3 font-semibold">Results</h3>
      <Show when={withLinks()}>
        <p class="px-4 text-sm text-slate-600 dark:text-slate-400">
          Each invitation was emailed. You can also copy a link to share it another way: it is shown only now.
        </p>
      </Show>
      <ul class="mt-2 divide-y divide-slate-200 dark:divide-slate-800">
        <For each={props.results}>{(r) => <InviteResultRow result={r} />}</For>
      </ul>
    </Card>
  );
}

function InviteResultRow(props: { result: BulkInvitationResult }) {
  const id = createUniqueId();
  const [copied, setCopied] = createSignal(false);
  const r = () => props.result;
  const link = () => {
    const x = r();
    return "invitation" in x ? x.invitation.link : null;
  };
  const ok = () => r().outcome === "sent" || r().outcome === "replaced";
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      toast({ message: "Invitation link copied." });
    } catch {
      (document.getElementById(`${id}-link`) as HTMLInputElement | null)?.select();
      toast({ message: "Copy the selected link with your keyboard or menu.", kind: "info" });
    }
  };
  return (
    <li class="flex flex-col gap-2 px-4 py-3 text-sm" data-testid="invite-result">
      <p class="[overflow-wrap:anywhere]">
        <span class="font-medium">{r().email}</span>
        {" — "}
        <span class={ok() ? "text-emerald-800 dark:text-emerald-300" : "text-red-700 dark:text-red-400"}>
          {outcomeText[r().outcome]}
          {"reason" in r() && r().outcome !== "member" ? `: ${(r() as { reason: string }).reason}` : ""}
        </span>
      </p>
      <Show when={link()}>
        {(url) => (
          <div class="flex flex-wrap items-center gap-2">
            <label for={`${id}-link`} class="sr-only">
              Invitation link for {r().email}
            </label>
            <input
              id={`${id}-link`}
              readOnly
              value={url()}
              onFocus={(e) => e.currentTarget.select()}
              class="min-h-11 min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
            />
            <Button type="button" variant="secondary" class="min-h-11" aria-label={`Copy invitation link for ${r().email}`} onClick={() => void copy(url())}>
              {copied() ? "Copied" : "Copy link"}
            </Button>
          </div>
        )}
      </Show>
    </li>
  );
}
