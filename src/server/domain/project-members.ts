/**
 * Who is in a project: list, add an org member, change a role, remove, leave.
 *
 * Rules that depend on other rows are decided inside the write statement, never by a read followed by a write:
 * - "project member ⇒ org member": the insert selects only while the person is in the org;
 * - "one membership per person": the (projectId, userId) unique index;
 * - "a project keeps an owner": the UPDATE/DELETE's WHERE counts the other owners (notLastOwner).
 * The earlier read only produces a clear error in the common case; the affected rows give the final answer.
 */
import { and, eq, exists, sql } from "drizzle-orm";
import { member, projectMembers, projects, user } from "~/db/schema";
import type { ProjectRole } from "~/lib/permissions";
import { addProjectMemberInput, changeProjectRoleInput } from "~/lib/schemas";
import type { AppContext } from "../context";
import { isUniqueViolation } from "../db";
import { AppError } from "../errors";
import { parse } from "../validate";
import { membershipQuery } from "./access";
import {
  actorMayOnProject,
  insertWhere,
  isOrgMember,
  logActivityIfChanged,
  notLastOwner,
  projectRoleOnJoin,
  projectRowQuery,
  requireProjectAccess,
  requireProjectPermission,
  toProjectAccess,
  toProjectMember,
  type ProjectAccess,
  type ProjectMember,
} from "./projects";

const lastOwner = () => new AppError("LAST_OWNER", "Every project needs at least one owner. Make someone else an owner first.");
const notInOrg = () =>
  new AppError("NOT_FOUND", "That person is not a member of this workspace.", { fields: { userId: "Choose a member of this workspace." } });

/** The target person as seen from this org and project: null unless they are an org member. */
function targetQuery(ctx: AppContext, orgId: string, projectId: string, targetId: string) {
  return ctx.db
    .select({ userId: user.id, name: user.name, email: user.email, projectRole: projectMembers.role, joinedAt: projectMembers.joinedAt })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .leftJoin(projectMembers, and(eq(projectMembers.userId, member.userId), eq(projectMembers.projectId, projectId)))
    .where(and(eq(member.organizationId, orgId), eq(member.userId, targetId)))
    .limit(1);
}

type Target = Awaited<ReturnType<typeof targetQuery>>[number];

/** Caller's access and the target's standing, in one round trip. */
async function load(ctx: AppContext, userId: string, orgId: string, projectId: string, targetId: string): Promise<{ access: ProjectAccess; target: Target | null }> {
  const [m, p, t] = await ctx.db.batch([
    membershipQuery(ctx, userId, { orgId }),
    projectRowQuery(ctx, userId, orgId, projectId),
    targetQuery(ctx, orgId, projectId, targetId),
  ]);
  return { access: toProjectAccess(userId, m, p), target: t[0] ?? null };
}

function memberRowQuery(ctx: AppContext, projectId: string, targetId: string) {
  return ctx.db
    .select({ userId: projectMembers.userId, name: user.name, email: user.email, role: projectMembers.role, joinedAt: projectMembers.joinedAt })
    .from(projectMembers)
    .innerJoin(user, eq(user.id, projectMembers.userId))
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, targetId)))
    .limit(1);
}

/** After a guarded write changed nothing: why? Gone (404), already in the wanted state (null), or the last owner. */
async function explainNoChange(ctx: AppContext, projectId: string, targetId: string, wanted: ProjectRole | "removed"): Promise<ProjectMember | null> {
  const [row] = await memberRowQuery(ctx, projectId, targetId);
  if (!row) {
    if (wanted === "removed") return null;
    throw new AppError("NOT_FOUND");
  }
  if (row.role === wanted) return toProjectMember(row);
  throw lastOwner();
}

/**
 * After a guarded write changed nothing: if the caller has lost access or the right since the first read, throws
 * NOT_FOUND or FORBIDDEN, as a fresh request would get.
 */
async function recheck(ctx: AppContext, userId: string, orgId: string, projectId: string, action: "project.manageMembers"): Promise<void> {
  requireProjectPermission(await requireProjectAccess(ctx, userId, orgId, projectId), action);
}

