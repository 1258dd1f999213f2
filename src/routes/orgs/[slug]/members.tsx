/**
 * /orgs/<slug>/members: who is in the workspace (name, email, role, join date), with search (?q=) and keyset pages
 * (?cursor=). Admins and owners change roles and remove people within the permission table; everyone may leave.
 * Admins and owners also invite people and manage pending invitations here. Controls a person may not use are not
 * shown; the server refuses them anyway.
 */
import { Title } from "@solidjs/meta";
import { A, createAsync, useNavigate, useParams, useSearchParams, useSubmission, type RouteDefinition } from "@solidjs/router";
import { createEffect, createUniqueId, For, on, Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { Pager } from "~/components/Pager";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { LeaveWorkspace } from "~/components/LeaveWorkspace";
import { announceOnSuccess, createAnnouncer, DateText, initialValue, LiveStatus, OrgMoved, OrgPageHeader, selectClass } from "~/components/OrgAdmin";
import { OrgInvitations } from "~/components/OrgInvitations";
import { OrgNotFound } from "~/components/OrgNotFound";
import { Alert, Button, Card, linkClass } from "~/components/ui";
import { canChangeOrgRole, canOrg, canRemoveOrgMember, orgRoles, roleLabel, type OrgRole } from "~/lib/permissions";
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

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

export const route = {
  preload: ({ params, location }) => {
    const search = new URLSearchParams(location.search);
    return getMembersData(params.slug!, search.get("q") ?? "", search.get("cursor") ?? "", search.get("limit") ?? "");
  },
} satisfies RouteDefinition;

export default function MembersRoute() {
  const params = useParams();
  const [search] = useSearchParams();
  // deferStream: the redirect to sign in must be decided before the first byte is streamed.
  const data = createAsync(() => getMembersData(params.slug!, one(search.q), one(search.cursor), one(search.limit)), { deferStream: true });
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
  const { message, announce } = createAnnouncer();
  let searchInput!: HTMLInputElement;

  const nameOf = (form: FormData) => String(form.get("memberName") ?? "The member");
  announceOnSuccess(changeMemberRoleAction, announce, (m) => `${m.name} is now ${roleLabel(m.role).toLowerCase()}.`);
  announceOnSuccess(removeMemberAction, announce, (_, form) => `${nameOf(form)} was removed from the workspace.`);
  announceOnSuccess(inviteToOrgAction, announce, (inv) => `Invitation sent to ${inv.email}.`);
  announceOnSuccess(resendOrgInvitationAction, announce, (inv) => `A new link was sent to ${inv.email}. The previous link no longer works.`);
  announceOnSuccess(cancelOrgInvitationAction, announce, (inv) => `The invitation to ${inv.email} was cancelled.`);

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

  const pageLink = (cursor: string | null) => membersPath(org().slug, { q: props.data.q, limit: props.data.limit, cursor: cursor ?? undefined });

  return (
    <>
      <Title>Members · {org().name} · CoRATES</Title>
      <OrgPageHeader org={org()} />
      <LiveStatus message={message()} />

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
            class="w-full max-w-sm rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-blue-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
          />
          <Show when={props.data.limit}>
            <input type="hidden" name="limit" value={props.data.limit} />
          </Show>
          <Button type="submit" variant="secondary">
            Search
          </Button>
          <Show when={searching()}>
            <A href={base()} class={`${linkClass} self-center text-sm`}>
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
                {searching() ? `No members match “${props.data.q}”. Check the spelling, or search for part of a name or address.` : "There are no more members."}
              </p>
              <p class="mt-3">
                <A href={base()} class={linkClass}>
                  Show all members
                </A>
              </p>
            </Card>
          }
        >
          <Card class="overflow-x-auto !p-0">
            <table class="w-full text-left text-sm">
              <caption class="sr-only">{searching() ? `Members matching “${props.data.q}”` : `Members of ${org().name}`}</caption>
              <thead class="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:text-slate-400">
                <tr>
                  <th scope="col" class="px-4 py-3 font-medium">
                    Name
                  </th>
                  <th scope="col" class="px-4 py-3 font-medium">
                    Email
                  </th>
                  <th scope="col" class="px-4 py-3 font-medium">
                    Role
                  </th>
                  <th scope="col" class="px-4 py-3 font-medium">
                    Joined
                  </th>
                  <Show when={manages()}>
                    <th scope="col" class="px-4 py-3 font-medium">
                      <span class="sr-only">Actions</span>
                    </th>
                  </Show>
                </tr>
              </thead>
              <tbody class="divide-y divide-slate-200 dark:divide-slate-800">
                <For each={props.data.members}>
                  {(m) => <MemberRow member={m} org={org()} self={m.userId === props.data.viewerId} manages={manages()} />}
                </For>
              </tbody>
            </table>
          </Card>
        </Show>

        <Pager label="Pages of members" cursor={props.data.cursor} nextCursor={props.data.nextCursor} link={pageLink} />
      </section>

      <Show when={props.data.invitations}>{(invitations) => <OrgInvitations org={org()} invitations={invitations()} more={props.data.moreInvitations} />}</Show>

      <LeaveWorkspace org={org()} />
    </>
  );
}

