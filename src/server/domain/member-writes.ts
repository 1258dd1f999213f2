/**
 * Role changes, removal and leaving (decided by src/lib/permissions.ts), as org writes (src/server/writes/run.ts): the
 * target and the other owners are read in the caller's own batch, the decision is written as one batch whose
 * statements all carry the same guard, compiled from the same rules (src/server/writes/guards.ts). If two owners step
 * down at once, the second write finds no other owner and changes nothing; its one explaining read says LAST_OWNER.
 */
import { and, asc, count, eq, inArray, ne, notExists, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { member, projectMembers, projects, session, user } from "~/db/schema";
import { canChangeOrgRole, canOrg, canRemoveOrgMember, isLastOwner, type OrgRole } from "~/lib/permissions";
import { idParam } from "~/lib/schemas";
import type { OrgActor } from "../actor";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { parse } from "../validate";
import { actorMayChangeOrgRole, actorMayRemoveOrgMember, holds, notLastOrgOwner } from "../writes/guards";
import type { OrgWrite } from "../writes/run";
import { logActivityIf } from "../writes/statements";
import type { ActivityEntry } from "./activity";
import { changeOrgRoleInput, type Member } from "./members";

const targetIds = z.object({ userId: idParam });

/** The target's membership (none when not in this org) and how many owners there are besides them. */
function targetReads(ctx: AppContext, orgId: string | SQL, targetUserId: string | SQL) {
  return [
    ctx.db
      .select({ memberId: member.id, userId: member.userId, name: user.name, username: user.username, email: user.email, image: user.image, role: member.role, joinedAt: member.createdAt })
      .from(member)
      .innerJoin(user, eq(user.id, member.userId))
      .where(and(eq(member.organizationId, orgId), eq(member.userId, targetUserId)))
      .limit(1),
    ctx.db
      .select({ n: count() })
      .from(member)
      .where(and(eq(member.organizationId, orgId), eq(member.role, "owner"), ne(member.userId, targetUserId))),
  ];
}

type TargetRow = { memberId: string; userId: string; name: string; username: string | null; email: string; image: string | null; role: OrgRole; joinedAt: Date };

function toTarget(rows: readonly (readonly unknown[])[]): { target: TargetRow; otherOwners: number } {
  const target = rows[0]![0] as TargetRow | undefined;
  if (!target) throw new AppError("NOT_FOUND", "That person is not a member of this workspace.");
  return { target, otherOwners: (rows[1]![0] as { n: number } | undefined)?.n ?? 0 };
}

function toMember(t: TargetRow, role = t.role): Member {
  return { userId: t.userId, name: t.name, username: t.username, email: t.email, role, joinedAt: t.joinedAt.toISOString(), image: t.image };
}

function entry(actor: OrgActor, e: Omit<ActivityEntry, "orgId" | "actor">): ActivityEntry {
  return { orgId: actor.org.id, actor: { id: actor.userId, name: actor.session.user.name }, ...e };
}

/**
 * Changes a member's org role per canChangeOrgRole: admins move people between member and admin and never touch an
 * owner; owners may grant and take away owner. Demoting the last owner (oneself included) is LAST_OWNER.
 */
export function changeOrgMemberRole(ctx: AppContext, targetUserId: string, input: unknown): OrgWrite<Member> {
  const { userId } = parse(targetIds, { userId: targetUserId });
  const { role: next } = parse(changeOrgRoleInput, input);
  return {
    reads: (_user, orgId) => targetReads(ctx, orgId, userId),
    decide(actor, rows) {
      const { target, otherOwners } = toTarget(rows);
      if (!canChangeOrgRole(actor.role, target.role, next)) throw new AppError("FORBIDDEN");
      if (target.role === next) return { answer: toMember(target) };
      if (isLastOwner(target.role, otherOwners + 1)) throw new AppError("LAST_OWNER");
      const orgId = actor.org.id;
      const guard = and(eq(member.id, target.memberId), actorMayChangeOrgRole(orgId, actor.userId, next), notLastOrgOwner(orgId, target.userId))!;
      const log = entry(actor, { action: "member.role_changed", target: { type: "user", id: target.userId, label: target.name }, data: { from: target.role, to: next } });
      return {
        batch: [logActivityIf(ctx, log, holds(member, guard)), ctx.db.update(member).set({ role: next }).where(guard).returning({ id: member.id })],
        took: (r) => r[1]!.length > 0,
        answer: () => toMember(target, next),
      };
    },
  };
}

/**
 * Removes `targetUserId` from the org, or, when it is the caller's own id (or null), leaves it (allowed to anyone but the last
 * owner). In the same batch: the person's memberships in the org's projects go, sessions that had the org active
 * forget it, and projects they solely owned get an heir (below). Every statement is conditional on the member row
 * being deleted by this very batch, so a refused removal changes nothing.
 */
export function removeOrgMember(ctx: AppContext, targetUserId: string | null): OrgWrite<void> {
  // null: the caller, who leaves (named by the session's sub-select, so leaving needs no id from the page).
  const userId = targetUserId === null ? null : parse(targetIds, { userId: targetUserId }).userId;
  return {
    reads: (user, orgId) => targetReads(ctx, orgId, userId ?? user),
    // Leaving is open to members of a workspace that requires two-factor they lack (src/server/domain/access.ts).
    action: (actor) => (userId === null || userId === actor.userId ? "org.leave" : "members.manage"),
    decide(actor, rows) {
      const { target, otherOwners } = toTarget(rows);
      const leaving = target.userId === actor.userId;
      if (!(leaving ? canOrg(actor.role, "org.leave") : canRemoveOrgMember(actor.role, target.role))) throw new AppError("FORBIDDEN");
      if (isLastOwner(target.role, otherOwners + 1)) throw new AppError("LAST_OWNER");
      const orgId = actor.org.id;
      const guard = and(
        eq(member.id, target.memberId),
        leaving ? undefined : actorMayRemoveOrgMember(orgId, actor.userId),
        notLastOrgOwner(orgId, target.userId),
      )!;
      const guardHolds = holds(member, guard);
      const gone = notExists(
        ctx.db
          .select({ one: sql`1` })
          .from(member)
          .where(and(eq(member.organizationId, orgId), eq(member.userId, target.userId))),
      );
      const log = entry(actor, {
        action: leaving ? "member.left" : "member.removed",
        target: { type: "user", id: target.userId, label: target.name },
        data: { role: target.role },
      });
      return {
        batch: [
          // Before the delete, with the same guard: both see the rows as they are before this batch changes anything.
          logActivityIf(ctx, log, guardHolds),
          promoteProjectHeirs(ctx, orgId, target.userId, guardHolds),
          ctx.db.delete(member).where(guard).returning({ id: member.id }),
          // After the delete: "no longer a member" is exactly the condition under which these must go.
          ctx.db
            .delete(projectMembers)
            .where(
              and(
                eq(projectMembers.userId, target.userId),
                inArray(projectMembers.projectId, ctx.db.select({ id: projects.id }).from(projects).where(eq(projects.orgId, orgId))),
                gone,
              ),
            ),
          ctx.db
            .update(session)
            .set({ activeOrganizationId: null })
            .where(and(eq(session.userId, target.userId), eq(session.activeOrganizationId, orgId), gone)),
        ],
        took: (r) => r[2]!.length > 0,
        // Their open pages of this workspace lose their sockets at once.
        live: { cut: [target.userId] },
        answer: () => undefined,
      };
    },
  };
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
