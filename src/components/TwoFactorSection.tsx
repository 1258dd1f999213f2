/**
 * /account's two-factor section as the page first shows it: whether it is on, and the buttons that open the enrolment,
 * disabling or new-backup-codes panel. The panel (forms, the QR code drawer, the two-factor client) is loaded when a
 * button is pressed, so the page's first load carries none of it.
 */
import { createSignal, lazy, Show, Suspense } from "solid-js";
import { Button, Card } from "~/components/ui";
import type { PanelMode } from "./TwoFactorPanel";

const TwoFactorPanel = lazy(() => import("./TwoFactorPanel"));

export function TwoFactorSection(props: { enabled: boolean; hasPassword: boolean }) {
  const [mode, setMode] = createSignal<PanelMode | null>(null);
  // Hovering or focusing a button starts the download, so the panel is usually there by the time of the click.
  const preload = () => void import("./TwoFactorPanel").catch(() => {});

  return (
    <Card>
      <section aria-labelledby="account-two-factor" data-testid="account-two-factor">
        <h2 id="account-two-factor" class="text-lg font-semibold">
          Two-factor authentication
        </h2>
        <p class="mt-1 text-sm text-muted">
          A code from an authenticator app on your phone (such as Google Authenticator, 1Password or Aegis) is asked for after your password or
          sign-in link, so a stolen password alone cannot open your account.
        </p>
        <div class="mt-4 flex flex-col gap-4">
          <p class="text-sm" data-testid="two-factor-status">
            Status:{" "}
            <strong class={props.enabled ? "text-green-800 dark:text-green-300" : undefined}>{props.enabled ? "On" : "Off"}</strong>
          </p>
          <Show
            when={mode()}
            fallback={
              <div class="flex flex-wrap gap-2" onPointerEnter={preload} onFocusIn={preload}>
                <Show
                  when={props.enabled}
                  fallback={
                    <Button type="button" onClick={() => setMode("enrol")}>
                      Turn on two-factor
                    </Button>
                  }
                >
                  <Button type="button" variant="secondary" onClick={() => setMode("codes")}>
                    New backup codes
                  </Button>
                  <Button type="button" variant="danger" onClick={() => setMode("disable")}>
                    Turn off two-factor
                  </Button>
                </Show>
              </div>
            }
          >
            {(m) => (
              <Suspense fallback={<p class="text-sm text-muted">Loading…</p>}>
                <TwoFactorPanel mode={m()} hasPassword={props.hasPassword} onClose={() => setMode(null)} />
              </Suspense>
            )}
          </Show>
        </div>
      </section>
    </Card>
  );
}
