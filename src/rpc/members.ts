/**
 * Server functions behind /orgs/<slug>/members: the member list, role changes, removal, leaving, and the org
 * invitations admins and owners manage on the same page. Each call resolves the slug against the caller's current
 * membership and hands the decision to the domain layer (src/server/domain), which re-checks the role on every write.
 */
import { action, redirect } from "@solidjs/router";
import { serverQuery } from "~/lib/query";
import { parseTrail, type PagePosition } from "~/lib/paging";
import { cancelInvitation, inviteManyToOrg, resendInvitation, type BulkInvitationResult, type Invitation } from "~/server/domain/invitations";
import { changeOrgMemberRole, removeOrgMember } from "~/server/domain/member-writes";
import type { Member } from "~/server/domain/members";
import { nextHomePath, nextHomeQuery } from "~/server/domain/org-writes";
import { getMembersPage, movedTo } from "~/server/domain/org-admin-pages";
import type { Org } from "~/server/domain/orgs";
import { AppError } from "~/server/errors";
import { withUser } from "~/server/rpc";
import { actionWrite, text } from "~/server/writes/action";
import { checkedFirst, orgRight, runOrgWrite, withRead } from "~/server/writes/run";
import { getViewer } from "./viewer";

export type { BulkInvitationResult, Invitation, Member, Org };

/**
 * A renamed workspace's old address: the page sends the person on. (A redirect thrown from a query is only a real 302
 * when it is known before the page starts streaming, which a D1 read is not; the page navigates instead.)
 */
export interface MovedOrg {
  kind: "moved";
  to: string;
}

export interface MembersPageData {
  kind: "ok";
  org: Org;
  viewerId: string;
  q: string;
  position: PagePosition;
  limit: string;
  /** The page size in effect (the default when `limit` is empty). */
  pageSize: number;
  members: Member[];
  nextCursor: string | null;
  /** Members matching the search (all of them without one), for "1–50 of 61". */
  total: number;
  /** The org's owners: a last owner is told before trying to leave or step down (isLastOwner). */
  ownerCount: number;
  /** A search or page link the server refused (too long, stale cursor): shown above the first page. */
  error: string | null;
  /** Pending org invitations, for those who may manage them (null for everyone else). */
  invitations: Invitation[] | null;
  moreInvitations: boolean;
}

export function membersPath(slug: string, params: { q?: string; cursor?: string; trail?: string; limit?: string } = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
  const s = qs.toString();
  return `/orgs/${slug}/members${s ? `?${s}` : ""}`;
}

/**
 * The members page, or null when the org does not exist or the caller is not a member (the same answer for both).
 * A renamed org's old slug leads to its new one.
 */
export const getMembersData = serverQuery(async (slug: string, q: string, cursor: string, limit: string, trail = ""): Promise<MembersPageData | MovedOrg | null> => {
  "use server";
  const here = membersPath(slug, { q, cursor, trail, limit });
  return withUser(here, async ({ ctx, session }) => {
    const user = session.user;
    const load = (query: Record<string, string | undefined>) => getMembersPage(ctx, user.id, slug, query);
    let page: Awaited<ReturnType<typeof load>>;
    let error: string | null = null;
    try {
      try {
        page = await load({ q: q || undefined, cursor: cursor || undefined, limit: limit || undefined });
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== "VALIDATION_FAILED") throw err;
        const fields = (err.details?.fields ?? {}) as Record<string, string>;
        error = fields.q ?? fields.cursor ?? fields.limit ?? err.message;
        page = await load({});
      }
    } catch (err) {
      const moved = movedTo(err);
      if (moved) return { kind: "moved" as const, to: membersPath(moved, { q, cursor, trail, limit }) };
      if (err instanceof AppError && err.code === "NOT_FOUND") return null;
      throw err;
    }
    // Members and (for admins and owners) pending invitations came in the same round trip.
    const { org, members } = page;
    const invitations: Invitation[] | null = page.invitations?.items ?? null;
    const moreInvitations = !!page.invitations?.nextCursor;
    const pageSize = error || !limit ? 50 : Number(limit);
    return {
      kind: "ok" as const,
      org,
      viewerId: user.id,
      q: error ? "" : q,
      position: error || !cursor ? { cursor: "", trail: [] } : { cursor, trail: parseTrail(trail) },
      limit: error ? "" : limit,
      pageSize,
      members: members.items,
      nextCursor: members.nextCursor,
      total: members.total,
      ownerCount: page.ownerCount,
      error,
      invitations,
      moreInvitations,
    };
  });
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
