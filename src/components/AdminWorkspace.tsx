/**
 * /admin's "Workspace owners": look a workspace up by its address, see its owners, and hand one without an owner in
 * good standing to someone. The hand-over form downloads on use.
 */
import { createSignal, For, lazy, Show } from "solid-js";
import type { AdminPageData } from "~/rpc/admin";
import { Alert, Button, Card, inputClass } from "./ui";
import { UNREACHABLE } from "~/lib/messages";

type Ok = Extract<AdminPageData, { kind: "ok" }>;

// The hand-over form sits behind its button: downloaded at the first sign of intent on it, awaited on the click
// (lazy()'s preload, after which it renders at once).
const TransferForm = lazy(() => import("./AdminActions").then((m) => ({ default: m.TransferForm })));
const warm = () => void TransferForm.preload().catch(() => {});

export function AdminWorkspace(props: { data: Ok }) {
  const d = () => props.data;
  const [failed, setFailed] = createSignal(false);
  const [handing, setHanding] = createSignal(false);
  const candidates = () => {
    const org = d().org!;
    const list = org.members.filter((m) => !m.banned).map((m) => ({ userId: m.userId, label: `${m.name} (${m.email}), ${m.role}` }));
    const p = d().person?.user;
    if (p && !p.banned && !list.some((c) => c.userId === p.id)) list.unshift({ userId: p.id, label: `${p.name} (${p.email}), not a member yet` });
    return list;
  };
  return (
    <Card>
      <section aria-labelledby="workspace-heading">
        <h2 id="workspace-heading" class="text-lg font-semibold">
          Workspace owners
        </h2>
        <form method="get" action="/admin" class="mt-2 flex min-w-0 gap-2">
          <Show when={d().person}>{(p) => <input type="hidden" name="user" value={p().user.id} />}</Show>
          <label for="admin-org" class="sr-only">
            Workspace address
          </label>
          <input id="admin-org" name="org" value={d().org?.slug ?? ""} placeholder="Workspace address" class={inputClass} maxLength={100} />
          <Button type="submit" variant="secondary">
            Look up
          </Button>
        </form>
        <Show when={d().orgMissing}>
          <p class="mt-2 text-sm text-muted">No workspace has that address.</p>
        </Show>
        <Show when={d().org}>
          {(org) => (
            <div class="mt-3 text-sm" data-testid="admin-org">
              <p class="font-medium break-words">
                {org().name} <span class="text-muted">/orgs/{org().slug}</span>
              </p>
              <ul class="mt-1">
                <For each={org().owners} fallback={<li class="text-muted">No owners.</li>}>
                  {(o) => (
                    <li class="break-words">
                      Owner: {o.name} ({o.email}){o.banned ? ", banned" : ""}
                    </li>
                  )}
                </For>
              </ul>
              <Show when={org().ownerless} fallback={<p class="mt-2 text-muted">It has an owner in good standing: nothing to hand over.</p>}>
                <p class="mt-2">This workspace has no owner in good standing.</p>
                <Show
                  when={handing()}
                  fallback={
                    <>
                      <Show when={failed()}>
                        <Alert kind="error">{UNREACHABLE}</Alert>
                      </Show>
                      <Button
                        class="mt-2"
                        onPointerOver={warm}
                        onFocusIn={warm}
                        onTouchStart={warm}
                        onClick={() => (setFailed(false), TransferForm.preload().then(() => setHanding(true), () => setFailed(true)))}
                      >
                        Hand it over…
                      </Button>
                    </>
                  }
                >
                  <Show when={candidates().length} fallback={<p class="mt-2 text-muted">Choose a person on the left first.</p>}>
                    <TransferForm orgId={org().id} candidates={candidates()} />
                  </Show>
                </Show>
              </Show>
            </div>
          )}
        </Show>
      </section>
    </Card>
  );
}
