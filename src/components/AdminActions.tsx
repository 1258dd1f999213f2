/**
 * The admin page's forms, loaded when an admin opens one (src/routes/admin.tsx): ban a person with a reason and an
 * optional last day, hand a workspace over. The server decides again on submit. (Lifting a ban is one button the page
 * shows at once: ./AdminUnban.tsx.)
 */
import { useSubmission } from "@solidjs/router";
import { createEffect, For, on, onMount, Show } from "solid-js";
import { banUserAction, transferOrgAction } from "~/rpc/admin";
import { Alert, Button, inputClass, TextField } from "./ui";

function failureOf(result: unknown) {
  const r = result as { ok: boolean; error?: { message: string; fields?: Record<string, string> } } | undefined;
  return r && !r.ok ? r.error! : null;
}

export function BanForm(props: { userId: string; name: string; onDone: () => void }) {
  const submission = useSubmission(banUserAction);
  const failure = () => failureOf(submission.result);
  const fields = () => failure()?.fields ?? {};
  // Done: the page's data is read again by the router after the action; the form closes.
  createEffect(on(() => submission.result, (r) => (r as { ok?: boolean } | undefined)?.ok && props.onDone(), { defer: true }));
  let form!: HTMLFormElement;
  // Opened from "Ban…": keyboard users continue in the reason field.
  onMount(() => form.querySelector<HTMLInputElement>("input[name=reason]")?.focus());
  return (
    <form ref={form} action={banUserAction} method="post" class="mt-3 flex flex-col gap-3" novalidate data-testid="ban-form">
      <input type="hidden" name="userId" value={props.userId} />
      <Show when={failure() && !failure()!.fields}>
        <Alert kind="error">{failure()!.message}</Alert>
      </Show>
      <TextField label="Reason (shown to them when they try to sign in)" name="reason" required maxLength={500} error={fields().reason} />
      <TextField label="Last day of the ban (optional; empty: until lifted)" name="until" type="date" error={fields().expiresAt} />
      <div class="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" pending={submission.pending} pendingText="Banning…">
          Ban {props.name} and end their sessions
        </Button>
        <Button type="button" variant="secondary" onClick={() => props.onDone()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export function TransferForm(props: { orgId: string; candidates: { userId: string; label: string }[] }) {
  const submission = useSubmission(transferOrgAction);
  const failure = () => failureOf(submission.result);
  let select!: HTMLSelectElement;
  onMount(() => select.focus());
  return (
    <form action={transferOrgAction} method="post" class="mt-3 flex flex-col gap-3" data-testid="transfer-form">
      <input type="hidden" name="orgId" value={props.orgId} />
      <Show when={failure()}>
        <Alert kind="error">{failure()!.fields?.userId ?? failure()!.message}</Alert>
      </Show>
      <label class="flex flex-col gap-1.5 text-sm font-medium">
        New owner
        <select ref={select} name="userId" class={inputClass} required>
          <For each={props.candidates}>{(c) => <option value={c.userId}>{c.label}</option>}</For>
        </select>
      </label>
      <div>
        <Button type="submit" pending={submission.pending} pendingText="Handing over…">
          Make them the owner
        </Button>
      </div>
    </form>
  );
}

