/**
 * Org members: the list (any member), role changes and removal or leaving (decided by src/lib/permissions.ts).
 *
 * Writes follow one pattern. A first round trip reads the caller, the target and the other owners, to decide with the
 * permission table and to give precise errors. The decision is then written as ONE db.batch() whose statements all
 * carry the same guard: "the rows are still what we decided on" (target's role, caller's role, another owner remains).
 * A batch is one transaction, so the guard cannot be overtaken between check and write: if two owners step down at
 * once, the second write finds no other owner and changes nothing. A write that lost such a race is decided again
 * from fresh rows, which then give LAST_OWNER, NOT_FOUND or FORBIDDEN.
 */
import { and, asc, count, eq, exists, inArray, ne, notExists, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { member, organization, projectMembers, projects, session, user } from "~/db/schema";
import { canChangeOrgRole, canOrg, canRemoveOrgMember, isLastOwner, type OrgRole } from "~/lib/permissions";
import { idParam, orgRole } from "~/lib/schemas";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { parse } from "../validate";
import { membershipQuery, toMembership } from "./access";
import { logActivityWhen, type ActivityEntry } from "./activity";
import { decodeCursor, toPage, type Page } from "./cursor";

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: OrgRole;
  joinedAt: string;
}

/** Who is acting: the signed-in user (their name goes into the activity log). */
export interface Actor {
  id: string;
  name: string;
}

export type OrgRef = { orgId: string } | { slug: string };

export const changeOrgRoleInput = z.object({ role: orgRole });
const memberIds = z.object({ orgId: idParam, userId: idParam });
const memberCursor = z.tuple([z.string().max(400), z.string().max(64)]);

/** The retries only happen when another write changed the same rows between our read and our write. */
const MAX_ATTEMPTS = 4;

// ---------------------------------------------------------------- Reading

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function orgIdMatches(ctx: AppContext, ref: OrgRef): SQL {
  return "orgId" in ref
    ? eq(member.organizationId, ref.orgId)
    : eq(member.organizationId, ctx.db.select({ id: organization.id }).from(organization).where(eq(organization.slug, ref.slug)));
}

/**
 * One page of an org's members, ordered by name (case-insensitive) then user id. It walks member_org_sort_idx
 * (organizationId, sortName, userId) from the cursor and stops after limit + 1 rows, so a page costs the same in an
 * org of 10 or 10,000 members. A search (`q`, substring of name or email) filters along the same walk: it still stops
 * at a full page, and only a rare term makes it read further. Exported for pages that batch it with other reads;
 * the caller must check membership (see listOrgMembers).
 */
