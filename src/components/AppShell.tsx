/**
 * The signed-in layout: header with the workspace switcher and the account menu, then the page.
 * From 320 px up the header is one row that never scrolls sideways: the mark without the word, the switcher taking
 * the room left (a long workspace name truncates, the full name is its tooltip and accessible name), and the account
 * menu as an avatar; the person's name appears beside the avatar from `sm` up.
 */
import { createAsync } from "@solidjs/router";
import { type JSX, onCleanup, onMount, Show, Suspense } from "solid-js";
import { getViewer } from "~/rpc/viewer";
import { Avatar } from "./Avatar";
import { AccountPanel, loadPanels, panelsReady, SwitcherPanel } from "./header-panels";
import { Logo } from "./Logo";
import { Menu } from "./Menu";
import { ListSkeleton } from "./Skeleton";

export function AppShell(props: { currentOrgSlug?: string; children: JSX.Element }) {
  const viewer = createAsync(() => getViewer());
  // The workspace in the URL; elsewhere (/account, /orgs/new) the session's active one, so the header always says where "/" leads.
  const current = () => {
    const v = viewer();
    return props.currentOrgSlug ? v?.orgs.find((o) => o.slug === props.currentOrgSlug) : v?.orgs.find((o) => o.id === v.activeOrgId);
  };
  // Live updates of the workspace on screen (./live/LiveUpdates.ts), fetched only once the page has hydrated.
  onMount(() => {
    const live = import("./live/LiveUpdates").then((m) => m.startLive(current));
    onCleanup(() => void live.then((stop) => stop()));
  });

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
                  load={loadPanels}
                  ready={panelsReady}
                  display={<span class="min-w-0 truncate">{current()?.name ?? "Workspaces"}</span>}
                >
                  {(menu) => <SwitcherPanel menu={menu} orgs={v().orgs} current={current()} />}
                </Menu>
                <div class="ml-auto shrink-0">
                  <Menu
                    label={v().user.name}
                    buttonLabel="Account menu"
                    align="right"
                    testId="account-menu"
                    buttonClass="px-1.5 sm:px-2.5"
                    load={loadPanels}
                    ready={panelsReady}
                    display={
                      <>
                        <Avatar name={v().user.name} id={v().user.id} email={v().user.email} image={v().user.image} size="md" />
                        <span class="max-w-40 truncate max-sm:hidden">{v().user.name}</span>
                      </>
                    }
                  >
                    {(menu) => <AccountPanel menu={menu} user={v().user} />}
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
