/**
 * The provider buttons ("Continue with ORCID"), for the providers that are configured (read from the settings: no
 * database). A chunk of its own, which /signin, /signup and the invitation page load with lazy(); their HTML
 * links it when there are buttons to show; the code that talks to Better Auth loads on the click.
 */
import { createAsync } from "@solidjs/router";
import { createSignal, For, sharedConfig, Show } from "solid-js";
import { LinkChunk } from "~/lib/chunk-links";
import { useHydrated } from "~/lib/forms";
import { Alert, Button } from "./ui";
import { UNREACHABLE } from "~/lib/messages";

/** The provider buttons; `next` is where the person goes once signed in (the invitation, say). */
export default function SocialButtons(props: { next: string | null }) {
  // The server reads the configured providers while it renders (settings only) and they reach the browser with the
  // page's data, so a page loaded with these buttons needs neither the server-function client nor a call. While
  // hydrating, the resource takes that data and ignores this function's answer; the router still calls the function,
  // so it must not fetch then. Only a page the browser navigates to asks the server function.
  const providers = createAsync(() => {
    if (import.meta.env.SSR) return import("~/server/social-rpc").then((m) => m.configuredProviders());
    if (sharedConfig.context) return Promise.resolve([]);
    return import("~/rpc/social").then((m) => m.getSignInProviders());
  });
  const hydrated = useHydrated();
  const [pending, setPending] = createSignal<string | null>(null);
  const [failure, setFailure] = createSignal<string | null>(null);

  async function go(id: string) {
    if (pending()) return;
    setPending(id);
    setFailure(null);
    const failed = await import("~/lib/social-client").then(
      (m) => m.startSignIn(id, props.next),
      () => UNREACHABLE,
    );
    if (failed === null) return; // on the way to the provider
    setFailure(failed);
    setPending(null);
  }

  return (
    <Show when={(providers()?.length ?? 0) > 0}>
      {/* Buttons on the page's first paint: its HTML links this chunk (without providers it shows nothing). */}
      <LinkChunk source="src/components/SocialButtons.tsx" />
      <div class="flex flex-col gap-3" data-testid="social-sign-in">
        <div class="flex items-center gap-3 text-xs text-slate-500 dark:text-slate-400" aria-hidden="true">
          <span class="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
          or
          <span class="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
        </div>
        <For each={providers()}>
          {(p) => (
            <Button type="button" variant="secondary" class="min-h-11" onClick={() => go(p.id)} pending={pending() === p.id} pendingText={`Opening ${p.name}…`} disabled={!hydrated() || (pending() !== null && pending() !== p.id)} data-until-script={hydrated() ? undefined : ""}>
              Continue with {p.name}
            </Button>
          )}
        </For>
        <Show when={failure()}>
          <Alert kind="error">{failure()!}</Alert>
        </Show>
      </div>
    </Show>
  );
}
