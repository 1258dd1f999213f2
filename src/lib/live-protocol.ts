/** What travels between the workspace's Durable Object and an open page: safe on both sides, and nothing more. */

/** The only messages: the object's "changed" (re-read what you show), and a page's keep-alive and its answer. */
export const LIVE_MESSAGE = { changed: "changed", ping: "ping", pong: "pong" } as const;

/** Close codes (4000-4999 are the application's) that tell a page why its socket ended and not to reconnect. */
export const LIVE_CLOSE = { removed: 4001, signedOut: 4003, workspaceGone: 4004 } as const;

/** What a committed write tells the workspace's object: whom it removed, or that the workspace is gone. */
export interface LiveNote {
  cut?: string[];
  ended?: boolean;
}

/** The connect endpoint of a workspace (src/server/live/connect.ts). */
export const livePath = (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}/live`;
