/**
 * "Leave workspace", offered to everyone on the members and settings pages. The last owner is told before trying: the
 * button is disabled and the page says how ownership is handed over (isLastOwner, from the page's owner count). The
 * server refuses anyway (LAST_OWNER, e.g. when another owner left meanwhile); the dialog then explains the same.
 */
import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { canOrg, isLastOwner, type OrgRole } from "~/lib/permissions";
import { leaveOrgAction } from "~/rpc/members";
import { ConfirmDialog } from "./ConfirmDialog";
import { Button, linkClass } from "./ui";

export function LastOwnerHelp(props: { org: { name: string; slug: string } }) {
  return (
    <>
      <p class="font-semibold">You are the last owner of {props.org.name}.</p>
      <p class="mt-1">
        Every workspace needs at least one owner, so you cannot leave yet. To hand it over, first make someone else an owner: on the{" "}
        <A href={`/orgs/${props.org.slug}/members`} class={linkClass}>
          Members page
        </A>
        , choose “Owner” as their role. Then you can leave. If nobody should keep the workspace, you can delete it in{" "}
        <A href={`/orgs/${props.org.slug}/settings`} class={linkClass}>
          Settings
        </A>
        .
      </p>
    </>
  );
}

export function LeaveWorkspace(props: { org: { name: string; slug: string; role: OrgRole }; ownerCount: number }) {
  const blocked = () => isLastOwner(props.org.role, props.ownerCount);
  return (
    <section aria-labelledby="leave-heading" class="mt-10 border-t border-slate-200 pt-6 dark:border-slate-800">
      <h2 id="leave-heading" class="text-lg font-semibold">
        Leave workspace
      </h2>
      <Show
        when={!blocked()}
        fallback={
          <>
            <div id="leave-blocked" class="mt-1 mb-3 text-sm text-slate-700 dark:text-slate-300" data-testid="leave-blocked">
              <LastOwnerHelp org={props.org} />
            </div>
            <Button type="button" variant="danger" class="min-h-11" disabled aria-describedby="leave-blocked">
              Leave workspace
            </Button>
          </>
        }
      >
      <p class="mt-1 mb-3 text-sm text-slate-600 dark:text-slate-400">
        You will lose access to {props.org.name} and its projects at once. To come back, someone has to invite you again.
        {/* Owners are the ones who can make someone else an owner, which is what a last owner must do first. */}
        {canOrg(props.org.role, "owner.grant") ? " Other owners remain, so you can leave." : ""}
      </p>
      <ConfirmDialog
        triggerClass="min-h-11"
        trigger="Leave workspace"
        title={`Leave ${props.org.name}?`}
        confirm="Leave workspace"
        pendingText="Leaving…"
        action={leaveOrgAction}
        fields={{ orgSlug: props.org.slug }}
        explain={(e) => (e.code === "LAST_OWNER" ? <LastOwnerHelp org={props.org} /> : e.message)}
      >
        <p>You will lose access to {props.org.name} and to its projects. To come back, someone has to invite you again.</p>
      </ConfirmDialog>
      </Show>
    </section>
  );
}
