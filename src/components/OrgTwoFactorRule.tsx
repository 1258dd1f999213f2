/**
 * The settings page's "require two-factor for members" rule: whether it is on, and for owners the button that changes
 * it. The change itself (org-two-factor-rule.ts) is downloaded on the first click, so the page's first load stays
 * small; the server decides every time (owners only, and only owners who have two-factor themselves).
 */
import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { Button, Card, linkClass } from "~/components/ui";
import { canOrg, type OrgRole } from "~/lib/permissions";

export function OrgTwoFactorRule(props: { org: { id: string; role: OrgRole; requireTwoFactor: boolean }; revalidateKey: string }) {
  const [pending, setPending] = createSignal(false);
  const [refusal, setRefusal] = createSignal<{ code: string; message: string } | null>(null);
  async function toggle() {
    setPending(true);
    const { setRule } = await import("./org-two-factor-rule");
    setRefusal(await setRule(props.org.id, !props.org.requireTwoFactor, props.revalidateKey));
    setPending(false);
  }
  return (
    <Card class="mt-10 max-w-xl">
      <section aria-labelledby="two-factor-rule" class="flex flex-col gap-3 text-sm" data-testid="two-factor-rule">
        <h2 id="two-factor-rule" class="text-lg font-semibold">
          Two-factor for members
        </h2>
        <p data-testid="two-factor-rule-state">
          {props.org.requireTwoFactor
            ? "Required: members without it cannot open this workspace until they turn it on."
            : "Not required. When it is, members without it cannot open this workspace until they turn it on."}
        </p>
        <Show when={refusal()}>
          {(r) => (
            <p role="alert" class="text-red-700 dark:text-red-400" data-testid="two-factor-rule-error">
              {r().message}{" "}
              <Show when={r().code === "TWO_FACTOR_REQUIRED"}>
                <A href="/account" class={linkClass}>
                  Your account settings
                </A>
              </Show>
            </p>
          )}
        </Show>
        <Show when={canOrg(props.org.role, "org.requireTwoFactor")}>
          <div>
            <Button type="button" variant="secondary" pending={pending()} onClick={toggle}>
              {props.org.requireTwoFactor ? "Stop requiring two-factor" : "Require two-factor"}
            </Button>
          </div>
        </Show>
      </section>
    </Card>
  );
}
