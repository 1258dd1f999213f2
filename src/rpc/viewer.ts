/** Server functions for who is signed in and their workspaces (the header). */
import { serverQuery } from "~/lib/query";
import type { Org } from "~/server/domain/orgs";
import { viewerRead } from "~/server/rpc";
import type { SessionUser } from "~/server/session";

export interface Viewer {
  user: SessionUser;
  activeOrgId: string | null;
  orgs: Org[];
}

/** During a page's server render the middleware already read both (no trip); otherwise one round trip. */
export const getViewer = serverQuery(async (): Promise<Viewer | null> => {
  "use server";
  return viewerRead(null);
}, "viewer");

/** The viewer for pages that need a signed-in person; others are sent to sign in and back to `returnTo`. */
export const requireViewer = serverQuery(async (returnTo: string): Promise<Viewer> => {
  "use server";
  return (await viewerRead(returnTo))!;
}, "require-viewer");
