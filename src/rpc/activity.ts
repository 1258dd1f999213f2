/** Server function behind /orgs/<slug>/activity: the org's log, newest first, for admins and owners. */
import { parseTrail } from "~/lib/paging";
import { serverQuery } from "~/lib/query";
import type { ActivityItem } from "~/server/domain/activity";
import { activityPath } from "~/lib/page-paths";
import { activityPage, type ActivityPageData, type ActivityParams } from "~/server/pages/activity";
import { pageQuery } from "~/server/rpc";

export type { ActivityItem, ActivityPageData, ActivityParams };
export { activityPath };

export const getActivityData = serverQuery(async (slug: string, cursor: string, actor = "", action = "", trail = ""): Promise<ActivityPageData> => {
  "use server";
  const back = activityPath(slug, { actor, action, pos: { cursor, trail: cursor ? parseTrail(trail) : [] } });
  return pageQuery(activityPage, { slug, cursor, actor, action, trail }, back);
}, "org-activity-page");
