/**
 * The signed-in layout: header with the workspace switcher and the account menu, then the page.
 * From 320 px up the header is one row that never scrolls sideways: the mark without the word, the switcher taking
 * the room left (a long workspace name truncates, the full name is its tooltip and accessible name), and the account
 * menu as an avatar; the person's name appears beside the avatar from `sm` up.
 */
import { A, createAsync } from "@solidjs/router";
import { createSignal, For, type JSX, onCleanup, onMount, Show, Suspense } from "solid-js";
import { roleLabel } from "~/lib/permissions";
import { switchOrgAction } from "~/rpc/orgs";
import { getViewer } from "~/rpc/viewer";
import { Avatar } from "./Avatar";
import { Logo } from "./Logo";
import { Menu } from "./Menu";
import { ListSkeleton } from "./Skeleton";
import { Check, LogOut, Plus, Settings } from "./icons";

/** More workspaces than this and the switcher gets a filter field. */
export const SWITCHER_SEARCH_THRESHOLD = 7;

const itemClass = "flex min-h-11 w-full items-center gap-3 rounded-md px-3 py-2 text-left text-sm text-ink hover:bg-subtle focus:bg-subtle focus:outline-none";

export function AppShell(props: { currentOrgSlug?: string; children: JSX.Element }) {
  const viewer = createAsync(() => getViewer());
  // The workspace in the URL; elsewhere (/account, /orgs/new) the session's active one, so the header always says where "/" leads.
  const current = () => {
    const v = viewer();
    return props.currentOrgSlug ? v?.orgs.find((o) => o.slug === props.currentOrgSlug) : v?.orgs.find((o) => o.id === v.activeOrgId);
  };
  const [query, setQuery] = createSignal("");
  // Live updates of the workspace on screen (./live/LiveUpdates.ts), fetched only once the page has hydrated.
  onMount(() => {
    const live = import("./live/LiveUpdates").then((m) => m.startLive(current));
    onCleanup(() => void live.then((stop) => stop()));
  });
  const matches = (name: string) => name.toLocaleLowerCase().includes(query().trim().toLocaleLowerCase());

  return (
    <div class="min-h-dvh">
      <a href="#main" class="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-surface focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header class="sticky top-0 z-20 border-b border-line bg-surface/90 backdrop-blur supports-[backdrop-filter]:bg-surface/80">
        <div class="relative mx-auto flex h-14 max-w-5xl items-center gap-1 px-2 sm:gap-2 sm:px-4">
          <Logo compact />
          <Show when={viewer()}>
            {(v) => (
              <>
                <span class="text-line-strong select-none" aria-hidden="true">
                  /
                </span>
                <Menu
                  label={current()?.name ?? "Workspaces"}
                  buttonLabel="Switch workspace"
                  testId="org-switcher"
                  search={v().orgs.length > SWITCHER_SEARCH_THRESHOLD ? { label: "Find a workspace", onInput: setQuery } : undefined}
                >
                  <p class="px-3 pt-2 pb-1 text-xs font-medium text-muted" aria-hidden="true">
                    Workspaces
                  </p>
                  <For each={v().orgs}>
                    {(org) => (
                      <form action={switchOrgAction} method="post" hidden={!matches(org.name)}>
                        <input type="hidden" name="orgId" value={org.id} />
                        <input type="hidden" name="slug" value={org.slug} />
                        <button type="submit" role="menuitem" aria-current={org.id === current()?.id ? "page" : undefined} class={itemClass}>
                          <span class="flex w-4 shrink-0 justify-center" aria-hidden="true">
                            <Show when={org.id === current()?.id}>
                              <Check class="h-4 w-4 text-accent-ink" />
                            </Show>
                          </span>
                          {/* Inline rather than OrgLogo: every page links the header, and a chunk of its own costs more than this line. */}
                          <Show when={org.logo}>{(src) => <img src={src()} alt="" data-org-logo class="h-5 w-5 shrink-0 rounded object-contain" />}</Show>
                          <span class="min-w-0 flex-1 truncate" title={org.name}>
                            {org.name}
                          </span>
                          <span class="shrink-0 text-xs text-muted">{roleLabel(org.role)}</span>
                        </button>
                      </form>
                    )}
                  </For>
                  <Show when={!v().orgs.some((o) => matches(o.name))}>
                    <p class="px-3 py-2 text-sm text-muted">No workspace matches “{query().trim()}”.</p>
                  </Show>
                  <div class="my-1 border-t border-line" role="separator" />
                  <A href="/orgs/new" role="menuitem" class={`${itemClass} font-medium text-accent-ink`}>
                    <Plus class="h-4 w-4" aria-hidden="true" />
                    New workspace
                  </A>
                </Menu>
                <div class="ml-auto shrink-0">
                  <Menu
                    label={v().user.name}
                    buttonLabel="Account menu"
                    align="right"
                    testId="account-menu"
                    buttonClass="px-1.5 sm:px-2.5"
                    display={
                      <>
                        <Avatar name={v().user.name} id={v().user.id} email={v().user.email} image={v().user.image} size="md" />
                        <span class="max-w-40 truncate max-sm:hidden">{v().user.name}</span>
                      </>
                    }
                  >
                    <div class="flex items-center gap-3 px-3 py-2" aria-hidden="true">
                      <Avatar name={v().user.name} id={v().user.id} email={v().user.email} image={v().user.image} size="lg" />
                      <div class="min-w-0">
                        <p class="truncate text-sm font-medium text-ink" title={v().user.name}>
                          {v().user.name}
                        </p>
                        <p class="truncate text-xs text-muted" title={v().user.email}>
                          {v().user.email}
                        </p>
                      </div>
                    </div>
                    <div class="my-1 border-t border-line" role="separator" />
                    <A href="/account" role="menuitem" class={itemClass}>
                      <Settings class="h-4 w-4 text-muted" aria-hidden="true" />
                      Account settings
                    </A>
                    <form method="post" action="/api/auth/sign-out" onSubmit={(e) => signOut(e)}>
                      <button type="submit" role="menuitem" class={itemClass}>
                        <LogOut class="h-4 w-4 text-muted" aria-hidden="true" />
                        Sign out
                      </button>
                    </form>
                  </Menu>
                </div>
              </>
            )}
          </Show>
        </div>
      </header>
      <main id="main" class="mx-auto max-w-5xl px-3 py-6 sm:px-4 sm:py-8">
        {/* The header stays while the page's own data loads. */}
        <Suspense fallback={<ListSkeleton />}>{props.children}</Suspense>
      </main>
    </div>
  );
}

async function signOut(e: SubmitEvent) {
  e.preventDefault();
  await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  window.location.href = "/signin";
}
