/**
 * /orgs/<slug>/members: the org, the caller's role, one page of members with the total, the owners' count and (for
 * those who may manage them) the pending invitations, in the page's one batch.
 */
import type { SQL } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { organization } from "~/db/schema";
import { membersPath } from "~/lib/page-paths";
import { parseTrail, type PagePosition } from "~/lib/paging";
import { canOrg } from "~/lib/permissions";
import { listQuery } from "~/lib/schemas";
import { keepActor } from "../actor";
import type { AppContext } from "../context";
import { membershipQuery, requireOrgPermission } from "../domain/access";
import type { Page } from "../domain/cursor";
import { pendingOrgInvitationsQuery, toOrgInvitationPage, type Invitation, type InvitationPage } from "../domain/invitations";
import { membersCountQuery, membersListQuery, ownerCountQuery, toMembersPage, type Member } from "../domain/members";
import { movedOrgSlugQuery } from "../domain/org-settings";
import { parse } from "../validate";
import { isAppError, membershipOrMoved, movedTo, refusal, toOrg, type MembershipRows, type MovedOrg, type Org } from "./org";
import { runRead, type PageLoader, type Read } from "./page";

/** The pending invitations shown on the members page (to admins and owners). */
const INVITATIONS_SHOWN = 100;

export interface MembersRead {
  org: Org;
  members: Page<Member> & { total: number };
  ownerCount: number;
  invitations: InvitationPage | null;
  /** The caller's membership as read, to keep as the request's actor. */
  membership: MembershipRows[number];
}

/** Throws VALIDATION_FAILED (while building) for a refused search or page link; NOT_FOUND (maybe moved) when shaped. */
export function membersRead(ctx: AppContext, user: string | SQL, slug: string, query: unknown = {}): Read<MembersRead> {
  const { q, limit, cursor } = parse(listQuery, query);
  const orgIdOfSlug = sql`(select ${organization.id} from ${organization} where ${organization.slug} = ${slug})`;
  return {
    statements: [
      membershipQuery(ctx, user, { slug }),
      membersListQuery(ctx, { slug }, { q, limit, cursor }),
      movedOrgSlugQuery(ctx, user, slug),
      pendingOrgInvitationsQuery(ctx, orgIdOfSlug, INVITATIONS_SHOWN),
      membersCountQuery(ctx, { slug }, { q }),
      ownerCountQuery(ctx, { slug }),
    ],
    shape(results) {
      const [membership, rows, moved, pending, total, owners] = results as [
        MembershipRows,
        Parameters<typeof toMembersPage>[0],
        { slug: string }[],
        Parameters<typeof toOrgInvitationPage>[0],
        { n: number }[],
        { n: number }[],
      ];
      const m = membershipOrMoved(membership, moved);
      requireOrgPermission(m, "members.read");
      return {
        org: toOrg(m),
        members: { ...toMembersPage(rows, limit), total: total[0]?.n ?? 0 },
        ownerCount: owners[0]?.n ?? 0,
        // Read in the same round trip, but only handed to those who may manage invitations.
        invitations: canOrg(m.role, "invitations.manage") ? toOrgInvitationPage(pending, INVITATIONS_SHOWN) : null,
        membership: membership[0]!,
      };
    },
  };
}

/** The members page for a user known by id, in one round trip. */
export async function getMembersPage(ctx: AppContext, userId: string, slug: string, query: unknown = {}): Promise<Omit<MembersRead, "membership">> {
  const { membership: _, ...page } = await runRead(ctx, membersRead(ctx, userId, slug, query));
  return page;
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

export interface MembersParams {
  slug: string;
  q: string;
  cursor: string;
  limit: string;
  trail: string;
}

/** null when the org does not exist or the caller is not a member (the same answer for both); old slugs lead on. */
export const membersPage: PageLoader<MembersParams, MembersPageData | MovedOrg | null> = {
  name: "members",
  read(ctx, { user }, p) {
    let error: string | null = null;
    let read: Read<MembersRead>;
    try {
      read = membersRead(ctx, user, p.slug, { q: p.q || undefined, cursor: p.cursor || undefined, limit: p.limit || undefined });
    } catch (err) {
      // A refused search or page link: the first page, with the reason above it.
      if (!isAppError(err, "VALIDATION_FAILED")) throw err;
      error = refusal(err, "q", "cursor", "limit");
      read = membersRead(ctx, user, p.slug, {});
    }
    return {
      statements: read.statements,
      shape: (results) => (session) => {
        let page: MembersRead;
        try {
          page = read.shape(results);
        } catch (err) {
          const moved = movedTo(err);
          if (moved) return { kind: "moved" as const, to: membersPath(moved, { q: p.q, cursor: p.cursor, trail: p.trail, limit: p.limit }) };
          if (isAppError(err, "NOT_FOUND")) return null;
          throw err;
        }
        keepActor(session, page.membership);
        return {
          kind: "ok" as const,
          org: page.org,
          viewerId: session.user.id,
          q: error ? "" : p.q,
          position: error || !p.cursor ? { cursor: "", trail: [] } : { cursor: p.cursor, trail: parseTrail(p.trail) },
          limit: error ? "" : p.limit,
          pageSize: error || !p.limit ? 50 : Number(p.limit),
          members: page.members.items,
          nextCursor: page.members.nextCursor,
          total: page.members.total,
          ownerCount: page.ownerCount,
          error,
          invitations: page.invitations?.items ?? null,
          moreInvitations: !!page.invitations?.nextCursor,
        };
      },
    };
  },
};
