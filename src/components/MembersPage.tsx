/**
 * The body of /orgs/<slug>/members (the route, src/routes/orgs/[slug]/members.tsx, reads the data and hands it here;
 * the browser takes this part over on first use, src/lib/take-over.tsx): the member list with search and pages, role
 * changes and removals, pending invitations, and leaving. A missing org, or one the person may not see, is "not found".
 */
import { A, useNavigate } from "@solidjs/router";
import { createEffect, For, on, Show } from "solid-js";
import { Title } from "~/components/Head";
import { LeaveWorkspace } from "~/components/LeaveWorkspace";
import { MemberRow, roleChangeToasts } from "~/components/MemberRow";
import { initialValue, OrgPageHeader, toastOnSuccess } from "~/components/OrgAdmin";
import { OrgInvitations } from "~/components/OrgInvitations";
import { OrgNotFound } from "~/components/OrgNotFound";
import { Pager } from "~/components/Pager";
import { sharesName } from "~/components/Username";
import { Alert, Button, Card, linkClass } from "~/components/ui";
import { positionParams, type PagePosition } from "~/lib/paging";
import { cancelOrgInvitationAction, membersPath, removeMemberAction, resendOrgInvitationAction, type MembersPageData } from "~/rpc/members";

export default function MembersBody(props: { data: MembersPageData | null; slug: string }) {
  return (
    <Show when={props.data} fallback={<OrgNotFound slug={props.slug} />}>
      {(data) => <MembersPage data={data()} />}
    </Show>
  );
}

function MembersPage(props: { data: MembersPageData }) {
  const navigate = useNavigate();
  const org = () => props.data.org;
  const base = () => membersPath(org().slug);
  const searching = () => props.data.q !== "";
  let searchInput!: HTMLInputElement;

  const nameOf = (form: FormData) => String(form.get("memberName") ?? "The member");
  toastOnSuccess(removeMemberAction, (_, form) => `${nameOf(form)} was removed from the workspace.`);
  toastOnSuccess(resendOrgInvitationAction, (inv) => `A new link was sent to ${inv.email}. The previous link no longer works.`);
  toastOnSuccess(cancelOrgInvitationAction, (inv) => `The invitation to ${inv.email} was cancelled.`);
  roleChangeToasts(() => ({ id: props.data.viewerId, role: org().role, slug: org().slug }));

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
