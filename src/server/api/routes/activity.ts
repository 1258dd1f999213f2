/** The org's activity log, admins and owners: `{ items: [ActivityItem], nextCursor }`, newest first. */
import { listActivity } from "../../domain/activity";
import { json } from "../http";
import type { Route } from "../router";

export const activityRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/orgs/:orgId/activity",
    handler: async ({ ctx, session, params, query }) => json(await listActivity(ctx, (await session()).user.id, params.orgId!, query())),
  },
];