export function membersListQuery(ctx: AppContext, ref: OrgRef, opts: { q?: string; limit: number; cursor?: string }) {
  const after = decodeCursor(opts.cursor, memberCursor);
  const pattern = opts.q ? `%${escapeLike(opts.q)}%` : null;
  return ctx.db
    .select({ userId: member.userId, name: user.name, email: user.email, role: member.role, joinedAt: member.createdAt, sortName: member.sortName })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(
      and(
        orgIdMatches(ctx, ref),
        after ? sql`(${member.sortName}, ${member.userId}) > (${after[0]}, ${after[1]})` : undefined,
        pattern ? or(sql`${user.name} like ${pattern} escape '\\'`, sql`${user.email} like ${pattern} escape '\\'`) : undefined,
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
  const pattern = opts.q ? `%${escapeLike(opts.q)}%` : null;
  if (!pattern) return ctx.db.select({ n: count() }).from(member).where(orgIdMatches(ctx, ref));
  return ctx.db
    .select({ n: count() })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(and(orgIdMatches(ctx, ref), or(sql`${user.name} like ${pattern} escape '\\'`, sql`${user.email} like ${pattern} escape '\\'`)));
}

/** The org's owners, to tell a last owner before they try to leave or step down. Indexed by (organizationId, …). */
export function ownerCountQuery(ctx: AppContext, ref: OrgRef) {
  return ctx.db
    .select({ n: count() })
    .from(member)
    .where(and(orgIdMatches(ctx, ref), eq(member.role, "owner")));
}

type MemberRow = { userId: string; name: string; email: string; role: OrgRole; joinedAt: Date; sortName: string };

function toMember(row: Omit<MemberRow, "sortName">): Member {
  return { userId: row.userId, name: row.name, email: row.email, role: row.role, joinedAt: row.joinedAt.toISOString() };
}

export function toMembersPage(rows: MemberRow[], limit: number): Page<Member> {
  return toPage(rows, limit, toMember, (r) => [r.sortName, r.userId]);
}

// ---------------------------------------------------------------- Guards shared by the writes

const otherOwner = alias(member, "other_owner");
const actorRow = alias(member, "actor_row");

/** Someone other than `userId` is an owner of the org: what keeps an org from ever having zero owners. */
function anotherOwnerRemains(ctx: AppContext, orgId: string, userId: string): SQL {
  return exists(
    ctx.db
      .select({ one: sql`1` })
      .from(otherOwner)
      .where(and(eq(otherOwner.organizationId, orgId), eq(otherOwner.role, "owner"), ne(otherOwner.userId, userId))),
  );
}

/** The caller still has the role the permission decision was made with. */
function actorStillHas(ctx: AppContext, orgId: string, actorId: string, role: OrgRole): SQL {
  return exists(
    ctx.db
      .select({ one: sql`1` })
      .from(actorRow)
      .where(and(eq(actorRow.organizationId, orgId), eq(actorRow.userId, actorId), eq(actorRow.role, role))),
  );
}

interface TargetState {
  actorRole: OrgRole;
  target: { memberId: string; userId: string; name: string; email: string; role: OrgRole; joinedAt: Date };
  otherOwners: number;
}

/** The caller's membership (NOT_FOUND if none), the target's (NOT_FOUND if not in this org) and the other owners. */
async function readTarget(ctx: AppContext, actorId: string, orgId: string, targetUserId: string): Promise<TargetState> {
  const [actorRows, targetRows, owners] = await ctx.db.batch([
    membershipQuery(ctx, actorId, { orgId }),
    ctx.db
      .select({ memberId: member.id, userId: member.userId, name: user.name, email: user.email, role: member.role, joinedAt: member.createdAt })
      .from(member)
      .innerJoin(user, eq(user.id, member.userId))
      .where(and(eq(member.organizationId, orgId), eq(member.userId, targetUserId)))
      .limit(1),
    ctx.db
      .select({ n: count() })
      .from(member)
      .where(and(eq(member.organizationId, orgId), eq(member.role, "owner"), ne(member.userId, targetUserId))),
  ]);
  const actor = toMembership(actorId, actorRows);
  const target = targetRows[0];
  if (!target) throw new AppError("NOT_FOUND", "That person is not a member of this workspace.");
  return { actorRole: actor.role, target, otherOwners: owners[0]?.n ?? 0 };
}

function lostRace(): AppError {
  return new AppError("INTERNAL", "This member changed while we were saving. Please reload and try again.");
}

// ---------------------------------------------------------------- Role changes

/**
 * Changes a member's org role per canChangeOrgRole: admins move people between member and admin and never touch an
 * owner; owners may grant and take away owner. Demoting the last owner (oneself included) is LAST_OWNER.
 */
export async function changeOrgMemberRole(ctx: AppContext, actor: Actor, orgId: string, targetUserId: string, input: unknown): Promise<Member> {
  const ids = parse(memberIds, { orgId, userId: targetUserId });
  const { role: next } = parse(changeOrgRoleInput, input);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { actorRole, target, otherOwners } = await readTarget(ctx, actor.id, ids.orgId, ids.userId);
    if (!canChangeOrgRole(actorRole, target.role, next)) throw new AppError("FORBIDDEN");
    if (target.role === next) return toMember(target);
    const demotesOwner = target.role === "owner";
    if (demotesOwner && isLastOwner(target.role, otherOwners + 1)) throw new AppError("LAST_OWNER");

    const guard = and(
      eq(member.id, target.memberId),
      eq(member.role, target.role),
      actorStillHas(ctx, ids.orgId, actor.id, actorRole),
      demotesOwner ? anotherOwnerRemains(ctx, ids.orgId, target.userId) : undefined,
    )!;
    const entry: ActivityEntry = {
      orgId: ids.orgId,
      actor,
      action: "member.role_changed",
      target: { type: "user", id: target.userId, label: target.name },
      data: { from: target.role, to: next },
    };
    const [, updated] = await ctx.db.batch([
      logActivityWhen(ctx, entry, exists(ctx.db.select({ one: sql`1` }).from(member).where(guard))),
      ctx.db.update(member).set({ role: next }).where(guard).returning({ id: member.id }),
    ]);
    if (updated.length) return toMember({ ...target, role: next });
  }
  throw lostRace();
}

// ---------------------------------------------------------------- Removal and leaving

/**
 * Removes `targetUserId` from the org, or, when it is the caller's own id, leaves it (allowed to anyone but the last
 * owner). In the same batch: the person's memberships in the org's projects go, sessions that had the org active
 * forget it, and projects they solely owned get an heir (below). Every statement is conditional on the member row
 * being deleted by this very batch, so a refused removal changes nothing.
 */
export async function removeOrgMember(ctx: AppContext, actor: Actor, orgId: string, targetUserId: string): Promise<void> {
  const ids = parse(memberIds, { orgId, userId: targetUserId });
  const leaving = ids.userId === actor.id;

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { actorRole, target, otherOwners } = await readTarget(ctx, actor.id, ids.orgId, ids.userId);
    const allowed = leaving ? canOrg(actorRole, "org.leave") : canRemoveOrgMember(actorRole, target.role);
    if (!allowed) throw new AppError("FORBIDDEN");
    if (isLastOwner(target.role, otherOwners + 1)) throw new AppError("LAST_OWNER");

    const guard = and(
      eq(member.id, target.memberId),
      eq(member.role, target.role),
      leaving ? undefined : actorStillHas(ctx, ids.orgId, actor.id, actorRole),
      target.role === "owner" ? anotherOwnerRemains(ctx, ids.orgId, target.userId) : undefined,
    )!;
    const guardHolds = exists(ctx.db.select({ one: sql`1` }).from(member).where(guard));
    const gone = notExists(
      ctx.db
        .select({ one: sql`1` })
        .from(member)
        .where(and(eq(member.organizationId, ids.orgId), eq(member.userId, target.userId))),
    );
    const entry: ActivityEntry = {
      orgId: ids.orgId,
      actor,
      action: leaving ? "member.left" : "member.removed",
      target: { type: "user", id: target.userId, label: target.name },
      data: { role: target.role },
    };

    const [, , deleted] = await ctx.db.batch([
      // Before the delete, with the same guard: both see the rows as they are before this batch changes anything.
      logActivityWhen(ctx, entry, guardHolds),
      promoteProjectHeirs(ctx, ids.orgId, target.userId, guardHolds),
      ctx.db.delete(member).where(guard).returning({ id: member.id }),
      // After the delete: "no longer a member" is exactly the condition under which these must go.
      ctx.db
        .delete(projectMembers)
        .where(
          and(
            eq(projectMembers.userId, target.userId),
            inArray(projectMembers.projectId, ctx.db.select({ id: projects.id }).from(projects).where(eq(projects.orgId, ids.orgId))),
            gone,
          ),
        ),
      ctx.db
        .update(session)
        .set({ activeOrganizationId: null })
        .where(and(eq(session.userId, target.userId), eq(session.activeOrganizationId, ids.orgId), gone)),
    ]);
    if (deleted.length) return;
  }
  throw lostRace();
}

