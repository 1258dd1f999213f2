/**
 * The settings page's "require two-factor for members" switch. Owners turn it on or off (and must have two-factor
 * themselves: the server says so when they do not); everyone else sees whether it is on. It talks to the JSON API's
 * PATCH /api/orgs/:orgId, the same door as any other client, and the server decides every time.
 */
import { A, revalidate } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { Alert, Card, linkClass } from "~/components/ui";
import { canOrg, type OrgRole } from "~/lib/permissions";
import { toast } from "./Toaster";

type Refusal = { code: string; message: string };

export function OrgTwoFactorRule(props: { org: { id: string; role: OrgRole; requireTwoFactor: boolean }; revalidateKey: string }) {
  const [pending, setPending] = createSignal(false);
  const [refusal, setRefusal] = createSignal<Refusal | null>(null);
  const on = () => props.org.requireTwoFactor;

  async function toggle() {
    if (pending()) return;
    setPending(true);
    setRefusal(null);
    const next = !on();
    try {
      const res = await fetch(`/api/orgs/${encodeURIComponent(props.org.id)}`, {
        method: "PATCH",
        credentials: "same-origin",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ requireTwoFactor: next }),
      });
      if (res.ok) {
        await revalidate(props.revalidateKey);
        toast(next ? "Members now need two-factor authentication." : "Two-factor is no longer required.");
      } else {
        const body = (await res.json().catch(() => null)) as { error?: Refusal } | null;
        setRefusal(body?.error ?? { code: "INTERNAL", message: "Something went wrong on our side. Please try again." });
      }
    } catch {
      setRefusal({ code: "NETWORK", message: "We couldn't reach the server. Check your connection and try again." });
    }
    setPending(false);
  }

  return (
    <section aria-labelledby="two-factor-rule-heading" class="mt-10">
      <h2 id="two-factor-rule-heading" class="mb-3 text-lg font-semibold">
        Security
      </h2>
      <Card class="max-w-xl">
        <div class="flex items-start justify-between gap-4">
          <div class="min-w-0">
            <p class="text-sm font-medium" id="two-factor-rule-label">
              Require two-factor authentication for members
            </p>
            <p class="mt-1 text-sm text-muted">
              Members without it can still sign in, but cannot open this workspace until they turn it on in their account settings.
            </p>
          </div>
          <Show
            when={canOrg(props.org.role, "org.requireTwoFactor")}
            fallback={
              <span class="shrink-0 text-sm font-medium" data-testid="two-factor-rule-state">
                {on() ? "On" : "Off"}
              </span>
            }
          >
            <button
              type="button"
              role="switch"
              aria-checked={on()}
              aria-labelledby="two-factor-rule-label"
              disabled={pending()}
              onClick={toggle}
              data-testid="two-factor-rule-switch"
              class={`relative inline-flex h-7 w-12 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:opacity-60 ${on() ? "bg-blue-700" : "bg-slate-300 dark:bg-slate-600"}`}
            >
              <span class={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${on() ? "translate-x-6" : "translate-x-1"}`} />
            </button>
          </Show>
        </div>
        <Show when={refusal()}>
          {(r) => (
            <div class="mt-4">
              <Alert kind="error">
                <span data-testid="two-factor-rule-error">{r().message}</span>
                <Show when={r().code === "TWO_FACTOR_REQUIRED"}>
                  {" "}
                  <A href="/account" class={linkClass}>
                    Turn on two-factor in your account
                  </A>
                </Show>
              </Alert>
            </div>
          )}
        </Show>
      </Card>
    </section>
  );
}
