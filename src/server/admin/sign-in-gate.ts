/**
 * The gate every sign-in passes: Better Auth creates a session for each method (password, magic link, the email
 * verification's automatic sign-in, ORCID and Google, a two-factor code, a passkey), so a hook on session creation
 * covers them all, now and for methods added later.
 * - A banned person gets no session: 403 ACCOUNT_BANNED with the reason and the end of the ban.
 * - A ban whose end has passed is lifted here, as Better Auth's admin plugin does.
 * - The site-admin role follows ADMIN_EMAILS at every sign-in: a verified listed address becomes "admin", an address
 *   taken off the list goes back to "user" (docs/adr/0015-site-administration.md).
 */
import { eq } from "drizzle-orm";
import { user } from "~/db/schema";
import type { AppContext } from "../context";
import { AppError } from "../errors";

type GateContext = Pick<AppContext, "db" | "env">;

export type SiteRole = "user" | "admin";

/** The role an account should have under the current ADMIN_EMAILS. */
export function siteRoleFor(env: GateContext["env"], email: string, emailVerified: boolean): SiteRole {
  return emailVerified && env.adminEmails.includes(email.toLowerCase()) ? "admin" : "user";
}

/** Whether a ban is in force at `now` (no end date: for good). */
export function banInForce(u: { banned: boolean; banExpires: Date | null }, now = new Date()): boolean {
  return u.banned && (!u.banExpires || u.banExpires.getTime() > now.getTime());
}

/** The refusal a banned person gets on every door, with the reason and the end date (null: no end). */
export function bannedError(reason: string | null, expires: Date | null): AppError {
  const until = expires ? ` until ${expires.toISOString().slice(0, 10)}` : "";
  const why = reason ? ` Reason: ${reason}` : "";
  return new AppError("ACCOUNT_BANNED", `This account has been suspended${until}.${why}`, {
    reason,
    expiresAt: expires ? expires.toISOString() : null,
  });
}

/** The endpoint context Better Auth hands its database hooks (null for calls outside an endpoint). */
type EndpointContext = { request?: Request; redirect?: (url: string) => unknown } | null | undefined;

/**
 * Runs before Better Auth writes a new session (databaseHooks.session.create.before). A link followed in the browser
 * (a magic link, a provider's callback: GET) is sent to /signin with the reason and date to show; an API call gets the
 * 403 itself.
 */
export async function beforeSessionCreate(ctx: GateContext, userId: string, endpoint?: EndpointContext): Promise<void> {
  try {
    await gate(ctx, userId);
  } catch (err) {
    if (err instanceof AppError && err.code === "ACCOUNT_BANNED" && endpoint?.request?.method === "GET" && endpoint.redirect) {
      const q = new URLSearchParams({ error: "ACCOUNT_BANNED", reason: String(err.details?.reason ?? ""), until: String(err.details?.expiresAt ?? "") });
      throw endpoint.redirect(`${ctx.env.appUrl}/signin?${q}`);
    }
    throw err;
  }
}

async function gate(ctx: GateContext, userId: string): Promise<void> {
  const [u] = await ctx.db
    .select({ email: user.email, emailVerified: user.emailVerified, role: user.role, banned: user.banned, banReason: user.banReason, banExpires: user.banExpires })
    .from(user)
    .where(eq(user.id, userId))
    .limit(1);
  if (!u) return;
  if (banInForce(u)) throw bannedError(u.banReason, u.banExpires);
  const role = siteRoleFor(ctx.env, u.email, u.emailVerified);
  if (u.banned || u.role !== role) {
    await ctx.db.update(user).set({ role, banned: false, banReason: null, banExpires: null, updatedAt: new Date() }).where(eq(user.id, userId));
  }
}
