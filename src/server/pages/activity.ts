/**
 * /orgs/<slug>/activity: the org's log, newest first, for admins and owners (FORBIDDEN for members), filtered by person
 * (`actor`) and kind of action (`action`), with the people to filter by (the first members by name), in one batch.
 */
import type { SQL } from "drizzle-orm";
import { activityPath } from "~/lib/page-paths";
import { parseTrail, type PagePosition } from "~/lib/paging";
import { keepActor } from "../actor";
import type { AppContext } from "../context";
import { membershipQuery, requireOrgPermission } from "../domain/access";
import { activityListInput, activityListQuery, toActivityPage, type ActivityItem } from "../domain/activity";
import type { Page } from "../domain/cursor";
import { membersListQuery } from "../domain/members";
import { movedOrgSlugQuery } from "../domain/org-settings";
import { parse } from "../validate";
import { isAppError, membershipOrMoved, movedTo, toOrg, type MembershipRows, type MovedOrg, type Org } from "./org";
import { runRead, type PageLoader, type Read } from "./page";

/** How many members the "person" filter offers (by name; the bounded first page of members). */
const PEOPLE_SHOWN = 100;

type Person = { id: string; name: string; email: string };

interface ActivityRead {
  org: Org;
  activity: Page<ActivityItem>;
  people: Person[];
}

/** Throws VALIDATION_FAILED while building (a garbled link); NOT_FOUND (maybe moved) or FORBIDDEN when shaped. */
export function activityRead(ctx: AppContext, user: string | SQL, slug: string, query: unknown = {}): Read<ActivityRead & { membership: MembershipRows[number] | undefined }> {
  const { limit, cursor, actor, action } = parse(activityListInput, query);
  return {
    statements: [
      membershipQuery(ctx, user, { slug }),
      activityListQuery(ctx, { slug }, { limit, cursor, actor, action }),
      movedOrgSlugQuery(ctx, user, slug),
      membersListQuery(ctx, { slug }, { limit: PEOPLE_SHOWN - 1 }),
    ],
    shape(results) {
      const [membership, rows, moved, people] = results as [
        MembershipRows,
        Parameters<typeof toActivityPage>[0],
        { slug: string }[],
        { userId: string; name: string; email: string }[],
      ];
      const m = membershipOrMoved(membership, moved);
      requireOrgPermission(m, "activity.read");
      return {
        org: toOrg(m),
        activity: toActivityPage(rows, limit),
        people: people.map((p) => ({ id: p.userId, name: p.name, email: p.email })),
        membership: membership[0],
      };
    },
  };
}

export async function getActivityPage(ctx: AppContext, userId: string, slug: string, query: unknown = {}): Promise<ActivityRead> {
  const { membership: _, ...page } = await runRead(ctx, activityRead(ctx, userId, slug, query));
  return page;
}

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
      people: Person[];
      error: string | null;
    };

export type ActivityParams = Parameters<typeof activityPath>[1];

export interface ActivityPageParams {
  slug: string;
  cursor: string;
  actor: string;
  action: string;
  trail: string;
}

export const activityPage: PageLoader<ActivityPageParams, ActivityPageData> = {
  name: "activity",
  read(ctx, { user }, p) {
    const position: PagePosition = { cursor: p.cursor, trail: p.cursor ? parseTrail(p.trail) : [] };
    let error: string | null = null;
    let read: ReturnType<typeof activityRead>;
    try {
      read = activityRead(ctx, user, p.slug, { cursor: p.cursor || undefined, actor: p.actor || undefined, action: p.action || undefined });
    } catch (err) {
      // A stale or garbled link (page or filter): show the newest entries and say why.
      if (!isAppError(err, "VALIDATION_FAILED")) throw err;
      const fields = (err.details?.fields ?? {}) as Record<string, string>;
      error = fields.cursor ?? fields.action ?? (fields.actor ? "That person filter is not valid." : err.message);
      read = activityRead(ctx, user, p.slug);
    }
    return {
      statements: read.statements,
      shape: (results) => (session) => {
        const [membership] = results as [MembershipRows];
        if (membership[0]) keepActor(session, membership[0]);
        try {
          const { org, activity, people } = read.shape(results);
          if (error) return { kind: "ok" as const, org, ...activity, people, position: { cursor: "", trail: [] }, actor: "", action: "", error };
          return { kind: "ok" as const, org, ...activity, people, position, actor: p.actor, action: p.action, error: null };
        } catch (err) {
          const moved = movedTo(err);
          if (moved) return { kind: "moved" as const, to: activityPath(moved, { actor: p.actor, action: p.action, pos: position }) };
          if (isAppError(err, "NOT_FOUND")) return { kind: "missing" as const };
          if (isAppError(err, "FORBIDDEN") && membership[0]) return { kind: "forbidden" as const, org: toOrg(membership[0]) };
          throw err;
        }
      },
    };
  },
};
