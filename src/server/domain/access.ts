/**
 * Guards that resolve the caller's membership from the current rows. A caller who is not a member of the org gets
 * NOT_FOUND, so ids of other orgs reveal nothing; a member without the right gets FORBIDDEN.
 */
import { and, eq, type SQL } from "drizzle-orm";
import { member, organization } from "~/db/schema";
import { canOrg, type OrgAction, type OrgRole } from "~/lib/permissions";
import type { AppContext } from "../context";
import { AppError } from "../errors";

export interface OrgMembership {
  org: typeof organization.$inferSelect;
  role: OrgRole;
  userId: string;
}

/** `userId` may be the session sub-select (UserOfToken in src/server/session.ts), so the read can share its batch. */
export function membershipQuery(ctx: AppContext, userId: string | SQL, where: { orgId: string } | { slug: string }) {
  return ctx.db
    .select({ org: organization, role: member.role })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(and(eq(member.userId, userId), "orgId" in where ? eq(organization.id, where.orgId) : eq(organization.slug, where.slug)))
    .limit(1);
}

export function toMembership(userId: string, rows: { org: OrgMembership["org"]; role: OrgRole }[]): OrgMembership {
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND");
  return { org: row.org, role: row.role, userId };
}

export async function requireOrgMember(ctx: AppContext, userId: string, where: { orgId: string } | { slug: string }): Promise<OrgMembership> {
  return toMembership(userId, await membershipQuery(ctx, userId, where));
}

export function requireOrgPermission(m: OrgMembership, action: OrgAction): void {
  if (!canOrg(m.role, action)) throw new AppError("FORBIDDEN");
}
