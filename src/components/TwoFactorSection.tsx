/**
 * /account's two-factor section as the page first shows it: on or off, and one button. Everything else (enrolling,
 * turning off, new backup codes, the QR code drawer and the two-factor client) is in TwoFactorPanel, downloaded when
 * the button is pressed, so the page's first load carries none of it.
 */
import { createSignal, Show, type Component } from "solid-js";
import { Button, Card } from "~/components/ui";
import type { PanelProps } from "./TwoFactorPanel";

export function TwoFactorSection(props: { enabled: boolean; hasPassword: boolean }) {
  const [Panel, setPanel] = createSignal<Component<PanelProps>>();
  const [loading, setLoading] = createSignal(false);
  async function open() {
    setLoading(true);
    const m = await import("./TwoFactorPanel").finally(() => setLoading(false));
    setPanel(() => m.default);
  }
  return (
    <Card>
      <section aria-labelledby="account-two-factor" data-testid="account-two-factor" class="flex flex-col gap-4">
        <h2 id="account-two-factor" class="text-lg font-semibold">
          Two-factor authentication
        </h2>
        <p class="text-sm" data-testid="two-factor-status">
          {props.enabled ? "On: signing in asks for a code from your authenticator app." : "Off: your password alone signs you in."}
        </p>
        <Show
          when={Panel()}
          fallback={
            <div>
              <Button type="button" variant={props.enabled ? "secondary" : "primary"} pending={loading()} onClick={open}>
                {props.enabled ? "Manage two-factor" : "Turn on two-factor"}
              </Button>
            </div>
          }
        >
          {(P) => {
            const Loaded = P();
            return <Loaded enabled={props.enabled} hasPassword={props.hasPassword} onClose={() => setPanel(undefined)} />;
          }}
        </Show>
      </section>
    </Card>
  );
}
