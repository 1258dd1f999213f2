/**
 * /account's username and persona as text, with "Change username" opening the form (./UsernameForm.tsx), downloaded
 * on use: the page's first script stays light (tests/built/page-weights.test.ts).
 */
import { createSignal, Show } from "solid-js";
import { Alert, Button, Card } from "~/components/ui";
import { onUse } from "~/lib/on-use";
import { personaLabels, type Persona } from "~/lib/profile-rules";
import { UNREACHABLE } from "~/lib/messages";

export function UsernameSection(props: { username: string | null; persona: string | null }) {
  const form = onUse(() => import("./UsernameForm"));
  const [open, setOpen] = createSignal(false);
  return (
    <Card>
      <section aria-labelledby="account-username" data-testid="account-username">
        <h2 id="account-username" class="text-lg font-semibold">
          Username
        </h2>
        <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">Shown beside your name where someone else on a list has the same name.</p>
        <div class="mt-4 flex flex-col gap-3">
          <Show when={form.failed()}>
            <Alert kind="error">{UNREACHABLE}</Alert>
          </Show>
          <Show
            when={open() && form.loaded()}
            fallback={
              <div class="flex flex-col items-start gap-3">
                <p class="text-sm" data-testid="account-username-value">
                  {props.username ? `@${props.username}` : "No username yet"}
                  <Show when={props.persona}>{(p) => <span class="text-muted"> · {personaLabels[p() as Persona] ?? p()}</span>}</Show>
                </p>
                <Button type="button" variant="secondary" disabled={!form.ready()} pending={form.loading()} {...form.intent} onClick={() => form.use(() => setOpen(true))}>
                  Change username
                </Button>
              </div>
            }
          >
            {(m) => {
              const UsernameForm = m().default;
              return <UsernameForm username={props.username} persona={props.persona} />;
            }}
          </Show>
        </div>
      </section>
    </Card>
  );
}
