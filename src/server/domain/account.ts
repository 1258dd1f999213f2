/**
 * The account page's writes (its read is src/server/pages/account.ts). The browser only ever sees session ids; the
 * token never leaves the server.
 */
import { and, eq, exists, gt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { member, session } from "~/db/schema";
import { sessionIdInput } from "~/lib/schemas";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { endLiveSessions } from "../live/publish";
import { readWithSession } from "../session";
import { parse } from "../validate";

const caller = alias(session, "caller");

/**
 * Signs out one of the caller's other sessions (another browser or device); `headers` authenticate the caller.
 * Refuses with AUTH_REQUIRED (signed out), VALIDATION_FAILED (malformed id, or this very session) or NOT_FOUND.
 * One read batch (the caller's session and the target, owned by them) and one write: the row is deleted only while
 * the caller's own session still lives. With no cookie cache and no secondary storage, deleting the row is all that
 * Better Auth's revokeSession does, and every request reads the session from D1 (../session.ts), so it ends at once.
 */
export async function revokeOwnSession(ctx: AppContext, headers: Headers, sessionId: unknown): Promise<{ revoked: string }> {
  const input = sessionIdInput.safeParse({ sessionId });
  const id = input.success ? input.data.sessionId : "";
  const read = await readWithSession(ctx, headers, (user) => [
    ctx.db
      .select({ id: session.id })
      .from(session)
      .where(and(eq(session.id, id), eq(session.userId, user)))
      .limit(1),
    // The workspaces whose live sockets the ended session may hold (../live/publish.ts), read in the same trip.
    ctx.db.select({ orgId: member.organizationId }).from(member).where(eq(member.userId, user)),
  ] as const);
  if (!read) throw new AppError("AUTH_REQUIRED");
  if (!input.success) parse(sessionIdInput, { sessionId }); // throws the field's message
  if (!read.results[0][0]) throw new AppError("NOT_FOUND", "That session has already ended.");
  if (id === read.session.sessionId) throw AppError.validation({ sessionId: "Use “Sign out” in the account menu to end this session." });
  const callerLives = exists(
    ctx.db
      .select({ one: sql`1` })
      .from(caller)
      .where(and(eq(caller.id, read.session.sessionId), gt(caller.expiresAt, new Date()))),
  );
  const gone = await ctx.db
    .delete(session)
    .where(and(eq(session.id, id), eq(session.userId, read.session.user.id), callerLives))
    .returning({ id: session.id });
  if (!gone.length) {
    // Overtaken: the caller signed out meanwhile, or the other session ended on its own.
    throw (await readWithSession(ctx, headers, () => [])) ? new AppError("NOT_FOUND", "That session has already ended.") : new AppError("AUTH_REQUIRED");
  }
  endLiveSessions(ctx, read.results[1].map((m) => m.orgId), [id]);
  return { revoked: id };
}
