/**
 * /account's username and persona as text, with "Change" loading the form on use (./UsernameForm.tsx): the page's
 * first script stays light (tests/built/page-weights.test.ts).
 */
import { createSignal, lazy, Show } from "solid-js";
import { Button, Card } from "~/components/ui";
import { personaLabels, type Persona } from "~/lib/profile-rules";

const UsernameForm = lazy(() => import("./UsernameForm"));

export function UsernameSection(props: { username: string | null; persona: string | null }) {
  const [editing, setEditing] = createSignal(false);
  return (
    <Card>
      <section aria-labelledby="account-username" data-testid="account-username">
        <h2 id="account-username" class="text-lg font-semibold">
          Username
        </h2>
        <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">Shown beside your name where someone else on a list has the same name.</p>
        <div class="mt-4">
          <Show
            when={editing()}
            fallback={
              <div class="flex flex-col items-start gap-3">
                <p class="text-sm" data-testid="account-username-value">
                  {props.username ? `@${props.username}` : "No username yet"}
                  <Show when={props.persona}>{(p) => <span class="text-muted"> · {personaLabels[p() as Persona] ?? p()}</span>}</Show>
                </p>
                <Button type="button" variant="secondary" onClick={() => setEditing(true)}>
                  Change username
                </Button>
              </div>
            }
          >
            <UsernameForm username={props.username} persona={props.persona} />
          </Show>
        </div>
      </section>
    </Card>
  );
}
