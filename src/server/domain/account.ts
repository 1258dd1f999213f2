/**
 * The account page's reads and writes. Sessions are read here rather than through Better Auth's GET
 * /api/auth/list-sessions for two reasons: that endpoint refuses sessions older than a day (SESSION_NOT_FRESH, its
 * default freshAge), which would break /account for anyone who stays signed in; and it hands every session's token to
 * the browser. Here the browser only sees ids; revoking looks the token up on the server and goes through Better Auth.
 */
import { isAPIError } from "better-auth/api";
import { and, desc, eq, gt, isNotNull } from "drizzle-orm";
import { account, session } from "~/db/schema";
import { sessionIdInput } from "~/lib/schemas";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { CurrentSession } from "../session";
import { parse } from "../validate";

export interface AccountSession {
  id: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: string;
  lastActiveAt: string;
  expiresAt: string;
  current: boolean;
}

export interface AccountPage {
  user: { id: string; name: string; email: string };
  /** False for people who only ever used email links: they set a password through "forgot password". */
  hasPassword: boolean;
  sessions: AccountSession[];
}

/** Everything /account shows, in one D1 round trip after the session. */
export async function getAccountPage(ctx: AppContext, current: CurrentSession): Promise<AccountPage> {
  const userId = current.user.id;
  const [sessions, passwords] = await ctx.db.batch([
    ctx.db
      .select({
        id: session.id,
        userAgent: session.userAgent,
        ipAddress: session.ipAddress,
        createdAt: session.createdAt,
        updatedAt: session.updatedAt,
        expiresAt: session.expiresAt,
      })
      .from(session)
      .where(and(eq(session.userId, userId), gt(session.expiresAt, new Date())))
      .orderBy(desc(session.updatedAt))
      .limit(100),
    ctx.db
      .select({ id: account.id })
      .from(account)
      .where(and(eq(account.userId, userId), eq(account.providerId, "credential"), isNotNull(account.password)))
      .limit(1),
  ]);
  const rows = sessions.map((s) => ({
    id: s.id,
    userAgent: s.userAgent,
    ipAddress: s.ipAddress,
    createdAt: s.createdAt.toISOString(),
    lastActiveAt: s.updatedAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    current: s.id === current.sessionId,
  }));
  // This device first, then the most recently active.
  rows.sort((a, b) => Number(b.current) - Number(a.current));
  return { user: { id: userId, name: current.user.name, email: current.user.email }, hasPassword: passwords.length > 0, sessions: rows };
}

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
