/**
 * Who is in a project: list, add an org member, change a role, remove, leave.
 *
 * Rules that depend on other rows are decided inside the write statement as well as before it (src/server/writes):
 * - "project member ⇒ org member": the insert selects only while the person is in the org;
 * - "one membership per person": the (projectId, userId) unique index;
 * - "a project keeps an owner": the UPDATE/DELETE's WHERE counts the other owners (notLastProjectOwner).
 * The read in the caller's batch gives the clear error in the common case; the affected rows give the final answer.
 */
import { and, count, eq, ne, type SQL } from "drizzle-orm";
import { member, projectMembers, user } from "~/db/schema";
import type { ProjectRole } from "~/lib/permissions";
import { addProjectMemberInput, changeProjectRoleInput } from "~/lib/schemas";
import type { AppContext } from "../context";
import { isUniqueViolation } from "../db";
import { AppError } from "../errors";
import { parse } from "../validate";
import { actorMayOnProject, holds, isOrgMember, notLastProjectOwner, projectInOrg, projectRoleOnJoin } from "../writes/guards";
import type { OrgWrite, Rows } from "../writes/run";
import { insertWhere, logActivityIf } from "../writes/statements";
import { byActor, projectRead, projectStanding } from "./project-writes";
import { toProjectMember, type ProjectMember } from "./projects";

const lastOwner = () => new AppError("LAST_OWNER", "Every project needs at least one owner. Make someone else an owner first.");
const notInOrg = () =>
  new AppError("NOT_FOUND", "That person is not a member of this workspace.", { fields: { userId: "Choose a member of this workspace." } });
const notInProject = () => new AppError("NOT_FOUND", "That person is not a member of this project.");
const alreadyMember = () => new AppError("ALREADY_MEMBER", "That person is already a member of this project.");

/** The target person as seen from this org and project (no row unless an org member), and the project's other owners. */
function targetReads(ctx: AppContext, orgId: string | SQL, projectId: string, targetId: string | SQL) {
  return [
    ctx.db
      .select({ userId: user.id, name: user.name, username: user.username, email: user.email, projectRole: projectMembers.role, joinedAt: projectMembers.joinedAt })
      .from(member)
      .innerJoin(user, eq(user.id, member.userId))
      .leftJoin(projectMembers, and(eq(projectMembers.userId, member.userId), eq(projectMembers.projectId, projectId)))
      .where(and(eq(member.organizationId, orgId), eq(member.userId, targetId)))
      .limit(1),
    ctx.db
      .select({ n: count() })
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.role, "owner"), ne(projectMembers.userId, targetId))),
  ];
}

type Target = { userId: string; name: string; username: string | null; email: string; projectRole: ProjectRole | null; joinedAt: Date | null };

function toTarget(rows: Rows[]): { target: Target | null; otherOwners: number } {
  return { target: (rows[1]![0] as Target | undefined) ?? null, otherOwners: (rows[2]![0] as { n: number } | undefined)?.n ?? 0 };
}

function memberRowQuery(ctx: AppContext, projectId: string, targetId: string) {
  return ctx.db
    .select({ userId: projectMembers.userId, name: user.name, username: user.username, email: user.email, role: projectMembers.role, joinedAt: projectMembers.joinedAt })
    .from(projectMembers)
    .innerJoin(user, eq(user.id, projectMembers.userId))
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, targetId)))
    .limit(1);
}

type MemberRow = Parameters<typeof toProjectMember>[0];

/**
 * On the target's project_members row: it would not leave the project without an owner, and `actorId` (null: the
 * target themself) may still manage the project's members.
 */
function targetRowGuard(orgId: string, projectId: string, targetId: string, actorId: string | null): SQL {
  return and(
    eq(projectMembers.projectId, projectId),
    eq(projectMembers.userId, targetId),
    notLastProjectOwner(projectId, targetId),
    actorId ? actorMayOnProject(orgId, projectId, actorId, "project.manageMembers") : undefined,
  )!;
}

