/**
 * /account's last section as the page first shows it: download your data, and one button to delete the account. The
 * deletion dialog (typed address, password, the last-owner answer) is in DeleteAccountPanel, downloaded on use, so
 * the page's first load carries none of it.
 */
import { createSignal, Show } from "solid-js";
import { Alert, Button, buttonClass, Card } from "~/components/ui";
import { onUse } from "~/lib/on-use";
import { UNREACHABLE } from "~/lib/messages";

export function LeaveForGoodSection(props: { email: string; hasPassword: boolean }) {
  const panel = onUse(() => import("./DeleteAccountPanel"));
  const [open, setOpen] = createSignal(false);
  let opener!: HTMLButtonElement;
  return (
    <Card>
      <section aria-labelledby="account-leave" data-testid="account-leave" class="flex flex-col gap-4">
        <h2 id="account-leave" class="text-lg font-semibold">
          Your data and leaving
        </h2>
        <p class="text-sm text-muted">
          Download everything CoRATES holds about you as a file first. Deleting your account signs you out everywhere and cannot be undone; projects
          you created stay with their workspaces, and the activity log keeps your name.
        </p>
        <Show when={panel.failed()}>
          <Alert kind="error">{UNREACHABLE}</Alert>
        </Show>
        <div class="flex flex-wrap gap-3">
          <a href="/api/me/export" download="" class={buttonClass("secondary")} data-testid="export-data">
            Download my data
          </a>
          <Button ref={opener} type="button" variant="danger" disabled={!panel.ready()} pending={panel.loading()} {...panel.intent} onClick={() => panel.use(() => setOpen(true))} aria-haspopup="dialog">
            Delete my account…
          </Button>
        </div>
        <Show when={open() && panel.loaded()}>
          {(m) => {
            const Dialog = m().default;
            return (
              <Dialog
                email={props.email}
                hasPassword={props.hasPassword}
                onClose={() => {
                  setOpen(false);
                  opener.focus();
                }}
              />
            );
          }}
        </Show>
      </section>
    </Card>
  );
}
