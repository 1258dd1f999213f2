/** Workspaces: list, read, and where "/" should send someone (the writes are in ./org-writes.ts). */
import { asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import { member, organization, projects } from "~/db/schema";
import type { OrgRole } from "~/lib/permissions";
import type { AppContext } from "../context";
import { membershipQuery, toMembership } from "./access";

export interface Org {
  id: string;
  name: string;
  slug: string;
  role: OrgRole;
  createdAt: string;
}

export interface OrgDetail extends Org {
  memberCount: number;
  projectCount: number;
}

function toOrg(org: typeof organization.$inferSelect, role: OrgRole): Org {
  return { id: org.id, name: org.name, slug: org.slug, role, createdAt: org.createdAt.toISOString() };
}

/** The orgs of a user, by id or by an SQL expression yielding it (the session lookup batches this by token). */
export function userOrgsQuery(ctx: AppContext, userId: string | SQL) {
  return ctx.db
    .select({ org: organization, role: member.role })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(eq(member.userId, userId))
    .orderBy(asc(sql`lower(${organization.name})`), asc(organization.id));
}

export function toOrgs(rows: { org: typeof organization.$inferSelect; role: OrgRole }[]): Org[] {
  return rows.map((r) => toOrg(r.org, r.role));
}

export async function listUserOrgs(ctx: AppContext, userId: string): Promise<Org[]> {
  return toOrgs(await userOrgsQuery(ctx, userId));
}

/** The org with counts, for a member; one round trip. */
export async function getOrgDetail(ctx: AppContext, userId: string, where: { orgId: string } | { slug: string }): Promise<OrgDetail> {
  const [rows, members, projectRows] = await ctx.db.batch([
    membershipQuery(ctx, userId, where),
    ctx.db
      .select({ n: count() })
      .from(member)
      .innerJoin(organization, eq(organization.id, member.organizationId))
      .where("orgId" in where ? eq(organization.id, where.orgId) : eq(organization.slug, where.slug)),
    ctx.db
      .select({ n: count() })
      .from(projects)
      .innerJoin(organization, eq(organization.id, projects.orgId))
      .where("orgId" in where ? eq(organization.id, where.orgId) : eq(organization.slug, where.slug)),
  ]);
  const m = toMembership(userId, rows);
  return { ...toOrg(m.org, m.role), memberCount: members[0]?.n ?? 0, projectCount: projectRows[0]?.n ?? 0 };
}

/** Where "/" goes: the session's active org if still a member, else the most recently used one, else none. */
export async function homeOrgSlug(ctx: AppContext, userId: string, activeOrgId: string | null): Promise<string | null> {
  const rows = await ctx.db
    .select({ slug: organization.slug })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(eq(member.userId, userId))
    .orderBy(
      // No constant term when there is no active org: SQLite reads `order by 0` as a (missing) column position.
      ...(activeOrgId ? [desc(sql`${organization.id} = ${activeOrgId}`)] : []),
      sql`${member.lastActiveAt} is null`,
      desc(member.lastActiveAt),
      desc(member.createdAt),
    )
    .limit(1);
  return rows[0]?.slug ?? null;
}
