/**
 * Old workspace addresses: where a renamed org's previous slug leads (its writes are in ./org-writes.ts).
 */
import { and, eq, ne, type SQL } from "drizzle-orm";
import { member, organization, orgSlugHistory } from "~/db/schema";
import type { AppContext } from "../context";

// ---------------------------------------------------------------- Old slugs

/**
 * The current slug of the org that used to be at `oldSlug`, if `userId` is a member of it; otherwise no rows, so an
 * old address reveals nothing to outsiders. A query, to batch with a page's other reads.
 */
export function movedOrgSlugQuery(ctx: AppContext, userId: string | SQL, oldSlug: string) {
  return ctx.db
    .select({ slug: organization.slug })
    .from(orgSlugHistory)
    .innerJoin(organization, eq(organization.id, orgSlugHistory.orgId))
    .innerJoin(member, and(eq(member.organizationId, organization.id), eq(member.userId, userId)))
    .where(and(eq(orgSlugHistory.slug, oldSlug), ne(organization.slug, oldSlug)))
    .limit(1);
}

export async function findMovedOrgSlug(ctx: AppContext, userId: string, oldSlug: string): Promise<string | null> {
  const rows = await movedOrgSlugQuery(ctx, userId, oldSlug);
  return rows[0]?.slug ?? null;
}
