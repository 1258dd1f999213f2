/**
 * The org's activity log. `logActivity` returns an insert to put in the same db.batch() as the change it records,
 * so the log never says something happened that did not (or misses something that did).
 */
import { activityLog } from "~/db/schema";
import type { AppContext } from "../context";

export type ActivityAction =
  | "org.created"
  | "org.renamed"
  | "org.slug_changed"
  | "member.role_changed"
  | "member.removed"
  | "member.left"
  | "member.joined"
  | "invitation.created"
  | "invitation.updated"
  | "invitation.resent"
  | "invitation.cancelled"
  | "invitation.accepted"
  | "invitation.declined"
  | "project.created"
  | "project.updated"
  | "project.deleted"
  | "project.member_added"
  | "project.member_role_changed"
  | "project.member_removed"
  | "project.member_left";

export interface ActivityEntry {
  orgId: string;
  actor: { id: string; name: string };
  action: ActivityAction;
  target?: { type: "user" | "invitation" | "project" | "org"; id: string; label: string };
  data?: Record<string, unknown>;
}

export function logActivity(ctx: AppContext, entry: ActivityEntry) {
  return ctx.db.insert(activityLog).values({
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
  });
}
