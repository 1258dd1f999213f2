/**
 * /orgs/<slug>/members: who is in the workspace (name, email, role, join date), with search (?q=), a count and keyset
 * pages both ways (?cursor=&trail=, src/lib/paging.ts). Admins and owners change roles (applied on selection, with an
 * undo toast) and remove people within the permission table; everyone may leave, except the last owner, who is told
 * so before trying. The list is a list, not a table: on a phone each member is a stacked row.
 * Admins and owners also invite people and manage pending invitations here. Controls a person may not use are not
 * shown; the server refuses them anyway.
 */
import { sharesName, Username } from "~/components/Username";
import { Title } from "~/components/Head";
import { A, createAsync, useAction, useNavigate, useParams, useSearchParams, useSubmission, type RouteDefinition } from "@solidjs/router";
import { createEffect, createSignal, createUniqueId, For, on, onMount, Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { Avatar } from "~/components/Avatar";
import { Pager } from "~/components/Pager";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { LeaveWorkspace } from "~/components/LeaveWorkspace";
import { initialValue, OrgMoved, OrgPageHeader, selectClass, toastOnSuccess } from "~/components/OrgAdmin";
import { OrgInvitations } from "~/components/OrgInvitations";
import { OrgNotFound } from "~/components/OrgNotFound";
import { Time } from "~/components/Time";
import { toast } from "~/components/Toaster";
import { Alert, Button, Card, linkClass } from "~/components/ui";
import { positionParams, type PagePosition } from "~/lib/paging";
import { canChangeOrgRole, canOrg, canRemoveOrgMember, isLastOwner, orgRoles, roleLabel, type OrgRole } from "~/lib/permissions";
import {
  cancelOrgInvitationAction,
  changeMemberRoleAction,
  getMembersData,
  inviteToOrgAction,
  membersPath,
  removeMemberAction,
  resendOrgInvitationAction,
  type Member,
  type MembersPageData,
} from "~/rpc/members";
import { preloadWith } from "~/lib/preload";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

export const route = {
  preload: ({ params, location }) => {
    const search = new URLSearchParams(location.search);
    preloadWith(() => import("~/rpc/members"), (m) => m.getMembersData, params.slug!, search.get("q") ?? "", search.get("cursor") ?? "", search.get("limit") ?? "", search.get("trail") ?? "");
  },
} satisfies RouteDefinition;

export default function MembersRoute() {
  const params = useParams();
  const [search] = useSearchParams();
  // deferStream: the redirect to sign in must be decided before the first byte is streamed.
  const data = createAsync(() => getMembersData(params.slug!, one(search.q), one(search.cursor), one(search.limit), one(search.trail)), { deferStream: true });
  const page = () => {
    const d = data();
    return d?.kind === "ok" ? d : null;
  };
  const moved = () => {
    const d = data();
    return d?.kind === "moved" ? d : null;
  };
  return (
    <AppShell currentOrgSlug={params.slug}>
      <Show when={data() !== undefined}>
        <Show when={page()} fallback={<Show when={moved()} fallback={<OrgNotFound slug={params.slug!} />}>{(m) => <OrgMoved to={m().to} />}</Show>}>
          {(p) => <MembersPage data={p()} />}
        </Show>
      </Show>
    </AppShell>
  );
}

function MembersPage(props: { data: MembersPageData }) {
  const navigate = useNavigate();
  const org = () => props.data.org;
  const base = () => membersPath(org().slug);
  const manages = () => canOrg(org().role, "members.manage");
  const searching = () => props.data.q !== "";
  let searchInput!: HTMLInputElement;

  const nameOf = (form: FormData) => String(form.get("memberName") ?? "The member");
  toastOnSuccess(removeMemberAction, (_, form) => `${nameOf(form)} was removed from the workspace.`);
  toastOnSuccess(resendOrgInvitationAction, (inv) => `A new link was sent to ${inv.email}. The previous link no longer works.`);
  toastOnSuccess(cancelOrgInvitationAction, (inv) => `The invitation to ${inv.email} was cancelled.`);
  roleChangeToasts(() => org().slug, () => org().role, () => props.data.viewerId);

  // The field is uncontrolled (typing before hydration survives); keep it in step when the URL's q changes later.
  createEffect(
    on(
      () => props.data.q,
      (value) => {
        if (searchInput.value.trim() !== value) searchInput.value = value;
      },
      { defer: true },
    ),
  );

  const pageLink = (pos: PagePosition) => membersPath(org().slug, { q: props.data.q, limit: props.data.limit, ...positionParams(pos) });

  return (
    <>
      <Title>Members · {org().name} · CoRATES</Title>
      <OrgPageHeader org={org()} />

      <section aria-labelledby="members-heading">
        <h2 id="members-heading" class="mb-3 text-lg font-semibold">
          Members
        </h2>
        <form
          role="search"
          method="get"
          action={base()}
          class="mb-4 flex flex-wrap gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            navigate(membersPath(org().slug, { q: searchInput.value.trim(), limit: props.data.limit }));
          }}
        >
          <label for="member-search" class="sr-only">
            Search members by name or email
          </label>
          <input
            ref={searchInput}
            id="member-search"
            type="search"
            name="q"
            maxLength={100}
            placeholder="Search by name or email"
            {...initialValue(props.data.q)}
            class="min-h-11 w-full min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-blue-600 sm:max-w-sm dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
          />
          <Show when={props.data.limit}>
            <input type="hidden" name="limit" value={props.data.limit} />
          </Show>
          <Button type="submit" variant="secondary" class="min-h-11">
            Search
          </Button>
          <Show when={searching()}>
            <A href={base()} class={`${linkClass} inline-flex min-h-11 items-center text-sm`}>
              Clear search
            </A>
          </Show>
        </form>

        <Show when={props.data.error}>
          <div class="mb-4">
            <Alert kind="error">{props.data.error} Showing the first page of all members.</Alert>
          </div>
        </Show>

        <Show
          when={props.data.members.length > 0}
          fallback={
            <Card class="text-center">
              <p class="text-slate-600 dark:text-slate-400">
                {searching() ? `No members match “${props.data.q}”. Check the spelling, or search for the start of a name or address.` : "There are no more members."}
              </p>
              <p class="mt-3">
                <A href={base()} class={linkClass}>
                  Show all members
                </A>
              </p>
            </Card>
          }
        >
          <Card class="!p-0">
            <ul class="divide-y divide-slate-200 dark:divide-slate-800" aria-label={searching() ? `Members matching “${props.data.q}”` : `Members of ${org().name}`}>
              <For each={props.data.members}>
                {(m) => (
                  <MemberRow member={m} org={org()} self={m.userId === props.data.viewerId} ownerCount={props.data.ownerCount} sharedName={sharesName(props.data.members, m.name)} />
                )}
              </For>
            </ul>
          </Card>
        </Show>

        <Pager
          label="Pages of members"
          position={props.data.position}
          nextCursor={props.data.nextCursor}
          shown={props.data.members.length}
          total={props.data.total}
          limit={props.data.pageSize}
          link={pageLink}
        />
      </section>

      <Show when={props.data.invitations}>{(invitations) => <OrgInvitations org={org()} invitations={invitations()} more={props.data.moreInvitations} />}</Show>

      <LeaveWorkspace org={org()} ownerCount={props.data.ownerCount} />
    </>
  );
}

