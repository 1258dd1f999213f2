/**
 * The project list (/orgs/<slug> and GET /api/orgs/<orgId>/projects): one page of the org's projects the caller may
 * see, with its total and, for a plain member's empty list, who to ask; one batch with the caller's membership.
 */
import { z } from "zod";
import { and, asc, count, desc, eq, inArray, notInArray, sql, type SQL } from "drizzle-orm";
import { member, projectMembers, projects, user } from "~/db/schema";
import { canOrg, orgPermissions } from "~/lib/permissions";
import { projectListQuery } from "~/lib/schemas";
import type { AppContext } from "../context";
import { membershipQuery, toMembership, type OrgMembership } from "../domain/access";
import { decodeCursor, encodeCursor } from "../domain/cursor";
import { projectNameMatches } from "../domain/search";
import { projectFields, toProject, type Project, type ProjectRow } from "../domain/projects";
import { parse } from "../validate";
import { orgIdOf, type MembershipRows } from "./org";
import { runRead, type Read } from "./page";

export interface ProjectListResult {
  membership: OrgMembership;
  page: { items: Project[]; nextCursor: string | null };
  /** Projects matching the list's filters (search, "only mine"), for "1–50 of 61". */
  total: number;
  /** Up to MANAGERS_NAMED admins and owners, by name: who a plain member can ask to be added to a project. */
  managers: string[];
}

const MANAGERS_NAMED = 3;

/** The keyset cursor of the list: the last row's (updatedAt seconds, id), in the one codec (../domain/cursor.ts). */
function cursorKey(p: ProjectRow): [number, string] {
  return [Math.floor(p.updatedAt.getTime() / 1000), p.id];
}

const projectCursor = z.tuple([z.number().int().safe(), z.string().max(64)]);

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
export function projectListRead(ctx: AppContext, userId: string | SQL, where: { orgId: string } | { slug: string }, input: unknown): Read<ProjectListResult> {
  const { q, limit, cursor, mine } = parse(projectListQuery, input);
  // By slug the org id comes from a sub-select, so the membership check and both list variants share one batch.
  const orgId = orgIdOf(where);
  const after = decodeCursor(cursor, projectCursor) ?? null;

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

  const statements = [
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
  ];
  const shape = (results: unknown[]): ProjectListResult => {
    const [m, all, own, allCount, ownCount, managerRows] = results as [MembershipRows, ProjectRow[], ProjectRow[], { n: number }[], { n: number }[], { name: string }[]];
    const membership = toMembership(typeof userId === "string" ? userId : "", m);
    const seesAll = canOrg(membership.role, "projects.manageAll") && !mine;
    const rows = seesAll ? all : own;
    const items = rows.slice(0, limit);
    return {
      membership,
      page: { items: items.map(toProject), nextCursor: rows.length > limit ? encodeCursor(cursorKey(items[items.length - 1]!)) : null },
      total: (seesAll ? allCount : ownCount)[0]?.n ?? 0,
      managers: managerRows.map((r) => r.name),
    };
  };
  return { statements, shape };
}


/** One page of the org's projects for a caller known by id (the JSON API). */
export async function listProjects(ctx: AppContext, userId: string, orgId: string, input: unknown): Promise<{ items: Project[]; nextCursor: string | null }> {
  return (await runRead(ctx, projectListRead(ctx, userId, { orgId }, input))).page;
}

/** The project list by the org's address: the org, the caller's role and the page in one round trip. */
export async function listProjectsBySlug(ctx: AppContext, userId: string, slug: string, input: unknown): Promise<ProjectListResult> {
  return runRead(ctx, projectListRead(ctx, userId, { slug }, input));
}
