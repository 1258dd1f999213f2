/** Server function behind /orgs/<slug>/activity: the org's log, newest first, for admins and owners. */
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
  | { kind: "ok"; org: Org; items: ActivityItem[]; cursor: string | null; nextCursor: string | null; error: string | null };

export function activityPath(slug: string, cursor?: string | null): string {
  return `/orgs/${slug}/activity${cursor ? `?${new URLSearchParams({ cursor })}` : ""}`;
}

export const getActivityData = serverQuery(async (slug: string, cursor: string): Promise<ActivityPageData> => {
  "use server";
  return withUser(activityPath(slug, cursor), async ({ ctx, session }) => {
    const userId = session.user.id;
    try {
      try {
        const { org, activity } = await getActivityPage(ctx, userId, slug, { cursor: cursor || undefined });
        return { kind: "ok" as const, org, ...activity, cursor: cursor || null, error: null };
      } catch (err) {
        // A stale or garbled "Older" link: show the newest entries and say why.
        if (!(err instanceof AppError) || err.code !== "VALIDATION_FAILED") throw err;
        const { org, activity } = await getActivityPage(ctx, userId, slug);
        const fields = (err.details?.fields ?? {}) as Record<string, string>;
        return { kind: "ok" as const, org, ...activity, cursor: null, error: fields.cursor ?? err.message };
      }
    } catch (err) {
      const moved = movedTo(err);
      if (moved) return { kind: "moved" as const, to: activityPath(moved, cursor) };
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
