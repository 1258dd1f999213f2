/** Who is calling: the Better Auth session, read fresh from D1 on every request. */
import type { AppContext } from "./context";
import { AppError } from "./errors";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
}

export interface CurrentSession {
  user: SessionUser;
  sessionId: string;
  activeOrgId: string | null;
}

export async function getSession(ctx: AppContext, headers: Headers): Promise<CurrentSession | null> {
  if (!headers.get("cookie")) return null;
  const found = await ctx.auth.api.getSession({ headers });
  if (!found) return null;
  const { user, session } = found;
  return {
    user: { id: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified },
    sessionId: session.id,
    activeOrgId: (session as { activeOrganizationId?: string | null }).activeOrganizationId ?? null,
  };
}

export async function requireSession(ctx: AppContext, headers: Headers): Promise<CurrentSession> {
  const s = await getSession(ctx, headers);
  if (!s) throw new AppError("AUTH_REQUIRED");
  return s;
}