/** Adds an existing org member; project owners and org admins/owners (who may also give a project its first owner). */
export async function addProjectMember(ctx: AppContext, userId: string, orgId: string, projectId: string, input: unknown): Promise<ProjectMember> {
  const data = parse(addProjectMemberInput, input);
  const { access, target } = await load(ctx, userId, orgId, projectId, data.userId);
  requireProjectPermission(access, "project.manageMembers");
  if (!target) throw notInOrg();
  if (target.projectRole) throw new AppError("ALREADY_MEMBER", "That person is already a member of this project.");

  const projectInOrg = exists(
    ctx.db
      .select({ one: sql`1` })
      .from(projects)
      .where(and(eq(projects.id, projectId), eq(projects.orgId, orgId))),
  );
  try {
    const [inserted, , row] = await ctx.db.batch([
      insertWhere(
        ctx,
        projectMembers,
        // A project without owners gets the newcomer as owner (see projectRoleOnJoin); the response reads the row back.
        { id: crypto.randomUUID(), projectId, userId: data.userId, role: projectRoleOnJoin(projectId, data.role), joinedAt: new Date() },
        and(isOrgMember(ctx, orgId, data.userId), projectInOrg, actorMayOnProject(orgId, projectId, userId, "project.manageMembers"))!,
      ).returning({ id: projectMembers.id }),
      logActivityIfChanged(ctx, {
        orgId,
        actorId: userId,
        action: "project.member_added",
        target: { type: "user", id: data.userId, label: target.name },
        data: { projectId, projectName: access.project.name, role: data.role },
      }),
      memberRowQuery(ctx, projectId, data.userId),
    ]);
    if (inserted.length === 0 || !row[0]) {
      // The caller lost the right (or the project was deleted) since our read: a fresh check says which...
      await recheck(ctx, userId, orgId, projectId, "project.manageMembers");
      // ...otherwise the person left the org.
      throw notInOrg();
    }
    return toProjectMember(row[0]);
  } catch (err) {
    // Two adds at once: the unique index let one through.
    if (isUniqueViolation(err, "project_members")) throw new AppError("ALREADY_MEMBER", "That person is already a member of this project.");
    throw err;
  }
}

/** Changes a project role; demoting the last owner is refused (409 LAST_OWNER), also when two requests race. */
export async function changeProjectMemberRole(
  ctx: AppContext,
  userId: string,
  orgId: string,
  projectId: string,
  targetId: string,
  input: unknown,
): Promise<ProjectMember> {
  const { role } = parse(changeProjectRoleInput, input);
  const { access, target } = await load(ctx, userId, orgId, projectId, targetId);
  requireProjectPermission(access, "project.manageMembers");
  if (!target?.projectRole || !target.joinedAt) throw new AppError("NOT_FOUND", "That person is not a member of this project.");
  if (target.projectRole === role) return toProjectMember({ ...target, role, joinedAt: target.joinedAt });

  const [updated, , row] = await ctx.db.batch([
    ctx.db
      .update(projectMembers)
      .set({ role })
      .where(
        and(
          eq(projectMembers.projectId, projectId),
          eq(projectMembers.userId, targetId),
          role === "owner" ? undefined : notLastOwner(projectId, targetId),
          actorMayOnProject(orgId, projectId, userId, "project.manageMembers"),
        ),
      )
      .returning({ id: projectMembers.id }),
    logActivityIfChanged(ctx, {
      orgId,
      actorId: userId,
      action: "project.member_role_changed",
      target: { type: "user", id: targetId, label: target.name },
      data: { projectId, projectName: access.project.name, from: target.projectRole, to: role },
    }),
    memberRowQuery(ctx, projectId, targetId),
  ]);
  if (updated.length === 0 || !row[0]) {
    await recheck(ctx, userId, orgId, projectId, "project.manageMembers");
    return (await explainNoChange(ctx, projectId, targetId, role))!;
  }
  return toProjectMember(row[0]);
}

/** Removes someone (project owners, org admins/owners), or leaves when targetId is the caller (any project member). */
export async function removeProjectMember(ctx: AppContext, userId: string, orgId: string, projectId: string, targetId: string): Promise<void> {
  const leaving = targetId === userId;
  const { access, target } = await load(ctx, userId, orgId, projectId, targetId);
  // One cannot leave a project one is not in: an org admin outside the project gets 404 like any missing member.
  if (!leaving) requireProjectPermission(access, "project.manageMembers");
  if (!target?.projectRole) throw new AppError("NOT_FOUND", "That person is not a member of this project.");
  if (leaving) requireProjectPermission(access, "project.leave");

  const [deleted] = await ctx.db.batch([
    ctx.db
      .delete(projectMembers)
      .where(
        and(
          eq(projectMembers.projectId, projectId),
          eq(projectMembers.userId, targetId),
          notLastOwner(projectId, targetId),
          // Leaving needs only one's own row (which removal from the org deletes); removing needs the right.
          leaving ? undefined : actorMayOnProject(orgId, projectId, userId, "project.manageMembers"),
        ),
      )
      .returning({ id: projectMembers.id }),
    logActivityIfChanged(ctx, {
      orgId,
      actorId: userId,
      action: leaving ? "project.member_left" : "project.member_removed",
      target: { type: "user", id: targetId, label: target.name },
      data: { projectId, projectName: access.project.name, role: target.projectRole },
    }),
  ]);
  if (deleted.length === 0) {
    if (!leaving) await recheck(ctx, userId, orgId, projectId, "project.manageMembers");
    await explainNoChange(ctx, projectId, targetId, "removed");
  }
}
