/**
 * The account page's writes (its read is src/server/pages/account.ts). The browser only ever sees session ids;
 * revoking looks the token up on the server and goes through Better Auth.
 */
import { isAPIError } from "better-auth/api";
import { and, eq } from "drizzle-orm";
import { session } from "~/db/schema";
import { sessionIdInput } from "~/lib/schemas";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { CurrentSession } from "../session";
import { parse } from "../validate";

/**
 * Signs out one of the caller's other sessions (another browser or device); `headers` authenticate the caller.
 * Refuses with AUTH_REQUIRED (signed out), VALIDATION_FAILED (malformed id, or this very session) or NOT_FOUND.
 */
export async function revokeOwnSession(ctx: AppContext, current: CurrentSession | null, sessionId: unknown, headers: Headers): Promise<{ revoked: string }> {
  if (!current) throw new AppError("AUTH_REQUIRED");
  const { sessionId: id } = parse(sessionIdInput, { sessionId });
  // The owner check is in the WHERE: someone else's session id is simply not found.
  const [row] = await ctx.db
    .select({ token: session.token })
    .from(session)
    .where(and(eq(session.id, id), eq(session.userId, current.user.id)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "That session has already ended.");
  if (id === current.sessionId) throw AppError.validation({ sessionId: "Use “Sign out” in the account menu to end this session." });
  try {
    await ctx.auth.api.revokeSession({ headers, body: { token: row.token } });
  } catch (err) {
    // Better Auth re-reads the caller's session; if it ended since ours was read, that is "sign in again", not a bug.
    if (isAPIError(err) && err.statusCode === 401) throw new AppError("AUTH_REQUIRED");
    throw err;
  }
  return { revoked: id };
}
