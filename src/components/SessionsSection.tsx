/**
 * /account's "Where you're signed in": every live session with its device, address and times, and a button to sign out
 * each other one or all of them. The confirmations (./SessionSignOut.tsx) download on use.
 */
import { createSignal, For, Show } from "solid-js";
import { onUse } from "~/lib/on-use";
import { describeUserAgent } from "~/lib/user-agent";
import type { AccountSession } from "~/rpc/account";
import { AccountSection, type Notice, SectionNotice } from "./AccountSection";
import { Time } from "./Time";
import { Button } from "./ui";

export function SessionsSection(props: { sessions: AccountSession[] }) {
  const confirm = onUse(() => import("./SessionSignOut"));
  /** The session id whose sign-out is being confirmed, or "others". */
  const [confirming, setConfirming] = createSignal<string | null>(null);
  /** The button last pressed, which shows it is busy while the confirmation downloads. */
  const [asked, setAsked] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [notice, setNotice] = createSignal<Notice>(null);
  const triggers = new Map<string, HTMLButtonElement>();
  const others = () => props.sessions.filter((s) => !s.current);
  const ask = (id: string) => {
    setNotice(null);
    setAsked(id);
    void confirm.use(() => setConfirming(id));
  };
  const done = (n?: Notice) => {
    const id = confirming();
    setConfirming(null);
    if (n) setNotice(n);
    // Cancelled: back to the button that asked (a signed-out row is gone, and the notice says what happened).
    else if (id) triggers.get(id)?.focus();
  };
  const Asking = (p: { id: string; session?: AccountSession }) => (
    <Show when={confirming() === p.id && confirm.loaded()}>
      {(m) => {
        const Confirm = m().default;
        return <Confirm session={p.session} count={others().length} onBusy={setBusy} onDone={done} />;
      }}
    </Show>
  );

  return (
    <AccountSection title="Where you're signed in" id="account-sessions" description="Sign out any session you don't recognise, then change your password.">
      <div class="flex flex-col gap-4">
        <SectionNotice notice={notice()} loadFailed={confirm.failed()} />
        <ul class="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          <For each={props.sessions}>
            {(s) => (
              <li class="flex flex-wrap items-center gap-3 px-3 py-3 sm:px-4" data-testid="session-row" data-current={s.current ? "true" : undefined}>
                <div class="min-w-0 flex-1">
                  <p class="flex items-center gap-2 text-sm font-medium">
                    <span title={s.userAgent ?? undefined}>{describeUserAgent(s.userAgent)}</span>
                    <Show when={s.current}>
                      <span class="rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-900 dark:bg-green-900 dark:text-green-100">This device</span>
                    </Show>
                  </p>
                  <p class="text-xs text-slate-600 dark:text-slate-400">
                    IP {s.ipAddress || "unknown"} · Signed in <Time iso={s.createdAt} /> · Last active <Time iso={s.lastActiveAt} />
                  </p>
                </div>
                <Show when={!s.current}>
                  <Show
                    when={confirming() === s.id && confirm.loaded()}
                    fallback={
                      <Button ref={(el) => triggers.set(s.id, el)} type="button" variant="secondary" disabled={busy() || !confirm.ready()} pending={confirm.loading() && asked() === s.id} {...confirm.intent} onClick={() => ask(s.id)}>
                        Sign out
                      </Button>
                    }
                  >
                    <Asking id={s.id} session={s} />
                  </Show>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={others().length > 0} fallback={<p class="text-sm text-slate-600 dark:text-slate-400">You are not signed in anywhere else.</p>}>
          <div class="flex flex-wrap items-center gap-3">
            <Show
              when={confirming() === "others" && confirm.loaded()}
              fallback={
                <Button ref={(el) => triggers.set("others", el)} type="button" variant="secondary" disabled={busy() || !confirm.ready()} pending={confirm.loading() && asked() === "others"} {...confirm.intent} onClick={() => ask("others")}>
                  Sign out all other sessions
                </Button>
              }
            >
              <Asking id="others" />
            </Show>
          </div>
        </Show>
      </div>
    </AccountSection>
  );
}
