/**
 * Server functions behind /orgs/<slug>/members: the member list, role changes, removal, leaving, and the org
 * invitations admins and owners manage on the same page. Each call resolves the slug against the caller's current
 * membership and hands the decision to the domain layer (src/server/domain), which re-checks the role on every write.
 */
import { action, redirect } from "@solidjs/router";
import { serverQuery } from "~/lib/query";
import type { AppContext } from "~/server/context";
import { requireOrgMember } from "~/server/domain/access";
import { cancelOrgInvitation, inviteManyToOrg, resendOrgInvitation, type BulkInvitationResult, type Invitation } from "~/server/domain/invitations";
import { changeOrgMemberRole, removeOrgMember, type Actor, type Member } from "~/server/domain/members";
import { membersPath } from "~/lib/page-paths";
import { membersPage, type MembersPageData } from "~/server/pages/members";
import type { MovedOrg } from "~/server/pages/org";
import { homeOrgSlug, type Org } from "~/server/domain/orgs";
import { AppError } from "~/server/errors";
import { asResult, pageQuery, withUser } from "~/server/rpc";
import { getViewer } from "./viewer";

export type { BulkInvitationResult, Invitation, Member, Org };

export type { MembersPageData, MovedOrg };
export { membersPath };

export function text(form: FormData, key: string): string | undefined {
  const v = form.get(key);
  return typeof v === "string" ? v : undefined;
}

/**
 * The members page, or null when the org does not exist or the caller is not a member (the same answer for both).
 * A renamed org's old slug leads to its new one.
 */
export const getMembersData = serverQuery(async (slug: string, q: string, cursor: string, limit: string, trail = ""): Promise<MembersPageData | MovedOrg | null> => {
  "use server";
  return pageQuery(membersPage, { slug, q, cursor, limit, trail }, membersPath(slug, { q, cursor, trail, limit }));
}, "org-members-page");

// ---------------------------------------------------------------- writes (forms post the org's slug as `orgSlug`)

/** Runs a write for the signed-in caller in the org of `orgSlug`; errors become a result the form shows. */
function orgWrite<T>(form: FormData, returnTo: (slug: string) => string, fn: (ctx: AppContext, actor: Actor, orgId: string, orgName: string) => Promise<T>) {
  const slug = text(form, "orgSlug") ?? "";
  return withUser(returnTo(slug), async ({ ctx, session }) =>
    asResult(async () => {
      const m = await requireOrgMember(ctx, session.user.id, { slug });
      return fn(ctx, { id: session.user.id, name: session.user.name }, m.org.id, m.org.name);
    }),
  );
}

const toMembers = (slug: string) => membersPath(slug);

/**
 * Where someone goes after leaving or deleting a workspace: what "/" would pick (their active or last used workspace,
 * or /orgs/new), decided here so the redirect does not depend on how the browser reaches "/".
 */
async function nextHome(ctx: AppContext, userId: string): Promise<string> {
  const slug = await homeOrgSlug(ctx, userId, null);
  return slug ? `/orgs/${slug}` : "/orgs/new";
}

export const changeMemberRoleAction = action(async (form: FormData) => {
  "use server";
  return orgWrite(form, toMembers, (ctx, actor, orgId) => changeOrgMemberRole(ctx, actor, orgId, text(form, "userId") ?? "", { role: text(form, "role") }));
}, "org-member-role");

export const removeMemberAction = action(async (form: FormData) => {
  "use server";
  return orgWrite(form, toMembers, async (ctx, actor, orgId) => {
    const userId = text(form, "userId") ?? "";
    // Leaving has its own action and its own confirmation; this one only ever removes someone else.
    if (userId === actor.id) throw new AppError("FORBIDDEN", "To leave the workspace, use “Leave workspace”.");
    await removeOrgMember(ctx, actor, orgId, userId);
    return { userId };
  });
}, "org-member-remove");

/** Leaving: the person can no longer see the org, so they go to their next workspace (or /orgs/new). */
export const leaveOrgAction = action(async (form: FormData) => {
  "use server";
  return orgWrite(form, toMembers, async (ctx, actor, orgId) => {
    await removeOrgMember(ctx, actor, orgId, actor.id);
    throw redirect(await nextHome(ctx, actor.id), { revalidate: getViewer.key });
  });
}, "org-leave");

/**
 * Invites one or many pasted addresses; one result per address. A new invitation's link is in its result, for the
 * page to show once (it is stored only as a hash).
 */
export const inviteToOrgAction = action(async (form: FormData) => {
  "use server";
  return orgWrite(form, toMembers, (ctx, actor, orgId) => inviteManyToOrg(ctx, actor, orgId, { emails: text(form, "emails"), role: text(form, "role") }));
}, "org-invite");

export const resendOrgInvitationAction = action(async (form: FormData) => {
  "use server";
  return orgWrite(form, toMembers, (ctx, actor, orgId) => resendOrgInvitation(ctx, actor, orgId, text(form, "invitationId") ?? ""));
}, "org-invite-resend");

export const cancelOrgInvitationAction = action(async (form: FormData) => {
  "use server";
  return orgWrite(form, toMembers, (ctx, actor, orgId) => cancelOrgInvitation(ctx, actor, orgId, text(form, "invitationId") ?? ""));
}, "org-invite-cancel");
