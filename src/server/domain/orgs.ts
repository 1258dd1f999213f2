/** Workspaces: create, list, read, switch, and where "/" should send someone. */
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { member, organization, session } from "~/db/schema";
import type { OrgRole } from "~/lib/permissions";
import { createOrgInput, reservedSlugs, slugify } from "~/lib/schemas";
import type { AppContext } from "../context";
import { isUniqueViolation } from "../db";
import { AppError } from "../errors";
import { hit } from "../rate-limit";
import { parse } from "../validate";
import { requireOrgMember } from "./access";

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

async function slugIsFree(ctx: AppContext, slug: string): Promise<boolean> {
  const hit = await ctx.db.select({ id: organization.id }).from(organization).where(eq(organization.slug, slug)).limit(1);
  return hit.length === 0;
}

function randomSuffix(): string {
  return crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36).slice(0, 5);
}

/** Creates the org and the caller's owner membership in one batch; the caller lands on it as their active org. */
export async function createOrg(ctx: AppContext, userId: string, input: unknown, sessionId?: string): Promise<Org> {
  const data = parse(createOrgInput, input);
  // Counted before any write (a refused creation leaves no row), here so the API and the server function share it.
  await hit(ctx, "orgsCreatedPerUser", userId);
  const explicit = data.slug !== undefined;
  let slug = data.slug ?? (slugify(data.name) || "workspace");
  if (slug.length < 2) slug = `${slug}-org`;

  for (let attempt = 0; attempt < 5; attempt++) {
    if (!explicit && attempt > 0) slug = `${slugify(data.name).slice(0, 40) || "workspace"}-${randomSuffix()}`;
    // A name like "New" must not derive the address of a fixed route (/orgs/new); the schema only checks explicit slugs.
    if (!explicit && reservedSlugs.has(slug)) continue;
    if (!(await slugIsFree(ctx, slug))) {
      if (explicit) throw new AppError("SLUG_TAKEN", undefined, { fields: { slug: "That address is already taken. Try another one." } });
      continue;
    }
    const id = crypto.randomUUID();
    const now = new Date();
    try {
      await ctx.db.batch([
        ctx.db.insert(organization).values({ id, name: data.name, slug, createdAt: now }),
        ctx.db.insert(member).values({ id: crypto.randomUUID(), organizationId: id, userId, role: "owner", createdAt: now, lastActiveAt: now }),
        ...(sessionId ? [ctx.db.update(session).set({ activeOrganizationId: id }).where(eq(session.id, sessionId))] : []),
      ]);
      return { id, name: data.name, slug, role: "owner", createdAt: new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString() };
    } catch (err) {
      // Someone took the slug between our check and our write: the unique index decided.
      if (!isUniqueViolation(err, "organization.slug")) throw err;
      if (explicit) throw new AppError("SLUG_TAKEN", undefined, { fields: { slug: "That address is already taken. Try another one." } });
    }
  }
  throw new AppError("SLUG_TAKEN", "We could not find a free address for this name. Choose one yourself.", { fields: { slug: "Choose an address." } });
}

/** Records the org as the session's active org and as the member's most recent one. */
export async function setActiveOrg(ctx: AppContext, userId: string, sessionId: string, orgId: string): Promise<{ activeOrgId: string; slug: string }> {
  const m = await requireOrgMember(ctx, userId, { orgId });
  await ctx.db.batch([
    ctx.db.update(session).set({ activeOrganizationId: m.org.id }).where(and(eq(session.id, sessionId), eq(session.userId, userId))),
    ctx.db.update(member).set({ lastActiveAt: new Date() }).where(and(eq(member.organizationId, m.org.id), eq(member.userId, userId))),
  ]);
  return { activeOrgId: m.org.id, slug: m.org.slug };
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
