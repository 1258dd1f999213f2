/**
 * Who is calling: the Better Auth session, read fresh from D1 on every request in ONE round trip (session joined with
 * its user), so an authenticated read costs at most two (this + the data batch). Better Auth's own getSession takes
 * two trips; we verify its signed cookie the same way (HMAC-SHA256 of the token with BETTER_AUTH_SECRET).
 * Sessions are extended once a day of use, like Better Auth's updateAge, and the cookie is re-issued with them.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import { session as sessionTable, user as userTable } from "~/db/schema";
import type { AppContext } from "./context";
import { toOrgs, userOrgsQuery, type Org } from "./domain/orgs";
import { AppError } from "./errors";
import { currentScope } from "./request-scope";

export const SESSION_EXPIRES_IN_S = 60 * 60 * 24 * 30;
export const SESSION_UPDATE_AGE_S = 60 * 60 * 24;
const COOKIE = "better-auth.session_token";

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

function readCookie(header: string, secure: boolean): { name: string; value: string } | null {
  const names = secure ? [`__Secure-${COOKIE}`] : [COOKIE, `__Secure-${COOKIE}`];
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (names.includes(name)) return { name, value: part.slice(eq + 1).trim() };
  }
  return null;
}

const keys = new WeakMap<AppContext, Promise<CryptoKey>>();

function hmacKey(ctx: AppContext): Promise<CryptoKey> {
  let key = keys.get(ctx);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(ctx.env.authSecret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    keys.set(ctx, key);
  }
  return key;
}

/** The session token if the cookie carries a valid signature, else null. */
async function verifiedToken(ctx: AppContext, cookieValue: string): Promise<string | null> {
  let value: string;
  try {
    value = decodeURIComponent(cookieValue);
  } catch {
    return null;
  }
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith("=")) return null;
  let sig: Uint8Array<ArrayBuffer>;
  try {
    sig = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
  const ok = await crypto.subtle.verify("HMAC", await hmacKey(ctx), sig, new TextEncoder().encode(token));
  return ok ? token : null;
}

function sessionQuery(ctx: AppContext, token: string, now: Date) {
  return ctx.db
    .select({
      // Aliased: inside db.batch() D1 returns rows keyed by column name, and session.id and user.id would collide.
      sessionId: sql<string>`${sessionTable.id}`.as("sessionId"),
      expiresAt: sessionTable.expiresAt,
      activeOrgId: sessionTable.activeOrganizationId,
      user: { id: sql<string>`${userTable.id}`.as("userId"), name: userTable.name, email: userTable.email, emailVerified: userTable.emailVerified },
    })
    .from(sessionTable)
    .innerJoin(userTable, eq(userTable.id, sessionTable.userId))
    .where(and(eq(sessionTable.token, token), gt(sessionTable.expiresAt, now)))
    .limit(1);
}

type SessionRow = Awaited<ReturnType<typeof sessionQuery>>[number];

function toCurrentSession(ctx: AppContext, row: SessionRow | undefined, cookie: { name: string; value: string }, now: Date): CurrentSession | null {
  if (!row) return null;
  if (row.expiresAt.getTime() - SESSION_EXPIRES_IN_S * 1000 + SESSION_UPDATE_AGE_S * 1000 <= now.getTime()) {
    const expiresAt = new Date(now.getTime() + SESSION_EXPIRES_IN_S * 1000);
    ctx.background(ctx.db.update(sessionTable).set({ expiresAt, updatedAt: now }).where(eq(sessionTable.id, row.sessionId)));
    const secure = cookie.name.startsWith("__Secure-") ? "; Secure" : "";
    const scope = currentScope();
    if (scope) (scope.setCookies ??= []).push(`${cookie.name}=${cookie.value}; Max-Age=${SESSION_EXPIRES_IN_S}; Path=/; HttpOnly; SameSite=Lax${secure}`);
  }
  return { user: row.user, sessionId: row.sessionId, activeOrgId: row.activeOrgId };
}

async function sessionToken(ctx: AppContext, headers: Headers) {
  const cookie = readCookie(headers.get("cookie") ?? "", ctx.env.appUrl.startsWith("https://"));
  if (!cookie) return null;
  const token = await verifiedToken(ctx, cookie.value);
  return token ? { cookie, token } : null;
}

export async function getSession(ctx: AppContext, headers: Headers): Promise<CurrentSession | null> {
  const found = await sessionToken(ctx, headers);
  if (!found) return null;
  const now = new Date();
  const [row] = await sessionQuery(ctx, found.token, now);
  return toCurrentSession(ctx, row, found.cookie, now);
}

/**
 * The session and the person's workspaces (for the header) in one round trip: the org list is found through the
 * session token itself, so both statements can share one batch.
 */
export async function getSessionWithOrgs(ctx: AppContext, headers: Headers): Promise<{ session: CurrentSession; orgs: Org[] } | null> {
  const found = await sessionToken(ctx, headers);
  if (!found) return null;
  const now = new Date();
  const userOfToken = sql`(select ${sessionTable.userId} from ${sessionTable} where ${sessionTable.token} = ${found.token})`;
  const [rows, orgRows] = await ctx.db.batch([sessionQuery(ctx, found.token, now), userOrgsQuery(ctx, userOfToken)]);
  const session = toCurrentSession(ctx, rows[0], found.cookie, now);
  return session ? { session, orgs: toOrgs(orgRows) } : null;
}

export async function requireSession(ctx: AppContext, headers: Headers): Promise<CurrentSession> {
  const s = await getSession(ctx, headers);
  if (!s) throw new AppError("AUTH_REQUIRED");
  return s;
}
