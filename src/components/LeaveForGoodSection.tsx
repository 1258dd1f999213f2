/**
 * /account's last section as the page first shows it: download your data, and one button to delete the account. The
 * deletion form (typed address, password, the last-owner answer) is in DeleteAccountPanel, downloaded when the button
 * is pressed, so the page's first load carries none of it.
 */
import { createSignal, Show, type Component } from "solid-js";
import { Button, buttonClass, Card } from "~/components/ui";
import type { DeleteAccountPanelProps } from "./DeleteAccountPanel";

export function LeaveForGoodSection(props: { email: string; hasPassword: boolean }) {
  const [Panel, setPanel] = createSignal<Component<DeleteAccountPanelProps>>();
  const [loading, setLoading] = createSignal(false);
  let opener!: HTMLButtonElement;
  async function open() {
    setLoading(true);
    const m = await import("./DeleteAccountPanel").finally(() => setLoading(false));
    setPanel(() => m.default);
  }
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
        <div class="flex flex-wrap gap-3">
          <a href="/api/me/export" download="" class={buttonClass("secondary")} data-testid="export-data">
            Download my data
          </a>
          <Button ref={opener} type="button" variant="danger" pending={loading()} onClick={open} aria-haspopup="dialog">
            Delete my account…
          </Button>
        </div>
        <Show when={Panel()}>
          {(P) => {
            const Loaded = P();
            return (
              <Loaded
                email={props.email}
                hasPassword={props.hasPassword}
                onClose={() => {
                  setPanel(undefined);
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