/**
 * A role change applies as soon as it is chosen; the toast that confirms it offers Undo (the change back), when the
 * person may still make it (an owner who stepped down to admin may not make themselves owner again).
 */
function roleChangeToasts(slug: () => string, viewerRole: () => OrgRole, viewerId: () => string) {
  const submission = useSubmission(changeMemberRoleAction);
  const change = useAction(changeMemberRoleAction);
  createEffect(
    on(
      () => submission.result,
      (r) => {
        const form = submission.input?.[0];
        if (!r?.ok || !form) return;
        const m = r.data;
        const from = String(form.get("from") ?? "");
        const roleAfter = m.userId === viewerId() ? m.role : viewerRole();
        const undoable = (orgRoles as readonly string[]).includes(from) && from !== m.role && canChangeOrgRole(roleAfter, m.role, from as OrgRole);
        const undo = () => {
          const fd = new FormData();
          for (const [k, v] of Object.entries({ orgSlug: slug(), userId: m.userId, memberName: m.name, role: from, from: m.role })) fd.set(k, v);
          void change(fd);
        };
        toast({ message: `${m.name} is now ${roleLabel(m.role).toLowerCase()}.`, action: undoable ? { label: "Undo", onClick: undo } : undefined });
      },
      { defer: true },
    ),
  );
}

