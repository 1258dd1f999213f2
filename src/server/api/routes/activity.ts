/** The org's activity log, admins and owners: `{ items: [ActivityItem], nextCursor }`, newest first. */
import { readActivity } from "../../pages/api-reads";
import { json } from "../http";
import type { Route } from "../router";
import { ActivityPageSchema } from "~/lib/api-schemas";
import { activityListInput } from "../../domain/activity";

export const activityRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/orgs/:orgId/activity",
    summary: "Who did what, when, newest first (admin or owner)",
    query: activityListInput,
    response: ActivityPageSchema,
    errors: ["FORBIDDEN"],
    handler: async ({ ctx, request, params, query }) => json(await readActivity(ctx, request.headers, params, query())),
  },
];
