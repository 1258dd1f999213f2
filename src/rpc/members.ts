/**
 * Server functions behind /orgs/<slug>/members: the member list, role changes, removal, leaving, and the org
 * invitations admins and owners manage on the same page. Each call resolves the slug against the caller's current
 * membership and hands the decision to the domain layer (src/server/domain), which re-checks the role on every write.
 */
import { action, redirect } from "@solidjs/router";
import { serverQuery } from "~/lib/query";
import { membersPath } from "~/lib/page-paths";
import { cancelInvitation, inviteManyToOrg, resendInvitation, type BulkInvitationResult, type Invitation } from "~/server/domain/invitations";
import { changeOrgMemberRole, removeOrgMember } from "~/server/domain/member-writes";
import type { Member } from "~/server/domain/members";
import { nextHomePath, nextHomeQuery } from "~/server/domain/org-writes";
import type { Org } from "~/server/domain/orgs";
import { membersPage, type MembersPageData } from "~/server/pages/members";
import type { MovedOrg } from "~/server/pages/org";
import { AppError } from "~/server/errors";
import { pageQuery } from "~/server/rpc";
import { actionWrite, text } from "~/server/writes/action";
import { checkedFirst, orgRight, runOrgWrite, withRead } from "~/server/writes/run";
import { getViewer } from "./viewer";

export type { BulkInvitationResult, Invitation, Member, Org };

export type { MembersPageData, MovedOrg };
export { membersPath };

/**
 * The members page, or null when the org does not exist or the caller is not a member (the same answer for both).
 * A renamed org's old slug leads to its new one.
 */
export const getMembersData = serverQuery(async (slug: string, q: string, cursor: string, limit: string, trail = ""): Promise<MembersPageData | MovedOrg | null> => {
  "use server";
  return pageQuery(membersPage, { slug, q, cursor, limit, trail }, membersPath(slug, { q, cursor, trail, limit }));
}, "org-members-page");

// ---------------------------------------------------------------- writes (forms post the org's slug as `orgSlug`)
// Each is one read batch (session, membership, the write's pre-reads) and one write batch: src/server/writes.

const toMembers = (slug: string) => membersPath(slug);
const orgOf = (form: FormData) => ({ slug: text(form, "orgSlug") ?? "" });

export const changeMemberRoleAction = action(async (form: FormData) => {
  "use server";
  const where = orgOf(form);
  return actionWrite(toMembers(where.slug), (ctx, headers) =>
    runOrgWrite(ctx, headers, where, () => changeOrgMemberRole(ctx, text(form, "userId") ?? "", { role: text(form, "role") })),
  );
}, "org-member-role");

export const removeMemberAction = action(async (form: FormData) => {
  "use server";
  const where = orgOf(form);
  const userId = text(form, "userId") ?? "";
  return actionWrite(toMembers(where.slug), async (ctx, headers) => {
    await runOrgWrite(ctx, headers, where, () =>
      checkedFirst(removeOrgMember(ctx, userId), (actor) => {
        // Leaving has its own action and its own confirmation; this one only ever removes someone else.
        if (userId === actor.userId) throw new AppError("FORBIDDEN", "To leave the workspace, use “Leave workspace”.");
      }),
    );
    return { userId };
  });
}, "org-member-remove");

/**
 * Leaving: the person can no longer see the org, so they go to their next workspace (or /orgs/new), what "/" would
 * pick, read in the same batch so the redirect does not depend on how the browser reaches "/".
 */
export const leaveOrgAction = action(async (form: FormData) => {
  "use server";
  const where = orgOf(form);
  const result = await actionWrite(toMembers(where.slug), (ctx, headers) =>
    runOrgWrite(ctx, headers, where, () => withRead(removeOrgMember(ctx, null), (user, orgId) => nextHomeQuery(ctx, user, orgId), (_, rows) => nextHomePath(rows))),
  );
  if (result.ok) throw redirect(result.data, { revalidate: getViewer.key });
  return result;
}, "org-leave");

/**
 * Invites one or many pasted addresses; one result per address. A new invitation's link is in its result, for the
 * page to show once (it is stored only as a hash).
 */
export const inviteToOrgAction = action(async (form: FormData) => {
  "use server";
  const where = orgOf(form);
  return actionWrite(toMembers(where.slug), (ctx, headers) => inviteManyToOrg(ctx, headers, where, { emails: text(form, "emails"), role: text(form, "role") }));
}, "org-invite");

export const resendOrgInvitationAction = action(async (form: FormData) => {
  "use server";
  const where = orgOf(form);
  return actionWrite(toMembers(where.slug), (ctx, headers) =>
    runOrgWrite(ctx, headers, where, () => resendInvitation(ctx, { kind: "org" }, text(form, "invitationId") ?? ""), orgRight("invitations.manage")),
  );
}, "org-invite-resend");

export const cancelOrgInvitationAction = action(async (form: FormData) => {
  "use server";
  const where = orgOf(form);
  return actionWrite(toMembers(where.slug), (ctx, headers) =>
    runOrgWrite(ctx, headers, where, () => cancelInvitation(ctx, { kind: "org" }, text(form, "invitationId") ?? ""), orgRight("invitations.manage")),
  );
}, "org-invite-cancel");
