/** "/" and /orgs/new: pages whose data is only about the caller (where "/" sends them; their workspaces). */
import { homeOrgQuery } from "../domain/orgs";
import type { PageLoader } from "./page";

/** Where "/" sends a signed-in person: their active or last used workspace, else /orgs/new. */
export const homePage: PageLoader<Record<string, never>, string> = {
  name: "home",
  read: (ctx, { user, activeOrg }) => ({
    statements: [homeOrgQuery(ctx, user, activeOrg ?? null)],
    shape: (results) => () => {
      const slug = (results[0] as { slug: string }[])[0]?.slug;
      return slug ? `/orgs/${slug}` : "/orgs/new";
    },
  }),
};

/** A page that needs nothing beyond the session and the header's workspaces (/orgs/new, a page not found). */
export const viewerPage: PageLoader<Record<string, never>, null> = {
  name: "viewer",
  read: () => ({ statements: [], shape: () => () => null }),
};
