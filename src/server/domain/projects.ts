/**
 * Projects of an org: list, read, and the overview page's data (the writes are in ./project-writes.ts).
 *
 * Who sees what (PRODUCT.md section 2): a plain org member sees the projects they belong to; org admins/owners see
 * every project of the org. Anyone else — another org member not in the project, or a user of another org — gets
 * NOT_FOUND, because they may not know the project exists.
 */
import { and, asc, count, eq, SQL, sql } from "drizzle-orm";
import { alias, QueryBuilder } from "drizzle-orm/sqlite-core";
import { projectMembers, projects, user } from "~/db/schema";
import { canProject, type OrgRole, type ProjectAction, type ProjectRole } from "~/lib/permissions";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { membershipQuery, toMembership, type OrgMembership } from "./access";

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
  username: string | null;
  email: string;
  role: ProjectRole;
  joinedAt: string;
  /** Their avatar's URL, or null for the initials. */
  image: string | null;
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
    .select({ userId: projectMembers.userId, name: user.name, username: user.username, email: user.email, image: user.image, role: projectMembers.role, joinedAt: projectMembers.joinedAt })
    .from(projectMembers)
    .innerJoin(projects, eq(projects.id, projectMembers.projectId))
    .innerJoin(user, eq(user.id, projectMembers.userId))
    .where(and(eq(projectMembers.projectId, projectId), eq(projects.orgId, orgId)))
    // Owners first, then by name: the order people scan a member list in.
    .orderBy(sql`case when ${projectMembers.role} = 'owner' then 0 else 1 end`, asc(sql`lower(${user.name})`), asc(projectMembers.userId));
}

export function toProjectMember(r: { userId: string; name: string; username: string | null; email: string; image?: string | null; role: ProjectRole; joinedAt: Date }): ProjectMember {
  return { ...r, image: r.image ?? null, joinedAt: r.joinedAt.toISOString() };
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
