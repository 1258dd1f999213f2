/**
 * The org's activity log. `logActivity` returns an insert to put in the same db.batch() as the change it records,
 * so the log never says something happened that did not (or misses something that did). The readers below serve the
 * admin-only activity page and GET /api/orgs/:orgId/activity.
 */
import { and, desc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { activityLog, organization, user } from "~/db/schema";
import { idParam, listQuery } from "~/lib/schemas";
import type { AppContext } from "../context";
import { decodeCursor, toPage, type Page } from "./cursor";

export const activityActions = [
  "org.created",
  "org.renamed",
  "org.slug_changed",
  "org.two_factor_changed",
  "member.role_changed",
  "member.removed",
  "member.left",
  "member.joined",
  "member.account_deleted",
  "invitation.created",
  "invitation.updated",
  "invitation.resent",
  "invitation.cancelled",
  "invitation.accepted",
  "invitation.declined",
  "project.created",
  "project.updated",
  "project.deleted",
  "project.member_added",
  "project.member_role_changed",
  "project.member_removed",
  "project.member_left",
] as const;
export type ActivityAction = (typeof activityActions)[number];

export interface ActivityEntry {
  orgId: string;
  /** id null: someone without an account acted (a signed-out invitee declining from the link). */
  actor: { id: string | null; name: string };
  action: ActivityAction;
  target?: { type: "user" | "invitation" | "project" | "org"; id: string; label: string };
  data?: Record<string, unknown>;
}

/** The log row of an entry (a new id, now). */
export function activityRow(entry: ActivityEntry) {
  return {
    id: crypto.randomUUID(),
    orgId: entry.orgId,
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    targetLabel: entry.target?.label ?? null,
    data: entry.data ? JSON.stringify(entry.data) : null,
    createdAt: new Date(),
  };
}

/**
 * The insert of a log line, for the batch of a change that cannot be refused by then. A guarded write logs with
 * logActivityIf (src/server/writes/statements.ts), under its guard.
 */
export function logActivity(ctx: AppContext, entry: ActivityEntry) {
  return ctx.db.insert(activityLog).values(activityRow(entry));
}

// ---------------------------------------------------------------- Reading the log (admins and owners)

export interface ActivityItem {
  id: string;
  /** id is null when the actor's account was deleted since; the name is kept as it was. */
  actor: { id: string | null; name: string; image?: string | null };
  action: string;
  target: { type: string; id: string; label: string } | null;
  data: Record<string, unknown> | null;
  createdAt: string;
}

/** A log row with its actor's current avatar (null once the account is gone). */
type ActivityRow = typeof activityLog.$inferSelect & { actorImage?: string | null };
const activityCursor = z.tuple([z.number().int(), z.string().max(64)]);
/**
 * The page and its filters: `actor` (a person's user id) and `action` (one kind of action). Each filter has its own
 * index (activity_org_actor_idx, activity_org_action_idx: orgId, the filter, createdAt, id), so a filtered page still
 * reads only its own rows, newest first. Both at once walk the actor index and skip the other actions.
 */
export const activityListInput = listQuery.pick({ limit: true, cursor: true }).extend({
  actor: idParam.optional(),
  action: z.enum(activityActions, { error: "Choose one of the listed kinds of action." }).optional(),
});
export type ActivityFilter = { actor?: string; action?: ActivityAction };

function orgIdMatches(ctx: AppContext, ref: { orgId: string } | { slug: string }): SQL {
  return "orgId" in ref
    ? eq(activityLog.orgId, ref.orgId)
    : eq(activityLog.orgId, ctx.db.select({ id: organization.id }).from(organization).where(eq(organization.slug, ref.slug)));
}

/**
 * One page of the log, newest first, read backwards along activity_org_created_idx (orgId, createdAt, id): the cost is
 * the page size, whatever the size of the log. Export for pages that batch it with their other reads.
 */
export function activityListQuery(ctx: AppContext, ref: { orgId: string } | { slug: string }, opts: { limit: number; cursor?: string } & ActivityFilter) {
  const before = decodeCursor(opts.cursor, activityCursor);
  return ctx.db
    .select({ ...getTableColumns(activityLog), actorImage: user.image })
    .from(activityLog)
    // By primary key per row of the page: the page still costs its own size.
    .leftJoin(user, eq(user.id, activityLog.actorId))
    .where(
      and(
        orgIdMatches(ctx, ref),
        opts.actor ? eq(activityLog.actorId, opts.actor) : undefined,
        opts.action ? eq(activityLog.action, opts.action) : undefined,
        before ? sql`(${activityLog.createdAt}, ${activityLog.id}) < (${before[0]}, ${before[1]})` : undefined,
      ),
    )
    .orderBy(desc(activityLog.createdAt), desc(activityLog.id))
    .limit(opts.limit + 1);
}

function parseData(data: string | null): Record<string, unknown> | null {
  if (!data) return null;
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function toActivityItem(row: ActivityRow): ActivityItem {
  return {
    id: row.id,
    actor: { id: row.actorId, name: row.actorName, image: row.actorImage ?? null },
    action: row.action,
    target: row.targetType && row.targetId ? { type: row.targetType, id: row.targetId, label: row.targetLabel ?? "" } : null,
    data: parseData(row.data),
    createdAt: row.createdAt.toISOString(),
  };
}

export function toActivityPage(rows: ActivityRow[], limit: number): Page<ActivityItem> {
  return toPage(rows, limit, toActivityItem, (r) => [r.createdAt.getTime(), r.id]);
}