function MemberRow(props: { member: Member; org: { name: string; slug: string; role: OrgRole }; self: boolean; ownerCount: number; sharedName: boolean }) {
  const m = () => props.member;
  const id = createUniqueId();
  let select: HTMLSelectElement | undefined;
  let form: HTMLFormElement | undefined;
  // Until the page's script runs, a Save button submits the form; after that, choosing a role applies it.
  const [live, setLive] = createSignal(false);
  onMount(() => setLive(true));
  // The roles this person could be given by the viewer (their current one included, as the selected option), lowest
  // first like the invite form's.
  const roleChoices = () => [...orgRoles].reverse().filter((r) => r === m().role || canChangeOrgRole(props.org.role, m().role, r));
  const mayChangeRole = () => roleChoices().length > 1;
  // The last owner may not step down: said before they try (the server refuses it anyway, with LAST_OWNER).
  const lastOwner = () => isLastOwner(m().role, props.ownerCount);
  const mayRemove = () => !props.self && canRemoveOrgMember(props.org.role, m().role);
  const mine = ([f]: [FormData]) => f.get("userId") === m().userId;
  const roleChange = useSubmission(changeMemberRoleAction, mine);
  const roleError = () => (roleChange.result && !roleChange.result.ok ? roleChange.result.error.message : null);

  // A refused change (e.g. a race with another owner stepping down) leaves the role as it was: show that again.
  createEffect(
    on(
      () => roleChange.result,
      (r) => {
        if (r && !r.ok && select) select.value = m().role;
      },
      { defer: true },
    ),
  );

  return (
    <li class="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center sm:gap-4" data-testid="member-row">
      <div class="flex min-w-0 flex-1 items-start gap-3">
        <Avatar name={m().name} id={m().userId} email={m().email} image={m().image} />
        <div class="min-w-0 flex-1">
          <p class="font-medium [overflow-wrap:anywhere]">
            {m().name}
            <Username username={props.sharedName ? m().username : null} />
            <Show when={props.self}>
              <span class="ml-1 text-xs font-normal text-slate-500 dark:text-slate-400">(you)</span>
            </Show>
          </p>
          <p class="text-sm text-slate-700 [overflow-wrap:anywhere] dark:text-slate-300" data-testid="member-email">
            {m().email}
          </p>
          <p class="text-xs text-slate-500 dark:text-slate-400">
            Joined <Time iso={m().joinedAt} />
          </p>
        </div>
      </div>
      <div class="flex flex-col gap-1 sm:max-w-xs sm:shrink-0 sm:items-end">
      <div class="flex flex-wrap items-center gap-2 sm:justify-end">
        <Show when={mayChangeRole()} fallback={<span class="text-sm" data-testid="member-role">{roleLabel(m().role)}</span>}>
          <form ref={form} action={changeMemberRoleAction} method="post" class="flex items-center gap-2">
            <input type="hidden" name="orgSlug" value={props.org.slug} />
            <input type="hidden" name="userId" value={m().userId} />
            <input type="hidden" name="from" value={m().role} />
            <label for={`${id}-role`} class="sr-only">
              Role of {m().name}
            </label>
            <select
              ref={select}
              id={`${id}-role`}
              name="role"
              value={m().role}
              disabled={lastOwner()}
              class={`${selectClass} min-h-11`}
              aria-invalid={roleError() ? "true" : undefined}
              aria-describedby={[roleError() ? `${id}-role-error` : "", lastOwner() ? `${id}-last-owner` : ""].filter(Boolean).join(" ") || undefined}
              onChange={() => {
                if (live()) form?.requestSubmit();
              }}
            >
              <For each={roleChoices()}>
                {(r) => (
                  <option value={r} selected={r === m().role}>
                    {roleLabel(r)}
                  </option>
                )}
              </For>
            </select>
            <Show when={!live()}>
              <Button type="submit" variant="secondary" class="min-h-11 !px-3" aria-label={`Save role of ${m().name}`}>
                Save
              </Button>
            </Show>
            <Show when={roleChange.pending}>
              <span class="inline-flex items-center gap-1 text-xs text-slate-600 dark:text-slate-400" role="status" data-testid="role-pending">
                <span class="h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden="true" />
                Saving…
              </span>
            </Show>
          </form>
        </Show>
        <Show when={mayRemove()}>
          <ConfirmDialog
            trigger="Remove"
            triggerLabel={`Remove ${m().name}`}
            triggerClass="min-h-11"
            title={`Remove ${m().name}?`}
            confirm="Remove member"
            pendingText="Removing…"
            action={removeMemberAction}
            fields={{ orgSlug: props.org.slug, userId: m().userId, memberName: m().name }}
          >
            <p>
              {m().name} ({m().email}) loses access to {props.org.name} and its projects at once. You can invite them again later.
            </p>
          </ConfirmDialog>
        </Show>
      </div>
      <Show when={mayChangeRole() && lastOwner()}>
        <p id={`${id}-last-owner`} class="text-sm text-slate-600 sm:text-right dark:text-slate-400" data-testid="last-owner-reason">
          You are the only owner, so you cannot step down. Make someone else an owner first.
        </p>
      </Show>
      <Show when={roleError()}>
        <p id={`${id}-role-error`} role="alert" class="text-sm text-red-700 sm:text-right dark:text-red-400">
          {roleError()}
        </p>
      </Show>
      </div>
    </li>
  );
}