const leaver = alias(projectMembers, "leaver");
const heir = alias(projectMembers, "heir");
const coOwner = alias(projectMembers, "co_owner");

/**
 * Every project keeps an owner (PRODUCT.md section 7): for each project of this org that `userId` is the only owner
 * of, the longest-standing other project member becomes owner. A project left with no members at all has no one to
 * inherit it; org admins and owners still manage it. Bounded by the person's own project memberships.
 */
function promoteProjectHeirs(ctx: AppContext, orgId: string, userId: string, condition: SQL) {
  const firstOtherMember = ctx.db
    .select({ id: heir.id })
    .from(heir)
    .where(and(eq(heir.projectId, leaver.projectId), ne(heir.userId, userId)))
    .orderBy(asc(heir.joinedAt), asc(heir.id))
    .limit(1);
  const heirs = ctx.db
    .select({ id: sql<string>`${firstOtherMember}` })
    .from(leaver)
    .innerJoin(projects, eq(projects.id, leaver.projectId))
    .where(
      and(
        eq(leaver.userId, userId),
        eq(leaver.role, "owner"),
        eq(projects.orgId, orgId),
        notExists(
          ctx.db
            .select({ one: sql`1` })
            .from(coOwner)
            .where(and(eq(coOwner.projectId, leaver.projectId), eq(coOwner.role, "owner"), ne(coOwner.userId, userId))),
        ),
      ),
    );
  return ctx.db
    .update(projectMembers)
    .set({ role: "owner" })
    .where(and(inArray(projectMembers.id, heirs), condition));
}
