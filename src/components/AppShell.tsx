/** The signed-in layout: header with the workspace switcher and the account menu, then the page. */
import { A, createAsync } from "@solidjs/router";
import { For, type JSX, Show, Suspense } from "solid-js";
import { roleLabel } from "~/lib/permissions";
import { switchOrgAction } from "~/rpc/orgs";
import { getViewer } from "~/rpc/viewer";
import { Menu } from "./Menu";
import { ListSkeleton } from "./Skeleton";

export function AppShell(props: { currentOrgSlug?: string; children: JSX.Element }) {
  const viewer = createAsync(() => getViewer());
  const current = () => viewer()?.orgs.find((o) => o.slug === props.currentOrgSlug);

  return (
    <div class="min-h-screen">
      <header class="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div class="mx-auto flex max-w-5xl items-center gap-3 px-4 py-3">
          <A href="/" class="text-lg font-bold tracking-tight text-blue-800 dark:text-blue-300">
            CoRATES
          </A>
          <Show when={viewer()}>
            {(v) => (
              <>
                <Menu label={current()?.name ?? "Workspaces"} buttonLabel="Switch workspace" testId="org-switcher">
                  <For each={v().orgs}>
                    {(org) => (
                      <form action={switchOrgAction} method="post">
                        <input type="hidden" name="orgId" value={org.id} />
                        <button
                          type="submit"
                          role="menuitem"
                          aria-current={org.slug === props.currentOrgSlug ? "page" : undefined}
                          class="flex w-full items-center justify-between gap-4 rounded px-3 py-2 text-left text-sm hover:bg-slate-100 focus:bg-slate-100 dark:hover:bg-slate-800 dark:focus:bg-slate-800"
                        >
                          <span class="flex items-center gap-2">
                            <span aria-hidden="true" class="w-3">{org.slug === props.currentOrgSlug ? "✓" : ""}</span>
                            {org.name}
                          </span>
                          <span class="text-xs text-slate-500 dark:text-slate-400">{roleLabel(org.role)}</span>
                        </button>
                      </form>
                    )}
                  </For>
                  <div class="my-1 border-t border-slate-200 dark:border-slate-700" />
                  <A href="/orgs/new" role="menuitem" class="block rounded px-3 py-2 text-sm font-medium text-blue-700 hover:bg-slate-100 dark:text-blue-300 dark:hover:bg-slate-800">
                    + New workspace
                  </A>
                </Menu>
                <div class="ml-auto">
                  <Menu label={v().user.name} buttonLabel="Account menu" align="right" testId="account-menu">
                    <p class="px-3 py-2 text-xs text-slate-500 dark:text-slate-400">{v().user.email}</p>
                    <A href="/account" role="menuitem" class="block rounded px-3 py-2 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
                      Account settings
                    </A>
                    <form method="post" action="/api/auth/sign-out" onSubmit={(e) => signOut(e)}>
                      <button type="submit" role="menuitem" class="block w-full rounded px-3 py-2 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
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
      <main class="mx-auto max-w-5xl px-4 py-8">
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
