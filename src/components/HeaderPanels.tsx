/**
 * What the header's two menus hold (AppShell.tsx): the workspace switcher's list and the account menu. Loaded on
 * first use (./header-panels.ts); the server renders both as part of every signed-in page.
 */
import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { roleLabel } from "~/lib/permissions";
import { switchOrgAction } from "~/rpc/orgs";
import type { Org } from "~/server/domain/orgs";
import type { SessionUser } from "~/server/session";
import { Avatar } from "./Avatar";
import type { MenuHandle } from "./Menu";
import { MenuPanel } from "./MenuPanel";
import { Check, LogOut, Plus, Settings } from "./icons";

/** More workspaces than this and the switcher gets a filter field. */
export const SWITCHER_SEARCH_THRESHOLD = 7;

const itemClass = "flex min-h-11 w-full items-center gap-3 rounded-md px-3 py-2 text-left text-sm text-ink hover:bg-subtle focus:bg-subtle focus:outline-none";

export function SwitcherPanel(props: { menu: MenuHandle; orgs: Org[]; current?: Org }) {
  const [query, setQuery] = createSignal("");
  const matches = (name: string) => name.toLocaleLowerCase().includes(query().trim().toLocaleLowerCase());
  return (
    <MenuPanel menu={props.menu} search={props.orgs.length > SWITCHER_SEARCH_THRESHOLD ? { label: "Find a workspace", onInput: setQuery } : undefined}>
      <p class="px-3 pt-2 pb-1 text-xs font-medium text-muted" aria-hidden="true">
        Workspaces
      </p>
      <For each={props.orgs}>
        {(org) => (
          <form action={switchOrgAction} method="post" hidden={!matches(org.name)}>
            <input type="hidden" name="orgId" value={org.id} />
            <input type="hidden" name="slug" value={org.slug} />
            <button type="submit" role="menuitem" aria-current={org.id === props.current?.id ? "page" : undefined} class={itemClass}>
              <span class="flex w-4 shrink-0 justify-center" aria-hidden="true">
                <Show when={org.id === props.current?.id}>
                  <Check class="h-4 w-4 text-accent-ink" />
                </Show>
              </span>
              {/* Inline rather than OrgLogo: one line here costs less than another chunk. */}
              <Show when={org.logo}>{(src) => <img src={src()} alt="" data-org-logo class="h-5 w-5 shrink-0 rounded object-contain" />}</Show>
              <span class="min-w-0 flex-1 truncate" title={org.name}>
                {org.name}
              </span>
              <span class="shrink-0 text-xs text-muted">{roleLabel(org.role)}</span>
            </button>
          </form>
        )}
      </For>
      <Show when={!props.orgs.some((o) => matches(o.name))}>
        <p class="px-3 py-2 text-sm text-muted">No workspace matches “{query().trim()}”.</p>
      </Show>
      <div class="my-1 border-t border-line" role="separator" />
      <A href="/orgs/new" role="menuitem" class={`${itemClass} font-medium text-accent-ink`}>
        <Plus class="h-4 w-4" aria-hidden="true" />
        New workspace
      </A>
    </MenuPanel>
  );
}

export function AccountPanel(props: { menu: MenuHandle; user: SessionUser }) {
  return (
    <MenuPanel menu={props.menu}>
      <div class="flex items-center gap-3 px-3 py-2" aria-hidden="true">
        <Avatar name={props.user.name} id={props.user.id} email={props.user.email} image={props.user.image} size="lg" />
        <div class="min-w-0">
          <p class="truncate text-sm font-medium text-ink" title={props.user.name}>
            {props.user.name}
          </p>
          <p class="truncate text-xs text-muted" title={props.user.email}>
            {props.user.email}
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
    </MenuPanel>
  );
}

async function signOut(e: SubmitEvent) {
  e.preventDefault();
  await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  window.location.href = "/signin";
}
