/**
 * /welcome: the first-run step after the first sign-in (display name, persona, username). Signed-in pages send people
 * here until it is done (src/server/pages/welcome.ts) and `?next=` keeps where they were going, an invitation
 * included. Without an invitation to follow, completing it creates and opens the person's own workspace.
 */
import { Title } from "~/components/Head";
import { createAsync, useSearchParams, useSubmission } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { Alert, Button, initialValue, NarrowPage, TextField } from "~/components/ui";
import { useHydrated } from "~/lib/forms";
import { safeNext, param } from "~/lib/links";
import { isInvitationPath, personaLabels, personas, USERNAME_MAX } from "~/lib/profile-rules";
import { usernameBase } from "~/lib/username-suggestion";
import { completeProfileAction, getWelcome } from "~/rpc/profile";

// No route preload: people arrive here by a redirect (a full page load), and every route's preload weighs on the
// route table that each page's first script carries.
export default function Welcome() {
  // deferStream: a redirect to sign-in must be decided before the first byte is streamed.
  const page = createAsync(() => getWelcome(), { deferStream: true });
  const submission = useSubmission(completeProfileAction);
  const [search] = useSearchParams();
  const next = () => safeNext(param(search.next));
  // Uncontrolled inputs (text typed before hydration survives); the username follows the name until it is edited.
  let usernameInput!: HTMLInputElement;
  const [edited, setEdited] = createSignal(false);
  const hydrated = useHydrated();
  const fields = () => (submission.result && !submission.result.ok ? (submission.result.error.fields ?? {}) : {});
  const formError = () => (submission.result && !submission.result.ok && !submission.result.error.fields ? submission.result.error.message : null);

  return (
    <NarrowPage title="Welcome to CoRATES">
      <Title>Welcome · CoRATES</Title>
      <Show when={page()}>
        {(p) => (
          <form action={completeProfileAction} method="post" class="flex flex-col gap-4" novalidate data-testid="welcome-form" data-hydrated={hydrated() ? "" : undefined}>
            <p class="text-sm text-muted">
              <Show when={isInvitationPath(next())} fallback="Tell us a little about yourself. We will then open a workspace of your own for your projects.">
                Tell us a little about yourself, then we take you back to your invitation.
              </Show>
            </p>
            <Show when={formError()}>
              <Alert kind="error">{formError()}</Alert>
            </Show>
            <input type="hidden" name="next" value={next() ?? ""} />
            <input type="hidden" name="usernameEdited" value={edited() ? "1" : ""} />
            <TextField
              label="Display name"
              name="name"
              required
              maxLength={100}
              autocomplete="name"
              {...initialValue(p().name)}
              hint="How colleagues see you in workspaces and projects."
              error={fields().name}
              onInput={(e) => {
                if (!edited()) usernameInput.value = usernameBase(e.currentTarget.value);
              }}
            />
            <fieldset class="flex flex-col gap-2">
              <legend class="mb-1 text-sm font-medium text-ink">I am a…</legend>
              <For each={personas}>
                {(value) => (
                  <label class="flex items-center gap-2 text-sm">
                    <input type="radio" name="persona" value={value} checked={value === "researcher"} aria-describedby={fields().persona ? "persona-error" : undefined} />
                    {personaLabels[value]}
                  </label>
                )}
              </For>
              <Show when={fields().persona}>
                <p id="persona-error" class="text-sm text-red-700 dark:text-red-400">
                  {fields().persona}
                </p>
              </Show>
            </fieldset>
            <TextField
              label="Username"
              name="username"
              required
              maxLength={USERNAME_MAX}
              autocomplete="username"
              autocapitalize="none"
              spellcheck={false}
              ref={usernameInput}
              {...initialValue(p().suggestedUsername)}
              onInput={() => setEdited(true)}
              hint="Shown beside your name where two people share one. Lower-case letters, digits, - and _. Keep the suggestion and we add a number if it is taken."
              error={fields().username}
            />
            <Button type="submit" pending={submission.pending} pendingText="Saving…">
              Continue
            </Button>
          </form>
        )}
      </Show>
    </NarrowPage>
  );
}
