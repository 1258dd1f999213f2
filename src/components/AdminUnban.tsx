/**
 * /admin's "Lift the ban" (a banned person's page shows it at once, so it is part of the page's first load). A plain
 * form on the server function's address: it works before the page's script runs, too. The server decides again.
 */
import { useSubmission } from "@solidjs/router";
import { Show } from "solid-js";
import { unbanUserAction } from "~/rpc/admin";
import { Alert, Button } from "./ui";

export function AdminUnban(props: { userId: string }) {
  const submission = useSubmission(unbanUserAction);
  const failure = () => {
    const r = submission.result as { ok: boolean; error?: { message: string } } | undefined;
    return r && !r.ok ? r.error! : null;
  };
  return (
    <form action={unbanUserAction} method="post" class="mt-3">
      <input type="hidden" name="userId" value={props.userId} />
      <Show when={failure()}>{(f) => <Alert kind="error">{f().message}</Alert>}</Show>
      <Button type="submit" variant="secondary" pending={submission.pending} pendingText="Lifting…">
        Lift the ban
      </Button>
    </form>
  );
}
