/**
 * /account's password: whether there is one, and "Change password" opening the form (./PasswordForm.tsx), downloaded
 * on use. People who only use email links are told how to set one.
 */
import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { onUse } from "~/lib/on-use";
import { AccountSection, type Notice, SectionNotice } from "./AccountSection";
import { Button, linkClass } from "./ui";

export function PasswordSection(props: { hasPassword: boolean; email: string }) {
  const form = onUse(() => import("./PasswordForm"));
  const [open, setOpen] = createSignal(false);
  const [notice, setNotice] = createSignal<Notice>(null);
  let trigger: HTMLButtonElement | undefined;
  const close = (changed?: string) => {
    setOpen(false);
    if (changed) setNotice({ kind: "success", text: changed });
    trigger?.focus();
  };
  return (
    <AccountSection title="Password" id="account-password">
      <Show
        when={props.hasPassword}
        fallback={
          <p class="text-sm" data-testid="account-no-password">
            You sign in with email links and have no password yet.{" "}
            <A href={`/forgot-password?email=${encodeURIComponent(props.email)}`} class={linkClass}>
              Set a password
            </A>{" "}
            by requesting a reset link.
          </p>
        }
      >
        <div class="flex max-w-md flex-col gap-4">
          <SectionNotice notice={notice()} loadFailed={form.failed()} />
          <Show
            when={open() && form.loaded()}
            fallback={
              <>
                <p class="text-sm">You sign in with your email address and a password.</p>
                <div>
                  <Button ref={trigger} type="button" variant="secondary" disabled={!form.ready()} pending={form.loading()} {...form.intent} onClick={() => (setNotice(null), form.use(() => setOpen(true)))}>
                    Change password
                  </Button>
                </div>
              </>
            }
          >
            {(m) => {
              const PasswordForm = m().default;
              return <PasswordForm onClose={close} />;
            }}
          </Show>
        </div>
      </Show>
    </AccountSection>
  );
}
