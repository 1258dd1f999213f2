/** Server function behind /orgs/<slug>/activity: the org's log, newest first, for admins and owners. */
import { parseTrail, positionParams, type PagePosition } from "~/lib/paging";
import { serverQuery } from "~/lib/query";
import { requireOrgMember } from "~/server/domain/access";
import type { ActivityItem } from "~/server/domain/activity";
import { getActivityPage, movedTo } from "~/server/domain/org-admin-pages";
import type { Org } from "~/server/domain/orgs";
import { AppError } from "~/server/errors";
import { withUser } from "~/server/rpc";
import type { MovedOrg } from "./members";

export type { ActivityItem };

export type ActivityPageData =
  | { kind: "missing" }
  | MovedOrg
  /** A member whose role may not read the log: the page says so and offers a way back. */
  | { kind: "forbidden"; org: Org }
  | {
      kind: "ok";
      org: Org;
      items: ActivityItem[];
      position: PagePosition;
      nextCursor: string | null;
      /** The filters in effect (empty when none). */
      actor: string;
      action: string;
      /** People to filter by: the first members by name. */
      people: { id: string; name: string; email: string }[];
      error: string | null;
    };

export interface ActivityParams {
  actor?: string;
  action?: string;
  pos?: PagePosition;
}

export function activityPath(slug: string, params: ActivityParams = {}): string {
  const qs = new URLSearchParams();
  if (params.actor) qs.set("actor", params.actor);
  if (params.action) qs.set("action", params.action);
  for (const [k, v] of Object.entries(params.pos ? positionParams(params.pos) : {})) if (v) qs.set(k, v);
  const s = qs.toString();
  return `/orgs/${slug}/activity${s ? `?${s}` : ""}`;
}

export const getActivityData = serverQuery(async (slug: string, cursor: string, actor = "", action = "", trail = ""): Promise<ActivityPageData> => {
  "use server";
  const position: PagePosition = { cursor, trail: cursor ? parseTrail(trail) : [] };
  return withUser(activityPath(slug, { actor, action, pos: position }), async ({ ctx, session }) => {
    const userId = session.user.id;
    try {
      try {
        const { org, activity, people } = await getActivityPage(ctx, userId, slug, {
          cursor: cursor || undefined,
          actor: actor || undefined,
          action: action || undefined,
        });
        return { kind: "ok" as const, org, ...activity, people, position, actor, action, error: null };
      } catch (err) {
        // A stale or garbled link (page or filter): show the newest entries and say why.
        if (!(err instanceof AppError) || err.code !== "VALIDATION_FAILED") throw err;
        const { org, activity, people } = await getActivityPage(ctx, userId, slug);
        const fields = (err.details?.fields ?? {}) as Record<string, string>;
        const message = fields.cursor ?? fields.action ?? (fields.actor ? "That person filter is not valid." : err.message);
        return { kind: "ok" as const, org, ...activity, people, position: { cursor: "", trail: [] }, actor: "", action: "", error: message };
      }
    } catch (err) {
      const moved = movedTo(err);
      if (moved) return { kind: "moved" as const, to: activityPath(moved, { actor, action, pos: position }) };
      if (err instanceof AppError && err.code === "NOT_FOUND") return { kind: "missing" as const };
      if (err instanceof AppError && err.code === "FORBIDDEN") {
        const m = await requireOrgMember(ctx, userId, { slug });
        return {
          kind: "forbidden" as const,
          org: { id: m.org.id, name: m.org.name, slug: m.org.slug, role: m.role, createdAt: m.org.createdAt.toISOString() },
        };
      }
      throw err;
    }
  });
}, "org-activity-page");
