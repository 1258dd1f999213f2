/**
 * Projects of an org: list, read, and the overview page's data (the writes are in ./project-writes.ts).
 *
 * Who sees what (PRODUCT.md section 2): a plain org member sees the projects they belong to; org admins/owners see
 * every project of the org. Anyone else — another org member not in the project, or a user of another org — gets
 * NOT_FOUND, because they may not know the project exists.
 */
import { and, asc, count, desc, eq, inArray, notInArray, SQL, sql } from "drizzle-orm";
import { alias, QueryBuilder } from "drizzle-orm/sqlite-core";
import { member, organization, projectMembers, projects, user } from "~/db/schema";
import { canOrg, canProject, orgPermissions, type OrgRole, type ProjectAction, type ProjectRole } from "~/lib/permissions";
import { projectListQuery } from "~/lib/schemas";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { parse } from "../validate";
import { membershipQuery, toMembership, type OrgMembership } from "./access";
import { projectNameMatches } from "./search";

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

// ---------------------------------------------------------------- list

/** Opaque keyset cursor: the last row's (updatedAt seconds, id). */
function encodeCursor(p: ProjectRow): string {
  return btoa(JSON.stringify([Math.floor(p.updatedAt.getTime() / 1000), p.id])).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const v: unknown = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/")));
    if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === "string" && v[1].length <= 64) return [v[0], v[1]];
  } catch {
    /* falls through to the validation error */
  }
  throw AppError.validation({ cursor: "This page link is no longer valid. Start from the first page." });
}

/**
 * One page of the org's projects the caller may see, newest update first. One D1 round trip: the membership check and
 * both list variants run in one batch. Each variant is driven by the caller's own member row (a unique-index lookup of
 * at most one row) filtered by whether their org role manages all projects, so exactly one variant returns rows and the
 * other stops before touching a project. CROSS JOIN fixes that loop order: SQLite has no statistics here and would
 * otherwise be free to start from the projects.
 * - org admin/owner: walks projects_org_updated_idx (orgId, updatedAt, id) from the cursor and stops after `limit`
 *   rows; no sort, no OFFSET.
 * - plain member: starts from their own project_members rows (project_members_userId_idx) and sorts those, so its
 *   cost follows how many projects they belong to, not the size of the org.
 */
export async function listProjects(ctx: AppContext, userId: string, orgId: string, input: unknown): Promise<{ items: Project[]; nextCursor: string | null }> {
  return (await projectListBatch(ctx, userId, { orgId }, input)).page;
}

/** The project list page by the org's address: the org, the caller's role and the page in one round trip. */
export async function listProjectsBySlug(ctx: AppContext, userId: string, slug: string, input: unknown): Promise<ProjectListResult> {
  return projectListBatch(ctx, userId, { slug }, input);
}

export interface ProjectListResult {
  membership: OrgMembership;
  page: { items: Project[]; nextCursor: string | null };
  /** Projects matching the list's filters (search, "only mine"), for "1–50 of 61". */
  total: number;
  /** Up to MANAGERS_NAMED admins and owners, by name: who a plain member can ask to be added to a project. */
  managers: string[];
}

const MANAGERS_NAMED = 3;

/** The org's id as a value, or as a sub-select on its address so that statements needing it can share one batch. */
export function orgIdOf(where: { orgId: string } | { slug: string }): string | SQL {
  return "orgId" in where ? where.orgId : sql`(select ${organization.id} from ${organization} where ${organization.slug} = ${where.slug})`;
}

async function projectListBatch(ctx: AppContext, userId: string, where: { orgId: string } | { slug: string }, input: unknown): Promise<ProjectListResult> {
  const { q, limit, cursor, mine } = parse(projectListQuery, input);
  // By slug the org id comes from a sub-select, so the membership check and both list variants share one batch.
  const orgId = orgIdOf(where);
  const after = cursor ? decodeCursor(cursor) : null;

  const managers = [...orgPermissions["projects.manageAll"]];
  // "Only mine": everyone takes the own-projects variant, whatever their role.
  const callerIs = (manager: boolean) =>
    and(
      eq(member.organizationId, orgId),
      eq(member.userId, userId),
      manager ? (mine ? sql`0` : inArray(member.role, managers)) : mine ? undefined : notInArray(member.role, managers),
    );
  const filter = and(eq(projects.orgId, orgId), q ? projectNameMatches(projects.name, q) : undefined);
  const page = and(filter, after ? sql`(${projects.updatedAt}, ${projects.id}) < (${after[0]}, ${after[1]})` : undefined);
  const order = [desc(projects.updatedAt), desc(projects.id)];

  const [m, all, own, allCount, ownCount, managerRows] = await ctx.db.batch([
    membershipQuery(ctx, userId, where),
    ctx.db
      .select(projectFields())
      .from(member)
      .crossJoin(projects)
      .leftJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, userId)))
      .where(and(callerIs(true), page))
      .orderBy(...order)
      .limit(limit + 1),
    ctx.db
      .select(projectFields())
      .from(member)
      .crossJoin(projectMembers)
      .crossJoin(projects)
      .where(and(callerIs(false), eq(projectMembers.userId, userId), eq(projects.id, projectMembers.projectId), page))
      .orderBy(...order)
      .limit(limit + 1),
    // The totals follow the same two variants (and indexes): the org's projects, or the caller's own memberships.
    ctx.db.select({ n: count() }).from(member).crossJoin(projects).where(and(callerIs(true), filter)),
    ctx.db
      .select({ n: count() })
      .from(member)
      .crossJoin(projectMembers)
      .crossJoin(projects)
      .where(and(callerIs(false), eq(projectMembers.userId, userId), eq(projects.id, projectMembers.projectId), filter)),
    ctx.db
      .select({ name: user.name })
      .from(member)
      .innerJoin(user, eq(user.id, member.userId))
      .where(and(eq(member.organizationId, orgId), inArray(member.role, managers)))
      .orderBy(asc(member.sortName), asc(member.userId))
      .limit(MANAGERS_NAMED),
  ]);
  const membership = toMembership(userId, m);
  const seesAll = canOrg(membership.role, "projects.manageAll") && !mine;
  const rows = seesAll ? all : own;
  const items = rows.slice(0, limit);
  return {
    membership,
    page: { items: items.map(toProject), nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]!) : null },
    total: (seesAll ? allCount : ownCount)[0]?.n ?? 0,
    managers: managerRows.map((r) => r.name),
  };
}

// ---------------------------------------------------------------- read

export async function getProject(ctx: AppContext, userId: string, orgId: string, projectId: string): Promise<Project> {
  return (await requireProjectAccess(ctx, userId, orgId, projectId)).project;
}

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
