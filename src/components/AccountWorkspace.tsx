/** /account's "Current workspace": the one this session is in (the one "/" opens), so the person can go back to it. */
import { A, createAsync } from "@solidjs/router";
import { Show } from "solid-js";
import { roleLabel } from "~/lib/permissions";
import { getViewer } from "~/rpc/viewer";
import { AccountSection } from "./AccountSection";
import { linkClass } from "./ui";

export function AccountWorkspace() {
  const viewer = createAsync(() => getViewer());
  const active = () => {
    const v = viewer();
    return v ? (v.orgs.find((o) => o.id === v.activeOrgId) ?? null) : undefined;
  };
  return (
    <AccountSection title="Current workspace" id="account-workspace">
      <Show when={active() !== undefined}>
        <Show
          when={active()}
          fallback={
            <p class="text-sm text-muted">
              You have not opened a workspace in this session.{" "}
              <Show when={(viewer()?.orgs.length ?? 0) === 0} fallback={<>Pick one from the switcher at the top.</>}>
                <A href="/orgs/new" class={linkClass}>
                  Create a workspace
                </A>
              </Show>
            </p>
          }
        >
          {(org) => (
            <p class="flex min-w-0 flex-wrap items-baseline gap-x-2 gap-y-1 text-sm" data-testid="account-current-org">
              <A href={`/orgs/${org().slug}`} class={`${linkClass} min-w-0 truncate`} title={org().name}>
                {org().name}
              </A>
              <span class="text-muted">
                Your role: {roleLabel(org().role)} · {viewer()!.orgs.length === 1 ? "your only workspace" : `one of your ${viewer()!.orgs.length} workspaces; switch from the header`}
              </span>
            </p>
          )}
        </Show>
      </Show>
    </AccountSection>
  );
}
