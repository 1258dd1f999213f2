/**
 * Org members: the list (any member may read it). Role changes, removal and leaving are in ./member-writes.ts.
 */
import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { member, organization, user } from "~/db/schema";
import type { OrgRole } from "~/lib/permissions";
import { orgRole } from "~/lib/schemas";
import type { AppContext } from "../context";
import { decodeCursor, toPage, type Page } from "./cursor";
import { orgMembersMatching } from "./search";

export interface Member {
  userId: string;
  name: string;
  /** Shown beside the name, where two people share one (null until they chose one). */
  username: string | null;
  email: string;
  role: OrgRole;
  joinedAt: string;
  /** Their avatar's URL, or null for the initials. */
  image: string | null;
}

/** Who is acting: the signed-in user (their name goes into the activity log). */
export interface Actor {
  id: string;
  name: string;
}

export type OrgRef = { orgId: string } | { slug: string };

export const changeOrgRoleInput = z.object({ role: orgRole });
const memberCursor = z.tuple([z.string().max(400), z.string().max(64)]);

// ---------------------------------------------------------------- Reading

function orgIdValue(ctx: AppContext, ref: OrgRef): string | SQL {
  return "orgId" in ref ? ref.orgId : sql`(${ctx.db.select({ id: organization.id }).from(organization).where(eq(organization.slug, ref.slug))})`;
}

function orgIdMatches(ctx: AppContext, ref: OrgRef): SQL {
  return eq(member.organizationId, orgIdValue(ctx, ref));
}

/**
 * One page of an org's members, ordered by name (case-insensitive) then user id. It walks member_org_sort_idx
 * (organizationId, sortName, userId) from the cursor and stops after limit + 1 rows, so a page costs the same in an
 * org of 10 or 10,000 members. A search (`q`: names or emails that start with it, ./search.ts) reads only the
 * matching rows, from the same index and the email index. Exported for pages that batch it with other reads;
 * the caller must check membership (see listOrgMembers).
 */
export function membersListQuery(ctx: AppContext, ref: OrgRef, opts: { q?: string; limit: number; cursor?: string }) {
  const after = decodeCursor(opts.cursor, memberCursor);
  return ctx.db
    .select({ userId: member.userId, name: user.name, username: user.username, email: user.email, image: user.image, role: member.role, joinedAt: member.createdAt, sortName: member.sortName })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(
      and(
        opts.q ? orgMembersMatching(ctx.db, opts.q, orgIdValue(ctx, ref)) : orgIdMatches(ctx, ref),
        after ? sql`(${member.sortName}, ${member.userId}) > (${after[0]}, ${after[1]})` : undefined,
      ),
    )
    .orderBy(asc(member.sortName), asc(member.userId))
    .limit(opts.limit + 1);
}

/**
 * How many members match the same filter as membersListQuery (for "1–50 of 61"). Counted along the same index
 * (member_org_sort_idx, organizationId first); batched with the page, so it costs no extra round trip.
 */
export function membersCountQuery(ctx: AppContext, ref: OrgRef, opts: { q?: string }) {
  return ctx.db
    .select({ n: count() })
    .from(member)
    .where(opts.q ? orgMembersMatching(ctx.db, opts.q, orgIdValue(ctx, ref)) : orgIdMatches(ctx, ref));
}

/** The org's owners, to tell a last owner before they try to leave or step down. Indexed by (organizationId, …). */
export function ownerCountQuery(ctx: AppContext, ref: OrgRef) {
  return ctx.db
    .select({ n: count() })
    .from(member)
    .where(and(orgIdMatches(ctx, ref), eq(member.role, "owner")));
}

type MemberRow = { userId: string; name: string; username: string | null; email: string; image?: string | null; role: OrgRole; joinedAt: Date; sortName: string };

function toMember(row: Omit<MemberRow, "sortName">): Member {
  return { userId: row.userId, name: row.name, username: row.username, email: row.email, role: row.role, joinedAt: row.joinedAt.toISOString(), image: row.image ?? null };
}

export function toMembersPage(rows: MemberRow[], limit: number): Page<Member> {
  return toPage(rows, limit, toMember, (r) => [r.sortName, r.userId]);
}
