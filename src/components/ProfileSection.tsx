/**
 * /account's profile: the name and email as text. "Change name" opens the form (./NameForm.tsx), downloaded on use:
 * nothing on screen needs it until then.
 */
import { createSignal, Show } from "solid-js";
import { onUse } from "~/lib/on-use";
import { AccountSection, type Notice, SectionNotice } from "./AccountSection";
import { Button } from "./ui";

export function ProfileSection(props: { name: string; email: string }) {
  const form = onUse(() => import("./NameForm"));
  const [open, setOpen] = createSignal(false);
  const [notice, setNotice] = createSignal<Notice>(null);
  let trigger: HTMLButtonElement | undefined;
  const close = (saved?: string) => {
    setOpen(false);
    if (saved) setNotice({ kind: "success", text: saved });
    trigger?.focus();
  };
  return (
    <AccountSection title="Profile" id="account-profile">
      <div class="flex max-w-md flex-col gap-4">
        <SectionNotice notice={notice()} loadFailed={form.failed()} />
        <Show
          when={open() && form.loaded()}
          fallback={
            <div class="flex flex-col gap-1">
              <span class="text-sm font-medium" id="account-name-label">
                Name
              </span>
              <span class="text-sm break-words text-slate-700 dark:text-slate-300" aria-labelledby="account-name-label" data-testid="account-name">
                {props.name}
              </span>
            </div>
          }
        >
          {(m) => {
            const NameForm = m().default;
            return <NameForm name={props.name} onClose={close} />;
          }}
        </Show>
        <div class="flex flex-col gap-1">
          <span class="text-sm font-medium" id="account-email-label">
            Email
          </span>
          <span class="text-sm text-slate-700 dark:text-slate-300" aria-labelledby="account-email-label" data-testid="account-email">
            {props.email}
          </span>
        </div>
        <Show when={!open()}>
          <div>
            <Button
              ref={trigger}
              type="button"
              variant="secondary"
              disabled={!form.ready()}
              pending={form.loading()}
              {...form.intent}
              onClick={() => (setNotice(null), form.use(() => setOpen(true)))}
            >
              Change name
            </Button>
          </div>
        </Show>
      </div>
    </AccountSection>
  );
}
