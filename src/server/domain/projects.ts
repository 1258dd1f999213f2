/**
 * Projects of an org: list, create, read, edit, delete, and the overview page's data.
 *
 * Who sees what (PRODUCT.md section 2): a plain org member sees the projects they belong to; org admins/owners see
 * every project of the org. Anyone else — another org member not in the project, or a user of another org — gets
 * NOT_FOUND, because they may not know the project exists.
 */
import { and, asc, count, eq, exists, isNull, ne, or, SQL, sql } from "drizzle-orm";
import { alias, QueryBuilder } from "drizzle-orm/sqlite-core";
import { activityLog, member, projectMembers, projects, user } from "~/db/schema";
import { canOrg, canProject, orgRoles, projectRoles, type OrgRole, type ProjectAction, type ProjectRole } from "~/lib/permissions";
import { createProjectInput, updateProjectInput } from "~/lib/schemas";
import type { AppContext } from "../context";
import { insertWhere } from "../db";
import { AppError } from "../errors";
import { parse } from "../validate";
import { membershipQuery, toMembership, type OrgMembership } from "./access";
import type { ActivityEntry } from "./activity";

// Lives in ../db (the outbox and the rate limiter use it too); re-exported for the domain modules that import it here.
export { insertWhere };

export interface Project {
  id: string;
  orgId: string;
  name: string;
  description: string | null;
  /** The caller's project role; null for an org admin/owner who is not in the project. */
  role: ProjectRole | null;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectMember {
  userId: string;
  name: string;
  email: string;
  role: ProjectRole;
  joinedAt: string;
}

/** What the caller may do on a project page; the UI hides controls with these, the server re-checks on each call. */
export interface ProjectRights {
  canEdit: boolean;
  canManageMembers: boolean;
  canDelete: boolean;
  canLeave: boolean;
}

export interface ProjectOverview {
  project: Project;
  members: ProjectMember[];
  rights: ProjectRights;
  orgRole: OrgRole;
}

// ---------------------------------------------------------------- query pieces shared with project-members.ts

/** The other project_members rows of a project, for counts and last-owner guards inside a statement. */
const pmOther = alias(projectMembers, "pm_other");
/** Builds subqueries without a database handle (they are embedded in other statements). */
const qb = new QueryBuilder();

/**
 * Project columns plus the caller's role (from a left join on project_members) and the member count. The count is a
 * correlated count on the (projectId, userId) unique index, evaluated only for the rows a query returns.
 */
export function projectFields() {
  return {
    id: projects.id,
    orgId: projects.orgId,
    name: projects.name,
    description: projects.description,
    role: projectMembers.role,
    memberCount: sql<number>`(${qb.select({ n: count() }).from(pmOther).where(eq(pmOther.projectId, projects.id))})`.mapWith(Number),
    createdAt: projects.createdAt,
    updatedAt: projects.updatedAt,
  };
}

export interface ProjectRow {
  id: string;
  orgId: string;
  name: string;
  description: string | null;
  role: ProjectRole | null;
  memberCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toProject(r: ProjectRow): Project {
  return { ...r, role: r.role ?? null, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

/** One project of one org, with the caller's role. Scoping by orgId is what makes other orgs' ids answer 404. */
export function projectRowQuery(ctx: AppContext, userId: string | SQL, orgId: string | SQL, projectId: string) {
  return ctx.db
    .select(projectFields())
    .from(projects)
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, userId)))
    .where(and(eq(projects.id, projectId), eq(projects.orgId, orgId)))
    .limit(1);
}

export function projectMembersQuery(ctx: AppContext, orgId: string | SQL, projectId: string) {
  return ctx.db
    .select({ userId: projectMembers.userId, name: user.name, email: user.email, role: projectMembers.role, joinedAt: projectMembers.joinedAt })
    .from(projectMembers)
    .innerJoin(projects, eq(projects.id, projectMembers.projectId))
    .innerJoin(user, eq(user.id, projectMembers.userId))
    .where(and(eq(projectMembers.projectId, projectId), eq(projects.orgId, orgId)))
    // Owners first, then by name: the order people scan a member list in.
    .orderBy(sql`case when ${projectMembers.role} = 'owner' then 0 else 1 end`, asc(sql`lower(${user.name})`), asc(projectMembers.userId));
}

export function toProjectMember(r: { userId: string; name: string; email: string; role: ProjectRole; joinedAt: Date }): ProjectMember {
  return { ...r, joinedAt: r.joinedAt.toISOString() };
}

/** True inside a statement while `userId` is a member of the org: guards writes against a concurrent removal. */
export function isOrgMember(ctx: AppContext, orgId: string, userId: string): SQL {
  return exists(ctx.db.select({ one: sql`1` }).from(member).where(and(eq(member.organizationId, orgId), eq(member.userId, userId))));
}

/**
 * True inside a statement unless removing the project_members row it is evaluated on would leave the project without
 * an owner. Being part of the UPDATE/DELETE's WHERE, it is decided against the rows at write time, so two owners
 * stepping down at once cannot both succeed (D1 runs one write at a time).
 */
export function notLastOwner(projectId: string, userId: string): SQL {
  const otherOwners = qb
    .select({ n: count() })
    .from(pmOther)
    .where(and(eq(pmOther.projectId, projectId), eq(pmOther.role, "owner"), ne(pmOther.userId, userId)));
  return sql`(${projectMembers.role} <> 'owner' or (${otherOwners}) > 0)`;
}

const actorOrgRow = alias(member, "actor_org");
const actorProjectRow = alias(projectMembers, "actor_project");

/**
 * True inside a statement while `userId` may still do `action` on the project, decided with the permission table
 * (canProject) against the rows at write time. The permission check before a write reads rows in an earlier round
 * trip; this guard in the write's WHERE is what makes a request that was in flight while its caller was removed from
 * the org (or lost their role) change nothing.
 */
export function actorMayOnProject(orgId: string, projectId: string, userId: string, action: ProjectAction): SQL {
  const allowed: SQL[] = [];
  for (const o of orgRoles) {
    for (const p of [...projectRoles, null]) {
      if (canProject(o, p, action)) allowed.push(and(eq(actorOrgRow.role, o), p === null ? isNull(actorProjectRow.role) : eq(actorProjectRow.role, p))!);
    }
  }
  return exists(
    qb
      .select({ one: sql`1` })
      .from(actorOrgRow)
      .leftJoin(actorProjectRow, and(eq(actorProjectRow.projectId, projectId), eq(actorProjectRow.userId, actorOrgRow.userId)))
      .where(and(eq(actorOrgRow.organizationId, orgId), eq(actorOrgRow.userId, userId), allowed.length ? or(...allowed) : sql`0`)),
  );
}

const pmOwner = alias(projectMembers, "pm_owner");

/**
 * The project role a newcomer gets, decided when the insert runs: `role`, unless the project has no owner, in which
 * case the newcomer becomes its owner. A project is left without owners only when its sole owner leaves the org and
 * nobody else is in it (members.ts promoteProjectHeirs); without this, adding a plain member to such a project (or
 * accepting an older invitation to it) would give it members but no owner, and no member able to manage it.
 */
export function projectRoleOnJoin(projectId: string, role: ProjectRole): SQL<ProjectRole> {
  const hasOwner = exists(qb.select({ one: sql`1` }).from(pmOwner).where(and(eq(pmOwner.projectId, projectId), eq(pmOwner.role, "owner"))));
  return sql<ProjectRole>`case when ${hasOwner} then ${role} else 'owner' end`;
}

/**
 * Like logActivity (./activity.ts), but written only when the statement just before it in the same batch changed a
 * row (SQLite's changes()), so a guarded write that did nothing leaves no log line. The actor's name is read from
 * their user row in the same statement.
 */
export function logActivityIfChanged(ctx: AppContext, entry: Omit<ActivityEntry, "actor"> & { actorId: string }) {
  return insertWhere(
    ctx,
    activityLog,
    {
      id: crypto.randomUUID(),
      orgId: entry.orgId,
      actorId: entry.actorId,
      actorName: sql`(select ${user.name} from ${user} where ${user.id} = ${entry.actorId})`,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      targetLabel: entry.target?.label ?? null,
      data: entry.data ? JSON.stringify(entry.data) : null,
      createdAt: new Date(),
    },
    sql`changes() > 0`,
  );
}

export interface ProjectAccess {
  membership: OrgMembership;
  project: Project;
  projectRole: ProjectRole | null;
}

/**
 * The caller's standing on a project from the rows of one batch: NOT_FOUND unless they are in the org, the project is
 * in that org, and they may see it (project member, or org admin/owner).
 */
export function toProjectAccess(userId: string, membershipRows: Parameters<typeof toMembership>[1], projectRows: ProjectRow[]): ProjectAccess {
  const membership = toMembership(userId, membershipRows);
  const row = projectRows[0];
  if (!row || !canProject(membership.role, row.role, "project.read")) throw new AppError("NOT_FOUND");
  return { membership, project: toProject(row), projectRole: row.role ?? null };
}

export function requireProjectPermission(access: ProjectAccess, action: ProjectAction): void {
  if (!canProject(access.membership.role, access.projectRole, action)) throw new AppError("FORBIDDEN");
}

export async function requireProjectAccess(ctx: AppContext, userId: string, orgId: string, projectId: string): Promise<ProjectAccess> {
  const [m, p] = await ctx.db.batch([membershipQuery(ctx, userId, { orgId }), projectRowQuery(ctx, userId, orgId, projectId)]);
  return toProjectAccess(userId, m, p);
}

export function projectRights(orgRole: OrgRole, projectRole: ProjectRole | null): ProjectRights {
  return {
    canEdit: canProject(orgRole, projectRole, "project.edit"),
    canManageMembers: canProject(orgRole, projectRole, "project.manageMembers"),
    canDelete: canProject(orgRole, projectRole, "project.delete"),
    canLeave: canProject(orgRole, projectRole, "project.leave"),
  };
}

// ---------------------------------------------------------------- read

/** Everything the project page shows, in one round trip. */
export async function getProjectOverview(ctx: AppContext, userId: string, orgId: string, projectId: string): Promise<ProjectOverview> {
  const [m, p, members] = await ctx.db.batch([
    membershipQuery(ctx, userId, { orgId }),
    projectRowQuery(ctx, userId, orgId, projectId),
    projectMembersQuery(ctx, orgId, projectId),
  ]);
  const access = toProjectAccess(userId, m, p);
  return {
    project: access.project,
    members: members.map(toProjectMember),
    rights: projectRights(access.membership.role, access.projectRole),
    orgRole: access.membership.role,
  };
}

// ---------------------------------------------------------------- write

/** Any org member may create a project; they become its owner. Project, owner membership and log: one batch. */
export async function createProject(ctx: AppContext, userId: string, orgId: string, input: unknown): Promise<Project> {
  const data = parse(createProjectInput, input);
  const membership = toMembership(userId, await membershipQuery(ctx, userId, { orgId }));
  if (!canOrg(membership.role, "project.create")) throw new AppError("FORBIDDEN");

  const id = crypto.randomUUID();
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  // Both inserts re-check org membership at write time: someone removed from the org a moment ago creates nothing.
  const stillMember = isOrgMember(ctx, orgId, userId);
  const [created] = await ctx.db.batch([
    insertWhere(
      ctx,
      projects,
      { id, name: data.name, description: data.description ?? null, orgId, createdBy: userId, createdAt: now, updatedAt: now },
      stillMember,
    ).returning({ id: projects.id }),
    insertWhere(ctx, projectMembers, { id: crypto.randomUUID(), projectId: id, userId, role: "owner", joinedAt: now }, stillMember),
    logActivityIfChanged(ctx, { orgId, actorId: userId, action: "project.created", target: { type: "project", id, label: data.name } }),
  ]);
  if (created.length === 0) throw new AppError("NOT_FOUND");
  const iso = now.toISOString();
  return { id, orgId, name: data.name, description: data.description ?? null, role: "owner", memberCount: 1, createdAt: iso, updatedAt: iso };
}

/** Rename and/or edit the description; any project member or org admin/owner. Bumps updatedAt. */
export async function updateProject(ctx: AppContext, userId: string, orgId: string, projectId: string, input: unknown): Promise<Project> {
  const data = parse(updateProjectInput, input);
  const access = await requireProjectAccess(ctx, userId, orgId, projectId);
  requireProjectPermission(access, "project.edit");

  const changes: { name?: string; description?: string | null } = {};
  if (data.name !== undefined && data.name !== access.project.name) changes.name = data.name;
  if (data.description !== undefined && data.description !== access.project.description) changes.description = data.description;
  if (Object.keys(changes).length === 0) return access.project;

  const [updated, , row] = await ctx.db.batch([
    ctx.db
      .update(projects)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(eq(projects.id, projectId), eq(projects.orgId, orgId), actorMayOnProject(orgId, projectId, userId, "project.edit")))
      .returning({ id: projects.id }),
    logActivityIfChanged(ctx, {
      orgId,
      actorId: userId,
      action: "project.updated",
      target: { type: "project", id: projectId, label: changes.name ?? access.project.name },
      data: { fields: Object.keys(changes), ...(changes.name ? { previousName: access.project.name } : {}) },
    }),
    projectRowQuery(ctx, userId, orgId, projectId),
  ]);
  if (updated.length === 0 || !row[0]) {
    // Deleted, or the caller lost access, between our read and our write: say which, as a fresh request would.
    requireProjectPermission(await requireProjectAccess(ctx, userId, orgId, projectId), "project.edit");
    throw new AppError("NOT_FOUND");
  }
  return toProject(row[0]);
}

/**
 * Deletes the project; project owners and org admins/owners. Its memberships and invitations go with it through the
 * foreign keys' ON DELETE CASCADE, in the same statement, so the one guarded DELETE decides everything.
 */
export async function deleteProject(ctx: AppContext, userId: string, orgId: string, projectId: string): Promise<void> {
  const access = await requireProjectAccess(ctx, userId, orgId, projectId);
  requireProjectPermission(access, "project.delete");
  const [deleted] = await ctx.db.batch([
    ctx.db
      .delete(projects)
      .where(and(eq(projects.id, projectId), eq(projects.orgId, orgId), actorMayOnProject(orgId, projectId, userId, "project.delete")))
      .returning({ id: projects.id }),
    logActivityIfChanged(ctx, { orgId, actorId: userId, action: "project.deleted", target: { type: "project", id: projectId, label: access.project.name } }),
  ]);
  if (deleted.length === 0) {
    // Already deleted (404), or the caller lost the right since our read: say which.
    requireProjectPermission(await requireProjectAccess(ctx, userId, orgId, projectId), "project.delete");
    throw new AppError("NOT_FOUND");
  }
}
