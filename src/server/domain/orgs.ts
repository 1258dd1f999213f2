/** Workspaces: list, read, and where "/" should send someone (the writes are in ./org-writes.ts). */
import { asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { member, organization } from "~/db/schema";
import type { OrgRole } from "~/lib/permissions";
import type { AppContext } from "../context";

export interface Org {
  id: string;
  name: string;
  slug: string;
  role: OrgRole;
  /** Members without two-factor get 403 TWO_FACTOR_REQUIRED here. */
  requireTwoFactor: boolean;
  createdAt: string;
  /** The workspace's logo URL (/api/images/<key>), where it was read (the header's list of workspaces). */
  logo?: string | null;
}

export interface OrgDetail extends Org {
  memberCount: number;
  projectCount: number;
}

function toOrg(org: typeof organization.$inferSelect, role: OrgRole): Org {
  return { id: org.id, name: org.name, slug: org.slug, role, requireTwoFactor: org.requireTwoFactor, createdAt: org.createdAt.toISOString() };
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
  return rows.map((r) => ({ ...toOrg(r.org, r.role), logo: r.org.logo }));
}

/**
 * Where "/" goes: the session's active org if still a member, else the most recently used one, else none. Both ids
 * may be the session's sub-selects (src/server/session.ts), so the redirect shares the session's round trip.
 */
export function homeOrgQuery(ctx: AppContext, userId: string | SQL, activeOrgId: string | SQL | null) {
  return ctx.db
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
}

export async function homeOrgSlug(ctx: AppContext, userId: string, activeOrgId: string | null): Promise<string | null> {
  const rows = await homeOrgQuery(ctx, userId, activeOrgId);
  return rows[0]?.slug ?? null;
}
