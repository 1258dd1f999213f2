/**
 * Adding and removing a way to sign in on /account, loaded on use (./SignInMethods.tsx): adding goes to the provider
 * through Better Auth's link endpoint; removing asks first, in the method's row.
 */
import { revalidate } from "@solidjs/router";
import { createSignal, onMount } from "solid-js";
import { getAccount } from "~/rpc/account";
import type { Notice } from "./AccountSection";
import { Button } from "./ui";
import { UNREACHABLE } from "~/lib/messages";

/** Starts linking a provider: the browser leaves for it, or the reason it could not is returned. */
export async function linkProvider(id: string): Promise<Notice | undefined> {
  try {
    const { goLink } = await import("~/lib/social-client");
    const res = await goLink(id, { callbackURL: `/account?linked=${id}`, errorCallbackURL: `/account?social=${id}` });
    return res.code === "REDIRECTING" ? undefined : { kind: "error", text: res.message };
  } catch {
    return { kind: "error", text: UNREACHABLE };
  }
}

/** "Stop signing in with …?" in the method's row. */
export function RemoveMethod(props: { method: { id: string }; name: string; onBusy: (busy: boolean) => void; onDone: (notice?: Notice) => void }) {
  const [pending, setPending] = createSignal(false);
  const name = () => props.name;
  let keep!: HTMLButtonElement;
  // Focus lands on the harmless choice, so Enter does not remove anything by accident.
  onMount(() => keep.focus());

  async function remove() {
    setPending(true);
    props.onBusy(true);
    let notice: Notice;
    try {
      const { unlink } = await import("~/lib/social-client");
      const res = await unlink(props.method.id);
      if (res.ok) await revalidate(getAccount.key);
      notice = res.ok ? { kind: "success", text: `${name()} was removed from your sign-in methods.` } : { kind: "error", text: res.message };
    } catch {
      notice = { kind: "error", text: UNREACHABLE };
    }
    setPending(false);
    props.onBusy(false);
    props.onDone(notice);
  }

  return (
    <span class="flex flex-wrap items-center gap-2 text-sm">
      Stop signing in with {name()}?
      <Button type="button" variant="secondary" onClick={remove} pending={pending()} pendingText="Removing…">
        Remove {name()}
      </Button>
      <Button ref={keep} type="button" variant="ghost" disabled={pending()} onClick={() => props.onDone()}>
        Keep
      </Button>
    </span>
  );
}
