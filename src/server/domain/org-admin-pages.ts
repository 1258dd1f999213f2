/**
 * What the org administration pages (/orgs/<slug>/members, /settings, /activity) show, each in ONE D1 round trip
 * (with the session read, a page stays within PRODUCT.md's budget of two). Each read also looks the slug up in the
 * slug history: when the person is a member of an org that used to live at this slug, NOT_FOUND carries
 * `details.movedTo` (the current slug) so the page can redirect instead of showing "not found".
 */
import { count, eq, sql } from "drizzle-orm";
import { member, organization, projects } from "~/db/schema";
import { canOrg } from "~/lib/permissions";
import { listQuery } from "~/lib/schemas";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { parse } from "../validate";
import { membershipQuery, requireOrgPermission, type OrgMembership } from "./access";
import { activityListInput, activityListQuery, toActivityPage, type ActivityItem } from "./activity";
import type { Page } from "./cursor";
import { pendingOrgInvitationsQuery, toOrgInvitationPage, type InvitationPage } from "./invitations";
import { membersCountQuery, membersListQuery, ownerCountQuery, toMembersPage, type Member } from "./members";
import { movedOrgSlugQuery } from "./org-settings";
import type { Org } from "./orgs";

/** The "moved" hint of a NOT_FOUND thrown by the page reads below, if any. */
export function movedTo(err: unknown): string | null {
  if (!(err instanceof AppError) || err.code !== "NOT_FOUND") return null;
  const slug = err.details?.movedTo;
  return typeof slug === "string" ? slug : null;
}

function membershipOrMoved(userId: string, rows: { org: OrgMembership["org"]; role: OrgMembership["role"] }[], moved: { slug: string }[]): OrgMembership {
  const row = rows[0];
  if (row) return { org: row.org, role: row.role, userId };
  throw new AppError("NOT_FOUND", undefined, moved[0] ? { movedTo: moved[0].slug } : undefined);
}

function toOrg(m: OrgMembership): Org {
  return { id: m.org.id, name: m.org.name, slug: m.org.slug, role: m.role, createdAt: m.org.createdAt.toISOString() };
}

/** /orgs/<slug>/members: the org, the caller's role and the first (or `cursor`) page of members, any member. */
/** The pending invitations shown on the members page (to admins and owners). */
const INVITATIONS_SHOWN = 100;

export async function getMembersPage(
  ctx: AppContext,
  userId: string,
  slug: string,
  query: unknown = {},
): Promise<{ org: Org; members: Page<Member> & { total: number }; ownerCount: number; invitations: InvitationPage | null }> {
  const { q, limit, cursor } = parse(listQuery, query);
  const orgIdOfSlug = sql`(select ${organization.id} from ${organization} where ${organization.slug} = ${slug})`;
  const [membership, rows, moved, pending, total, owners] = await ctx.db.batch([
    membershipQuery(ctx, userId, { slug }),
    membersListQuery(ctx, { slug }, { q, limit, cursor }),
    movedOrgSlugQuery(ctx, userId, slug),
    pendingOrgInvitationsQuery(ctx, orgIdOfSlug, INVITATIONS_SHOWN),
    membersCountQuery(ctx, { slug }, { q }),
    ownerCountQuery(ctx, { slug }),
  ]);
  const m = membershipOrMoved(userId, membership, moved);
  requireOrgPermission(m, "members.read");
  // Read in the same round trip, but only handed to those who may manage invitations.
  const invitations = canOrg(m.role, "invitations.manage") ? toOrgInvitationPage(pending, INVITATIONS_SHOWN) : null;
  return {
    org: toOrg(m),
    members: { ...toMembersPage(rows, limit), total: total[0]?.n ?? 0 },
    ownerCount: owners[0]?.n ?? 0,
    invitations,
  };
}

/** /orgs/<slug>/settings: the org with what deleting it would remove. Any member may open it; the page shows the
 * controls of their role (canOrg "org.update" / "org.delete"), and the server refuses the rest anyway. */
export async function getSettingsPage(ctx: AppContext, userId: string, slug: string): Promise<{ org: Org & { memberCount: number; projectCount: number; ownerCount: number } }> {
  const orgIdOfSlug = ctx.db.select({ id: organization.id }).from(organization).where(eq(organization.slug, slug));
  const [membership, members, projectRows, moved, owners] = await ctx.db.batch([
    membershipQuery(ctx, userId, { slug }),
    ctx.db.select({ n: count() }).from(member).where(eq(member.organizationId, orgIdOfSlug)),
    ctx.db.select({ n: count() }).from(projects).where(eq(projects.orgId, orgIdOfSlug)),
    movedOrgSlugQuery(ctx, userId, slug),
    ownerCountQuery(ctx, { slug }),
  ]);
  const m = membershipOrMoved(userId, membership, moved);
  requireOrgPermission(m, "org.read");
  return { org: { ...toOrg(m), memberCount: members[0]?.n ?? 0, projectCount: projectRows[0]?.n ?? 0, ownerCount: owners[0]?.n ?? 0 } };
}

/** How many members the activity page offers in its "person" filter (by name; the bounded first page of members). */
const PEOPLE_SHOWN = 100;

/**
 * /orgs/<slug>/activity: admins and owners (FORBIDDEN for members), filtered by person (`actor`) and kind of action
 * (`action`), with the people to filter by (the first members by name) in the same round trip.
 */
export async function getActivityPage(
  ctx: AppContext,
  userId: string,
  slug: string,
  query: unknown = {},
): Promise<{ org: Org; activity: Page<ActivityItem>; people: { id: string; name: string; email: string }[] }> {
  const { limit, cursor, actor, action } = parse(activityListInput, query);
  const [membership, rows, moved, people] = await ctx.db.batch([
    membershipQuery(ctx, userId, { slug }),
    activityListQuery(ctx, { slug }, { limit, cursor, actor, action }),
    movedOrgSlugQuery(ctx, userId, slug),
    membersListQuery(ctx, { slug }, { limit: PEOPLE_SHOWN - 1 }),
  ]);
  const m = membershipOrMoved(userId, membership, moved);
  requireOrgPermission(m, "activity.read");
  return { org: toOrg(m), activity: toActivityPage(rows, limit), people: people.map((p) => ({ id: p.userId, name: p.name, email: p.email })) };
}
