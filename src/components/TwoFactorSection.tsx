/**
 * /account's two-factor section as the page first shows it: on or off, and one button. Everything else (enrolling,
 * turning off, new backup codes, the QR code drawer and the two-factor client) is in TwoFactorPanel, downloaded on use,
 * so the page's first load carries none of it.
 */
import { createSignal, Show } from "solid-js";
import { Alert, Button, Card } from "~/components/ui";
import { onUse } from "~/lib/on-use";
import { UNREACHABLE } from "~/lib/messages";

export function TwoFactorSection(props: { enabled: boolean; hasPassword: boolean }) {
  const panel = onUse(() => import("./TwoFactorPanel"));
  const [open, setOpen] = createSignal(false);
  let trigger: HTMLButtonElement | undefined;
  return (
    <Card>
      <section aria-labelledby="account-two-factor" data-testid="account-two-factor" class="flex flex-col gap-4">
        <h2 id="account-two-factor" class="text-lg font-semibold">
          Two-factor authentication
        </h2>
        <p class="text-sm" data-testid="two-factor-status">
          {props.enabled ? "On: signing in asks for a code from your authenticator app." : "Off: your password alone signs you in."}
        </p>
        <Show when={panel.failed()}>
          <Alert kind="error">{UNREACHABLE}</Alert>
        </Show>
        <Show
          when={open() && panel.loaded()}
          fallback={
            <div>
              <Button ref={trigger} type="button" variant={props.enabled ? "secondary" : "primary"} disabled={!panel.ready()} pending={panel.loading()} {...panel.intent} onClick={() => panel.use(() => setOpen(true))}>
                {props.enabled ? "Manage two-factor" : "Turn on two-factor"}
              </Button>
            </div>
          }
        >
          {(m) => {
            const Panel = m().default;
            return (
              <Panel
                enabled={props.enabled}
                hasPassword={props.hasPassword}
                onClose={() => {
                  setOpen(false);
                  trigger?.focus();
                }}
              />
            );
          }}
        </Show>
      </section>
    </Card>
  );
}
