/**
 * Telling a workspace's open pages that a write committed (src/server/live/room.ts). Called once per write, after its
 * batch succeeded, from the write paths of the domain layer (src/server/writes/run.ts and the invitation answers).
 *
 * It runs in the background (waitUntil): the write's answer is not delayed, and a failure to reach the object only
 * costs freshness, which the next re-read on reconnect recovers. Without the LIVE binding (`npm run dev`, unit tests
 * that do not open sockets) there is nobody to tell.
 */
import { eq } from "drizzle-orm";
import { member } from "~/db/schema";
import type { AppContext } from "../context";
import type { LiveNote } from "../../lib/live-protocol";

export function publishLive(ctx: AppContext, orgId: string, note: LiveNote = {}): void {
  const live = ctx.live;
  if (!live) return;
  ctx.background(() => live.get(live.idFromName(orgId)).publish(note));
}

/** Sessions that ended (revoked, signed out) lose their sockets in every workspace their user belongs to. */
export function endLiveSessions(ctx: AppContext, orgIds: string[], sessionIds: string[]): void {
  const live = ctx.live;
  if (!live || !orgIds.length || !sessionIds.length) return;
  ctx.background(() => Promise.all(orgIds.map((orgId) => live.get(live.idFromName(orgId)).endSessions(sessionIds))));
}

/**
 * A session Better Auth ended (sign-out, "sign out the others", a password change or reset): its sockets end too. Its
 * workspaces are read in the background, after the answer, on these rare paths only.
 */
export function endLiveSessionOf(ctx: Pick<AppContext, "live" | "db" | "background">, userId: string, sessionId: string): void {
  const live = ctx.live;
  if (!live) return;
  ctx.background(async () => {
    const orgs = await ctx.db.select({ orgId: member.organizationId }).from(member).where(eq(member.userId, userId));
    await Promise.all(orgs.map(({ orgId }) => live.get(live.idFromName(orgId)).endSessions([sessionId])));
  });
}
