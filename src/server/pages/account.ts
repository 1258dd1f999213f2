/**
 * /account: the person's live sessions and whether they have a password, in the page's one batch. Sessions are read
 * here rather than through Better Auth's GET /api/auth/list-sessions for two reasons: that endpoint refuses sessions
 * older than a day (SESSION_NOT_FRESH, its default freshAge), which would break /account for anyone who stays signed
 * in; and it hands every session's token to the browser. Here the browser only sees ids.
 */
import { and, desc, eq, gt, isNotNull, type SQL } from "drizzle-orm";
import { account, passkey, session } from "~/db/schema";
import type { AppContext } from "../context";
import type { CurrentSession } from "../session";
import { runRead, type PageLoader, type Read } from "./page";

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
  user: { id: string; name: string; email: string; twoFactorEnabled: boolean; username: string | null; persona: string | null };
  /** False for people who only ever used email links: they set a password through "forgot password". */
  hasPassword: boolean;
  sessions: AccountSession[];
  /** The ways this person can sign in: "credential" (a password), "orcid", "google" (src/components/SignInMethods.tsx). */
  methods: { id: string; providerId: string }[];
  /** Passkeys registered, oldest first (src/components/PasskeySection.tsx). */
  passkeys: { id: string; name: string | null; createdAt: string }[];
}

type SessionRow = { id: string; userAgent: string | null; ipAddress: string | null; createdAt: Date; updatedAt: Date; expiresAt: Date };

export function accountRead(ctx: AppContext, user: string | SQL): Read<(current: CurrentSession) => AccountPage> {
  return {
    statements: [
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
        .where(and(eq(session.userId, user), gt(session.expiresAt, new Date())))
        .orderBy(desc(session.updatedAt))
        .limit(100),
      ctx.db
        .select({ id: account.id })
        .from(account)
        .where(and(eq(account.userId, user), eq(account.providerId, "credential"), isNotNull(account.password)))
        .limit(1),
      ctx.db.select({ id: account.id, providerId: account.providerId }).from(account).where(eq(account.userId, user)).orderBy(account.createdAt).limit(20),
      ctx.db.select({ id: passkey.id, name: passkey.name, createdAt: passkey.createdAt }).from(passkey).where(eq(passkey.userId, user)).orderBy(passkey.createdAt, passkey.id).limit(50),
    ],
    shape: (results) => (current) => {
      const [sessions, passwords, methods, passkeys] = results as [SessionRow[], { id: string }[], AccountPage["methods"], { id: string; name: string | null; createdAt: Date }[]];
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
      const { id, name, email, twoFactorEnabled, username, persona } = current.user;
      return { user: { id, name, email, twoFactorEnabled, username, persona }, hasPassword: passwords.length > 0, sessions: rows, methods, passkeys: passkeys.map((p) => ({ ...p, createdAt: p.createdAt.toISOString() })) };
    },
  };
}

/** Everything /account shows for a session already read, in one round trip. */
export async function getAccountPage(ctx: AppContext, current: CurrentSession): Promise<AccountPage> {
  return (await runRead(ctx, accountRead(ctx, current.user.id)))(current);
}

export const accountPage: PageLoader<Record<string, never>, AccountPage> = {
  name: "account",
  read: (ctx, { user }) => accountRead(ctx, user),
};
