/** Server functions for who is signed in and their workspaces (the header). */
import { serverQuery } from "~/lib/query";
import { listUserOrgs, type Org } from "~/server/domain/orgs";
import { pageViewerOrgs, withRpc, withUser } from "~/server/rpc";
import type { SessionUser } from "~/server/session";

export interface Viewer {
  user: SessionUser;
  activeOrgId: string | null;
  orgs: Org[];
}

export const getViewer = serverQuery(async (): Promise<Viewer | null> => {
  "use server";
  return withRpc(async ({ ctx, session }) => {
    if (!session) return null;
    return { user: session.user, activeOrgId: session.activeOrgId, orgs: pageViewerOrgs() ?? (await listUserOrgs(ctx, session.user.id)) };
  });
}, "viewer");

/** The viewer for pages that need a signed-in person; others are sent to sign in and back to `returnTo`. */
export const requireViewer = serverQuery(async (returnTo: string): Promise<Viewer> => {
  "use server";
  return withUser(returnTo, async ({ ctx, session }) => ({
    user: session.user,
    activeOrgId: session.activeOrgId,
    orgs: pageViewerOrgs() ?? (await listUserOrgs(ctx, session.user.id)),
  }));
}, "require-viewer");
