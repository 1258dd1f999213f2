/**
 * The account deletion dialog (loaded on use by LeaveForGoodSection): type the address, give the password (people
 * without one must have signed in within the last minutes), then DELETE /api/me. A last owner is told which workspaces
 * and projects to hand over first, each a link to where that is done. Talks to the JSON API directly: it is the one
 * door for this write, with its own origin check.
 */
import { createSignal, For, onMount, Show } from "solid-js";
import { Alert, Button, linkClass, TextField } from "~/components/ui";
import { UNREACHABLE } from "~/lib/messages";

export interface DeleteAccountPanelProps {
  email: string;
  hasPassword: boolean;
  onClose: () => void;
}

type Handover = { orgs: { id: string; name: string; url: string }[]; projects: { id: string; name: string; url: string }[] };
type Failure = { code: string; message: string; fields?: Record<string, string>; handover?: Handover };

/** A same-site path of a link the server gave (it answers absolute URLs of its own origin). */
const pathOf = (url: string) => {
  try {
    const u = new URL(url, location.origin);
    return u.pathname + u.search;
  } catch {
    return "/";
  }
};

export default function DeleteAccountPanel(props: DeleteAccountPanelProps) {
  let dialog!: HTMLDialogElement;
  let typed!: HTMLInputElement;
  const [failure, setFailure] = createSignal<Failure | null>(null);
  const [pending, setPending] = createSignal(false);
  onMount(() => {
    dialog.showModal();
    typed.focus();
  });

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const body: Record<string, string> = { confirmEmail: String(form.get("confirmEmail") ?? "") };
    if (props.hasPassword) body.password = String(form.get("password") ?? "");
    setPending(true);
    setFailure(null);
    try {
      const res = await fetch("/api/me", { method: "DELETE", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (res.status === 204) {
        location.assign("/signin?deleted=1");
        return;
      }
      const err = ((await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: Record<string, unknown> } } | null)?.error;
      setFailure({
        code: err?.code ?? "INTERNAL",
        message: err?.message ?? UNREACHABLE,
        fields: err?.details?.fields as Record<string, string> | undefined,
        handover: err?.code === "LAST_OWNER" ? (err.details as unknown as Handover) : undefined,
      });
    } catch {
      setFailure({ code: "NETWORK", message: UNREACHABLE });
    } finally {
      setPending(false);
    }
  }

  const field = (name: string) => failure()?.fields?.[name] ?? null;
  return (
    <dialog
      ref={dialog}
      aria-labelledby="delete-account-title"
      data-testid="delete-account-dialog"
      class="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-line bg-surface p-5 text-ink shadow-xl backdrop:bg-black/40"
      onClose={() => props.onClose()}
    >
      <form class="flex flex-col gap-4" onSubmit={submit} novalidate>
        <h2 id="delete-account-title" class="text-lg font-semibold">
          Delete your account for good?
        </h2>
        <p class="text-sm">
          You leave every workspace and project, and you are signed out everywhere. Workspaces where you are the only member are deleted with
          their projects. This cannot be undone.
        </p>
        <Show when={failure()?.handover}>
          {(h) => (
            <Alert kind="error" title="Hand these over first">
              <p>You are the last owner of these, and others still belong to them. Make someone else an owner, then come back.</p>
              <ul class="mt-2 list-disc pl-5" data-testid="handover-list">
                <For each={h().orgs}>
                  {(o) => (
                    <li>
                      Workspace{" "}
                      <a class={linkClass} href={pathOf(o.url)}>
                        {o.name}
                      </a>
                    </li>
                  )}
                </For>
                <For each={h().projects}>
                  {(p) => (
                    <li>
                      Project{" "}
                      <a class={linkClass} href={pathOf(p.url)}>
                        {p.name}
                      </a>
                    </li>
                  )}
                </For>
              </ul>
            </Alert>
          )}
        </Show>
        <Show when={failure() && !failure()!.handover && !failure()!.fields}>
          <Alert kind="error">{failure()!.message}</Alert>
        </Show>
        <TextField
          ref={typed}
          label={`Type ${props.email} to confirm`}
          name="confirmEmail"
          type="email"
          autocomplete="off"
          spellcheck={false}
          required
          error={field("confirmEmail")}
        />
        <Show
          when={props.hasPassword}
          fallback={<p class="text-sm text-muted">You sign in without a password, so you must have signed in within the last 10 minutes.</p>}
        >
          <TextField label="Your password" name="password" type="password" autocomplete="current-password" required error={field("password")} />
        </Show>
        <div class="flex flex-wrap justify-end gap-3">
          <Button type="button" variant="secondary" onClick={() => dialog.close()}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" pending={pending()} pendingText="Deleting…">
            Delete my account
          </Button>
        </div>
      </form>
    </dialog>
  );
}
