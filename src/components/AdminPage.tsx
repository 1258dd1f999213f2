/**
 * The body of /admin for a site admin (the route, src/routes/admin.tsx, reads the data and hands it here; the browser
 * takes this part over on first use, src/lib/take-over.tsx): people, a person, a workspace, and the audit log.
 */
import { A, useSearchParams } from "@solidjs/router";
import { createSignal, For, lazy, Show } from "solid-js";
import { Title } from "~/components/Head";
import { AdminUnban } from "./AdminUnban";
import { Time } from "./Time";
import { AdminAudit } from "./AdminAudit";
import { AdminWorkspace } from "./AdminWorkspace";
import { Alert, Button, Card, inputClass, linkClass } from "./ui";
import type { AdminPageData } from "~/rpc/admin";
import { UNREACHABLE } from "~/lib/messages";

// The ban form sits behind its button: downloaded at the first sign of intent on it, awaited on the click (lazy()'s
// preload, after which it renders at once).
const BanForm = lazy(() => import("~/components/AdminActions").then((m) => ({ default: m.BanForm })));
const warmBan = () => void BanForm.preload().catch(() => {});

const param = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

type Ok = Extract<AdminPageData, { kind: "ok" }>;

/** The page's address with some parameters changed (empty ones dropped). */
function adminHref(d: Ok, change: Record<string, string>): string {
  const s = new URLSearchParams();
  const base: Record<string, string> = { q: d.q, user: d.person?.user.id ?? "", org: d.org?.slug ?? "" };
  for (const [k, v] of Object.entries({ ...base, ...change })) if (v) s.set(k, v);
  const qs = s.toString();
  return qs ? `/admin?${qs}` : "/admin";
}

export default function AdminPage(props: { data: Ok }) {
  const d = () => props.data;
  return (
    <>
      <Title>Site administration · CoRATES</Title>
      <h1 class="mb-4 text-2xl font-semibold">Site administration</h1>
      <div class="grid min-w-0 gap-6 lg:grid-cols-2">
        <People data={d()} />
        <div class="flex min-w-0 flex-col gap-6">
          <Show when={d().person}>{(p) => <Person data={d()} person={p()} />}</Show>
          <AdminWorkspace data={d()} />
        </div>
      </div>
      <AdminAudit items={d().audit} />
    </>
  );
}

function People(props: { data: Ok }) {
  const d = () => props.data;
  const [search] = useSearchParams();
  return (
    <section aria-labelledby="people-heading" class="min-w-0">
      <h2 id="people-heading" class="mb-2 text-lg font-semibold">
        People
      </h2>
      <form method="get" action="/admin" class="mb-3 flex min-w-0 gap-2" role="search">
        <label for="admin-q" class="sr-only">
          Name, email or username starts with
        </label>
        <input id="admin-q" name="q" type="search" value={d().q} placeholder="Name, email or @username…" class={inputClass} maxLength={100} />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      <Show when={d().error}>
        <Alert kind="error">{d().error}</Alert>
      </Show>
      <ul class="divide-y divide-line rounded-md border border-line" data-testid="admin-people">
        <For each={d().people} fallback={<li class="p-3 text-sm text-muted">Nobody matches.</li>}>
          {(u) => (
            <li class="flex min-w-0 flex-wrap items-center justify-between gap-2 p-3">
              <A href={adminHref(d(), { user: u.id })} class={`${linkClass} min-w-0 break-words`}>
                {u.name} <span class="text-muted">({u.email})</span>
              </A>
              <span class="flex gap-1 text-xs">
                <Show when={u.role === "admin"}>
                  <span class="rounded bg-subtle px-2 py-0.5">Site admin</span>
                </Show>
                <Show when={u.banned}>
                  <span class="rounded bg-red-100 px-2 py-0.5 text-red-800 dark:bg-red-950 dark:text-red-200">Banned</span>
                </Show>
              </span>
            </li>
          )}
        </For>
      </ul>
      <p class="mt-2 flex gap-4 text-sm">
        <Show when={param(search.cursor)}>
          <A href={adminHref(d(), { cursor: "" })} class={linkClass}>
            First page
          </A>
        </Show>
        <Show when={d().nextCursor}>
          <A href={adminHref(d(), { cursor: d().nextCursor! })} class={linkClass}>
            Next page
          </A>
        </Show>
      </p>
    </section>
  );
}

function Person(props: { data: Ok; person: NonNullable<Ok["person"]> }) {
  const [failed, setFailed] = createSignal(false);
  const [banning, setBanning] = createSignal(false);
  let trigger: HTMLButtonElement | undefined;
  const u = () => props.person.user;
  return (
    <Card>
      <section aria-labelledby="person-heading" data-testid="admin-person">
        <h2 id="person-heading" class="text-lg font-semibold break-words">
          {u().name}
        </h2>
        <p class="text-sm break-words text-muted">
          {u().email} · {u().emailVerified ? "verified" : "not verified"} · joined <Time iso={u().createdAt} />
        </p>
        <Show when={u().banned}>
          <Alert kind="error" title="Banned">
            <span data-testid="ban-state">
              {u().banReason}
              {u().banExpires ? ` (until ${u().banExpires!.slice(0, 10)})` : " (until lifted)"}
            </span>
          </Alert>
        </Show>
        <h3 class="mt-4 font-medium">Workspaces</h3>
        <ul class="text-sm">
          <For each={props.person.workspaces} fallback={<li class="text-muted">None.</li>}>
            {(w) => (
              <li>
                <A href={adminHref(props.data, { org: w.slug })} class={linkClass}>
                  {w.name}
                </A>{" "}
                · {w.role}
              </li>
            )}
          </For>
        </ul>
        <h3 class="mt-4 font-medium">Sessions</h3>
        <ul class="text-sm" data-testid="admin-sessions">
          <For each={props.person.sessions} fallback={<li class="text-muted">No live sessions.</li>}>
            {(s) => (
              <li class="break-words">
                Signed in <Time iso={s.createdAt} /> · {s.userAgent ?? "unknown browser"} · {s.ipAddress ?? "unknown address"}
              </li>
            )}
          </For>
        </ul>
        <Show when={u().id !== props.data.me && u().role !== "admin"}>
          <Show
            when={u().banned}
            fallback={
              <Show
                when={banning()}
                fallback={
                  <>
                    <Show when={failed()}>
                      <Alert kind="error">{UNREACHABLE}</Alert>
                    </Show>
                    <Button
                      ref={trigger}
                      class="mt-4"
                      variant="danger"
                      onPointerOver={warmBan}
                      onFocusIn={warmBan}
                      onTouchStart={warmBan}
                      onClick={() => (setFailed(false), BanForm.preload().then(() => setBanning(true), () => setFailed(true)))}
                    >
                      Ban…
                    </Button>
                  </>
                }
              >
                <BanForm
                  userId={u().id}
                  name={u().name}
                  onDone={() => {
                    setBanning(false);
                    trigger?.focus();
                  }}
                />
              </Show>
            }
          >
            <AdminUnban userId={u().id} />
          </Show>
        </Show>
      </section>
    </Card>
  );
}
