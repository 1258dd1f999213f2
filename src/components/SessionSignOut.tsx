/**
 * The "Sign out this session?" and "Sign out of the others?" confirmations of /account (./SessionsSection.tsx), loaded
 * on use. One session goes through the revoke-session server function; all the others through Better Auth.
 */
import { revalidate, useAction } from "@solidjs/router";
import { createSignal, onMount } from "solid-js";
import { preloadAuthClient, withAuthClient } from "~/lib/auth";
import { describeUserAgent } from "~/lib/user-agent";
import { type AccountSession, getAccount, revokeSessionAction } from "~/rpc/account";
import type { Notice } from "./AccountSection";
import { Button } from "./ui";

export default function SessionSignOut(props: { session?: AccountSession; count: number; onBusy: (busy: boolean) => void; onDone: (notice?: Notice) => void }) {
  const revoke = useAction(revokeSessionAction);
  const [pending, setPending] = createSignal(false);
  let keep!: HTMLButtonElement;
  // Focus lands on the harmless choice, so Enter does not sign anyone out by accident.
  onMount(() => {
    keep.focus();
    if (!props.session) preloadAuthClient();
  });

  async function signOut() {
    setPending(true);
    props.onBusy(true);
    const s = props.session;
    let notice: Notice;
    if (s) {
      // The action revalidates the page's queries, so the list is fresh either way.
      const res = await revoke(s.id);
      notice = res.ok ? { kind: "success", text: `Signed out ${describeUserAgent(s.userAgent)}.` } : { kind: "error", text: res.error.message };
    } else {
      const res = await withAuthClient((c) => c.revokeOtherSessions());
      if (res.ok) await revalidate(getAccount.key);
      notice = res.ok ? { kind: "success", text: "All other sessions were signed out." } : { kind: "error", text: res.message };
    }
    props.onBusy(false);
    setPending(false);
    props.onDone(notice);
  }

  return (
    <>
      <span class="text-sm">{props.session ? "Sign out this session?" : `Sign out of ${props.count} other ${props.count === 1 ? "session" : "sessions"}?`}</span>
      <Button type="button" variant="danger" pending={pending()} pendingText="Signing out…" onClick={signOut}>
        {props.session ? "Confirm sign out" : "Confirm sign out of others"}
      </Button>
      <Button ref={keep} type="button" variant="ghost" disabled={pending()} onClick={() => props.onDone()}>
        Cancel
      </Button>
    </>
  );
}