/** Adds an existing org member; project owners and org admins/owners (who may also give a project its first owner). */
export function addProjectMember(ctx: AppContext, projectId: string, input: unknown): OrgWrite<ProjectMember> {
  const data = parse(addProjectMemberInput, input);
  return {
    reads: (user, orgId) => [projectRead(ctx, user, orgId, projectId), ...targetReads(ctx, orgId, projectId, data.userId)],
    decide(actor, rows) {
      const { project } = projectStanding(actor, rows[0]!, "project.manageMembers");
      const { target } = toTarget(rows);
      if (!target) throw notInOrg();
      if (target.projectRole) throw alreadyMember();
      const orgId = actor.org.id;
      const guard = and(isOrgMember(orgId, data.userId), projectInOrg(orgId, projectId), actorMayOnProject(orgId, projectId, actor.userId, "project.manageMembers"))!;
      const log = byActor(actor, {
        action: "project.member_added",
        target: { type: "user", id: data.userId, label: target.name },
        data: { projectId, projectName: project.name, role: data.role },
      });
      return {
        batch: [
          logActivityIf(ctx, log, guard),
          // A project without owners gets the newcomer as owner (see projectRoleOnJoin); the answer reads the row back.
          insertWhere(ctx, projectMembers, { id: crypto.randomUUID(), projectId, userId: data.userId, role: projectRoleOnJoin(projectId, data.role), joinedAt: new Date() }, guard).returning({
            id: projectMembers.id,
          }),
          memberRowQuery(ctx, projectId, data.userId),
        ],
        took: (r) => r[1]!.length > 0 && r[2]!.length > 0,
        answer: (r) => toProjectMember(r[2]![0] as MemberRow),
        // Two adds at once: the unique index let one through.
        refuse: (err) => (isUniqueViolation(err, "project_members") ? alreadyMember() : undefined),
      };
    },
  };
}

/** Changes a project role; demoting the last owner is refused (409 LAST_OWNER), also when two requests race. */
export function changeProjectMemberRole(ctx: AppContext, projectId: string, targetId: string, input: unknown): OrgWrite<ProjectMember> {
  const { role } = parse(changeProjectRoleInput, input);
  return {
    reads: (user, orgId) => [projectRead(ctx, user, orgId, projectId), ...targetReads(ctx, orgId, projectId, targetId)],
    decide(actor, rows) {
      const { project } = projectStanding(actor, rows[0]!, "project.manageMembers");
      const { target, otherOwners } = toTarget(rows);
      if (!target?.projectRole || !target.joinedAt) throw notInProject();
      const current = { ...target, role: target.projectRole, joinedAt: target.joinedAt };
      if (target.projectRole === role) return { answer: toProjectMember(current) };
      if (target.projectRole === "owner" && otherOwners === 0) throw lastOwner();
      const orgId = actor.org.id;
      const guard = targetRowGuard(orgId, projectId, targetId, actor.userId);
      const log = byActor(actor, {
        action: "project.member_role_changed",
        target: { type: "user", id: targetId, label: target.name },
        data: { projectId, projectName: project.name, from: target.projectRole, to: role },
      });
      return {
        batch: [logActivityIf(ctx, log, holds(projectMembers, guard)), ctx.db.update(projectMembers).set({ role }).where(guard).returning({ id: projectMembers.id })],
        took: (r) => r[1]!.length > 0,
        answer: () => toProjectMember({ ...current, role }),
      };
    },
  };
}

/** Removes someone (project owners, org admins/owners), or leaves when the target is the caller or null (any project member). */
export function removeProjectMember(ctx: AppContext, projectId: string, who: string | null): OrgWrite<void> {
  return {
    // null: the caller, who leaves (named by the session's sub-select).
    reads: (user, orgId) => [projectRead(ctx, user, orgId, projectId), ...targetReads(ctx, orgId, projectId, who ?? user)],
    decide(actor, rows) {
      const targetId = who ?? actor.userId;
      const leaving = targetId === actor.userId;
      // One cannot leave a project one is not in: an org admin outside the project gets 404 like any missing member.
      const { project } = projectStanding(actor, rows[0]!, leaving ? undefined : "project.manageMembers");
      const { target, otherOwners } = toTarget(rows);
      if (!target?.projectRole) throw notInProject();
      if (target.projectRole === "owner" && otherOwners === 0) throw lastOwner();
      const orgId = actor.org.id;
      // Leaving needs only one's own row (which removal from the org deletes); removing needs the right.
      const guard = targetRowGuard(orgId, projectId, targetId, leaving ? null : actor.userId);
      const log = byActor(actor, {
        action: leaving ? "project.member_left" : "project.member_removed",
        target: { type: "user", id: targetId, label: target.name },
        data: { projectId, projectName: project.name, role: target.projectRole },
      });
      return {
        batch: [logActivityIf(ctx, log, holds(projectMembers, guard)), ctx.db.delete(projectMembers).where(guard).returning({ id: projectMembers.id })],
        took: (r) => r[1]!.length > 0,
        answer: () => undefined,
      };
    },
  };
}