function MemberRow(props: { member: Member; org: { name: string; slug: string; role: OrgRole }; self: boolean; manages: boolean }) {
  const m = () => props.member;
  const id = createUniqueId();
  let select: HTMLSelectElement | undefined;
  // The roles this person could be given by the viewer (their current one included, as the selected option), lowest
  // first like the invite form's.
  const roleChoices = () => [...orgRoles].reverse().filter((r) => r === m().role || canChangeOrgRole(props.org.role, m().role, r));
  const mayChangeRole = () => roleChoices().length > 1;
  const mayRemove = () => !props.self && canRemoveOrgMember(props.org.role, m().role);
  const mine = ([form]: [FormData]) => form.get("userId") === m().userId;
  const roleChange = useSubmission(changeMemberRoleAction, mine);
  const roleError = () => (roleChange.result && !roleChange.result.ok ? roleChange.result.error.message : null);

  // A refused change (e.g. the last owner stepping down) leaves the role as it was: show that again in the select.
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
    <tr class="align-top" data-testid="member-row">
      <td class="px-4 py-3 font-medium break-words">
        {m().name}
        <Show when={props.self}>
          <span class="ml-1 text-xs font-normal text-slate-500 dark:text-slate-400">(you)</span>
        </Show>
      </td>
      <td class="px-4 py-3 break-all text-slate-700 dark:text-slate-300">{m().email}</td>
      <td class="px-4 py-3">
        <Show when={mayChangeRole()} fallback={roleLabel(m().role)}>
          <form action={changeMemberRoleAction} method="post" class="flex items-center gap-2">
            <input type="hidden" name="orgSlug" value={props.org.slug} />
            <input type="hidden" name="userId" value={m().userId} />
            <label for={`${id}-role`} class="sr-only">
              Role of {m().name}
            </label>
            <select
              ref={select}
              id={`${id}-role`}
              name="role"
              class={selectClass}
              aria-invalid={roleError() ? "true" : undefined}
              aria-describedby={roleError() ? `${id}-role-error` : undefined}
            >
              <For each={roleChoices()}>
                {(r) => (
                  <option value={r} selected={r === m().role}>
                    {roleLabel(r)}
                  </option>
                )}
              </For>
            </select>
            <Button type="submit" variant="secondary" class="!px-3" pending={roleChange.pending} pendingText="Saving…" aria-label={`Save role of ${m().name}`}>
              Save
            </Button>
          </form>
          <Show when={roleError()}>
            <p id={`${id}-role-error`} role="alert" class="mt-1 max-w-xs text-sm text-red-700 dark:text-red-400">
              {roleError()}
            </p>
          </Show>
        </Show>
      </td>
      <td class="whitespace-nowrap px-4 py-3 text-slate-600 dark:text-slate-400">
        <DateText iso={m().joinedAt} />
      </td>
      <Show when={props.manages}>
        <td class="px-4 py-3 text-right">
          <Show when={mayRemove()}>
            <ConfirmDialog
              trigger="Remove"
              triggerLabel={`Remove ${m().name}`}
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
        </td>
      </Show>
    </tr>
  );
}
