/**
 * The JSON API's reads (GET /api/...): the same statements as the pages, each with the session and the caller's
 * membership in ONE round trip (src/server/actor.ts resolveOrgActor with the data as extra statements). Ids and query
 * strings are checked before anything is read.
 */
import { count, eq } from "drizzle-orm";
import { member, projects } from "~/db/schema";
import { listQuery } from "~/lib/schemas";
import { keepActor, resolveOrgActor } from "../actor";
import type { AppContext } from "../context";
import { requireOrgPermission } from "../domain/access";
import { activityListInput, activityListQuery, toActivityPage, type ActivityItem } from "../domain/activity";
import type { Page } from "../domain/cursor";
import { membersListQuery, toMembersPage, type Member } from "../domain/members";
import { toOrgs, userOrgsQuery, type Org, type OrgDetail } from "../domain/orgs";
import { projectMembersQuery, projectRowQuery, toProjectAccess, toProjectMember, type Project, type ProjectMember } from "../domain/projects";
import { AppError } from "../errors";
import { readWithSession } from "../session";
import { parse, parseIds } from "../validate";
import { orgIdOf, toOrg, type MembershipRows } from "./org";
import { projectListRead } from "./project-list";

/** The caller's workspaces. */
export async function readUserOrgs(ctx: AppContext, headers: Headers): Promise<Org[]> {
  const read = await readWithSession(ctx, headers, (user) => [userOrgsQuery(ctx, user)] as const);
  if (!read) throw new AppError("AUTH_REQUIRED");
  return toOrgs(read.results[0]);
}

/** The org with its counts, for a member (by id from the API, by address from a page). */
export async function readOrgDetail(ctx: AppContext, headers: Headers, where: { orgId: string } | { slug: string }): Promise<OrgDetail> {
  const orgId = orgIdOf(where);
  const { actor, results } = await resolveOrgActor(ctx, headers, where, () => [
    ctx.db.select({ n: count() }).from(member).where(eq(member.organizationId, orgId)),
    ctx.db.select({ n: count() }).from(projects).where(eq(projects.orgId, orgId)),
  ] as const);
  const [members, projectRows] = results;
  return { ...toOrg(actor), memberCount: members[0]?.n ?? 0, projectCount: projectRows[0]?.n ?? 0 };
}

/** One page of the org's members; any member. */
export async function readOrgMembers(ctx: AppContext, headers: Headers, params: Record<string, string>, query: unknown): Promise<Page<Member>> {
  const { orgId } = parseIds(params, ["orgId"]);
  const { q, limit, cursor } = parse(listQuery, query);
  const { actor, results } = await resolveOrgActor(ctx, headers, { orgId }, () => [membersListQuery(ctx, { orgId }, { q, limit, cursor })] as const);
  requireOrgPermission(actor, "members.read");
  return toMembersPage(results[0], limit);
}

/** The org's activity, newest first; admins and owners (FORBIDDEN for members, NOT_FOUND for outsiders). */
export async function readActivity(ctx: AppContext, headers: Headers, params: Record<string, string>, query: unknown): Promise<Page<ActivityItem>> {
  const { orgId } = parseIds(params, ["orgId"]);
  const { limit, cursor, actor: by, action } = parse(activityListInput, query);
  const { actor, results } = await resolveOrgActor(ctx, headers, { orgId }, () => [activityListQuery(ctx, { orgId }, { limit, cursor, actor: by, action })] as const);
  requireOrgPermission(actor, "activity.read");
  return toActivityPage(results[0], limit);
}

/** One page of the org's projects the caller may see (the project list's own read, membership included). */
export async function readProjectList(ctx: AppContext, headers: Headers, orgId: string, query: unknown): Promise<{ items: Project[]; nextCursor: string | null }> {
  let shape: ((results: unknown[]) => ReturnType<ReturnType<typeof projectListRead>["shape"]>) | undefined;
  const read = await readWithSession(ctx, headers, (user) => {
    const list = projectListRead(ctx, user, { orgId }, query);
    shape = list.shape;
    return list.statements;
  });
  if (!read) throw new AppError("AUTH_REQUIRED");
  const [membership] = read.results as unknown as [MembershipRows];
  if (membership[0]) keepActor(read.session, membership[0]);
  return shape!(read.results as unknown[]).page;
}

/** A project the caller may see, and optionally its members. */
export async function readProject(ctx: AppContext, headers: Headers, orgId: string, projectId: string): Promise<Project> {
  const { actor, results } = await resolveOrgActor(ctx, headers, { orgId }, (user) => [projectRowQuery(ctx, user, orgId, projectId)] as const);
  return toProjectAccess(actor.userId, [actor], results[0]).project;
}

export async function readProjectMembers(ctx: AppContext, headers: Headers, orgId: string, projectId: string): Promise<ProjectMember[]> {
  const { actor, results } = await resolveOrgActor(ctx, headers, { orgId }, (user) => [
    projectRowQuery(ctx, user, orgId, projectId),
    projectMembersQuery(ctx, orgId, projectId),
  ] as const);
  toProjectAccess(actor.userId, [actor], results[0]);
  return results[1].map(toProjectMember);
}
