/**
 * Who is calling: the Better Auth session, read fresh from D1 by us in ONE statement (session joined with its user), in
 * the same batch as whatever the request reads about its caller (`readWithSession`). It answers every cookie exactly as
 * Better Auth's GET /get-session does (same cookie names and attributes, taken from Better Auth; refresh after
 * updateAge unless "remember me" was off; expired or unknown sessions cleared), which tests/session-differential.test.ts
 * checks case by case. Refreshes and deletions are written in the background. Why: docs/adr/0007-one-trip-session-reader.md.
 */
import { getCookies } from "better-auth/cookies";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import { session as sessionTable, user as userTable } from "~/db/schema";
import type { AppContext } from "./context";
import { toOrgs, userOrgsQuery, type Org } from "./domain/orgs";
import { AppError } from "./errors";
import { currentScope } from "./request-scope";
import { keyLookup } from "./writes/idempotency";

export const SESSION_EXPIRES_IN_S = 60 * 60 * 24 * 30;
export const SESSION_UPDATE_AGE_S = 60 * 60 * 24;

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  username: string | null;
  persona: string | null;
  /** False until the first-run step (/welcome) is done: signed-in pages send the person there (src/middleware.ts). */
  profileCompleted: boolean;
  /** The avatar's URL (/api/images/<key>) or null: read with the session so the header shows it at no extra cost. */
  image: string | null;
  /** Site role (ADMIN_EMAILS, src/server/admin/sign-in-gate.ts): "admin" opens /admin; separate from org roles. */
  role: string;
}

export interface CurrentSession {
  user: SessionUser;
  sessionId: string;
  activeOrgId: string | null;
  /** This session began with a passkey: it counts as two factors. */
  passkeySignIn: boolean;
}

type AuthCookies = ReturnType<typeof getCookies>;
type AuthCookie = AuthCookies["sessionToken"];
type CookieAttributes = AuthCookie["attributes"];

const cookieConfigs = new WeakMap<AppContext, AuthCookies>();

/** Names and attributes computed by Better Auth itself from our config, so they cannot drift from its own cookies. */
function authCookies(ctx: AppContext): AuthCookies {
  let c = cookieConfigs.get(ctx);
  if (!c) {
    c = getCookies(ctx.auth.options);
    cookieConfigs.set(ctx, c);
  }
  return c;
}

/**
 * The Cookie header as Better Auth's router (better-call) reads it: the first cookie of a name wins, quotes are
 * stripped, values are percent-decoded when they decode.
 */
function parseCookieHeader(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  let index = 0;
  while (index < header.length) {
    const eqIdx = header.indexOf("=", index);
    if (eqIdx === -1) break;
    let endIdx = header.indexOf(";", index);
    if (endIdx === -1) endIdx = header.length;
    else if (endIdx < eqIdx) {
      index = header.lastIndexOf(";", eqIdx - 1) + 1;
      continue;
    }
    const key = header.slice(index, eqIdx).trim();
    if (!cookies.has(key)) {
      let val = header.slice(eqIdx + 1, endIdx).trim();
      if (val.codePointAt(0) === 34) val = val.slice(1, -1);
      try {
        val = val.includes("%") ? decodeURIComponent(val) : val;
      } catch {
        /* kept as sent, like better-call */
      }
      cookies.set(key, val);
    }
    index = endIdx + 1;
  }
  return cookies;
}

/** A Set-Cookie value written the way better-call writes it (same attribute order, same forced Secure). */
function serializeCookie(name: string, value: string, o: CookieAttributes): string {
  const lower = name.toLowerCase();
  const host = lower.startsWith("__host-");
  const secure = o.secure || host || lower.startsWith("__secure-") || o.partitioned === true || o.sameSite?.toLowerCase() === "none";
  let cookie = `${name}=${value}`;
  if (typeof o.maxAge === "number" && o.maxAge >= 0) cookie += `; Max-Age=${Math.floor(o.maxAge)}`;
  if (o.domain && !host) cookie += `; Domain=${o.domain}`;
  if (host || o.path) cookie += `; Path=${host ? "/" : o.path}`;
  if (o.expires) cookie += `; Expires=${o.expires.toUTCString()}`;
  if (o.httpOnly) cookie += "; HttpOnly";
  if (secure) cookie += "; Secure";
  if (o.sameSite) cookie += `; SameSite=${o.sameSite.charAt(0).toUpperCase()}${o.sameSite.slice(1)}`;
  if (o.partitioned) cookie += "; Partitioned";
  return cookie;
}

/** Set-Cookie values for this response, in Better Auth's order; expiring a cookie replaces what was set for it. */
class ResponseCookies {
  readonly list: string[] = [];
  add(name: string, value: string, attributes: CookieAttributes) {
    this.list.push(serializeCookie(name, value, attributes));
  }
  expire(cookie: AuthCookie) {
    const drop = (c: string) => c.startsWith(`${cookie.name}=`) || c.startsWith(`${cookie.name}.`);
    this.list.splice(0, this.list.length, ...this.list.filter((c) => !drop(c)));
    this.add(cookie.name, "", { ...cookie.attributes, maxAge: 0 });
  }
  /** Hands them to the response; a second read in the same request replaces the first one's cookies. */
  send() {
    const scope = currentScope();
    if (!scope || !this.list.length) return;
    const names = new Set(this.list.map((c) => c.slice(0, c.indexOf("="))));
    scope.setCookies = (scope.setCookies ?? []).filter((c) => !names.has(c.slice(0, c.indexOf("="))));
    scope.setCookies.push(...this.list);
  }
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

/** The signed value of a cookie (as better-call's getSignedCookie checks it), or null if absent or badly signed. */
async function verifiedValue(ctx: AppContext, value: string | undefined): Promise<{ value: string; signature: string } | null> {
  if (!value) return null;
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const signed = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith("=")) return null;
  try {
    const sig = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
    return (await crypto.subtle.verify("HMAC", await hmacKey(ctx), sig, new TextEncoder().encode(signed))) ? { value: signed, signature } : null;
  } catch {
    return null;
  }
}

/**
 * A signed cookie of Better Auth's by full name (say the twoFactor plugin's pending-sign-in cookie), as Better Auth
 * itself would read it: the value when present and signed with our secret, else null. No round trip.
 */
export async function readSignedCookie(ctx: AppContext, headers: Headers, name: string): Promise<string | null> {
  return (await verifiedValue(ctx, parseCookieHeader(headers.get("cookie") ?? "").get(name)))?.value ?? null;
}

/** Session-data (cookie cache) cookies in the request, whole or chunked: Better Auth clears them, the cache being off. */
function staleSessionData(cookies: Map<string, string>, name: string): string[] {
  return [...cookies.keys()].filter((n) => n === name || (n.startsWith(`${name}.`) && /^(0|[1-9]\d*)$/.test(n.slice(name.length + 1))));
}

function sessionQuery(ctx: AppContext, token: string) {
  return ctx.db
    .select({
      // Aliased: inside db.batch() D1 returns rows keyed by column name, and session.id and user.id would collide.
      sessionId: sql<string>`${sessionTable.id}`.as("sessionId"),
      expiresAt: sessionTable.expiresAt,
      activeOrgId: sessionTable.activeOrganizationId,
      passkeySignIn: sessionTable.passkeySignIn,
      user: {
        id: sql<string>`${userTable.id}`.as("userId"),
        name: userTable.name,
        email: userTable.email,
        emailVerified: userTable.emailVerified,
        twoFactorEnabled: userTable.twoFactorEnabled,
        username: userTable.username,
        persona: userTable.persona,
        profileCompletedAt: userTable.profileCompletedAt,
        image: userTable.image,
        role: userTable.role,
      },
    })
    .from(sessionTable)
    .innerJoin(userTable, eq(userTable.id, sessionTable.userId))
    // Expired rows are read too: Better Auth deletes them and clears their cookie, so we must tell them apart.
    // A banned person's sessions are deleted with the ban; one that slipped past it (a sign-in racing the ban) is
    // still no session.
    .where(and(eq(sessionTable.token, token), eq(userTable.banned, false)))
    .limit(1);
}

type SessionRow = Awaited<ReturnType<typeof sessionQuery>>[number];

interface SessionCookie {
  cookies: Map<string, string>;
  out: ResponseCookies;
  /** The signed token, or null when there is none worth a lookup. */
  token: { value: string; signature: string } | null;
}

async function readSessionCookie(ctx: AppContext, headers: Headers): Promise<SessionCookie> {
  const names = authCookies(ctx);
  const cookies = parseCookieHeader(headers.get("cookie") ?? "");
  const out = new ResponseCookies();
  const stale = staleSessionData(cookies, names.sessionData.name);
  // Better Auth clears them only when they hold something (an empty whole cookie and no chunks counts as none).
  if (stale.some((n) => n !== names.sessionData.name || cookies.get(n))) {
    for (const name of stale) out.add(name, "", { ...names.sessionData.attributes, maxAge: 0 });
  }
  return { cookies, out, token: await verifiedValue(ctx, cookies.get(names.sessionToken.name)) };
}

async function toCurrentSession(ctx: AppContext, found: SessionCookie, row: SessionRow | undefined, now: Date): Promise<CurrentSession | null> {
  const names = authCookies(ctx);
  const { out, token } = found;
  try {
    if (!row || row.expiresAt.getTime() < now.getTime()) {
      out.expire(names.sessionToken);
      out.expire(names.sessionData);
      for (const name of staleSessionData(found.cookies, names.sessionData.name)) out.add(name, "", { ...names.sessionData.attributes, maxAge: 0 });
      out.expire(names.dontRememberToken);
      if (row) ctx.background(() => ctx.db.delete(sessionTable).where(eq(sessionTable.token, token!.value)));
      return null;
    }
    const refreshDue = row.expiresAt.getTime() - SESSION_EXPIRES_IN_S * 1000 + SESSION_UPDATE_AGE_S * 1000 <= now.getTime();
    // "Remember me" off: never extended, so the session ends with the browser or after its one day, whichever is first.
    if (refreshDue && !(await verifiedValue(ctx, found.cookies.get(names.dontRememberToken.name)))) {
      const expiresAt = new Date(now.getTime() + SESSION_EXPIRES_IN_S * 1000);
      ctx.background(() => ctx.db.update(sessionTable).set({ expiresAt, updatedAt: now }).where(eq(sessionTable.token, token!.value)));
      out.add(names.sessionToken.name, encodeURIComponent(`${token!.value}.${token!.signature}`), { ...names.sessionToken.attributes, maxAge: SESSION_EXPIRES_IN_S });
    }
    // The workspace rule on two-factor reads it from the scope (docs/adr/0013-passkeys-count-as-two-factors.md).
    const scope = currentScope();
    if (scope) scope.passkeySignIn = row.passkeySignIn;
    const { profileCompletedAt, ...user } = row.user;
    return { user: { ...user, profileCompleted: profileCompletedAt !== null }, sessionId: row.sessionId, activeOrgId: row.activeOrgId, passkeySignIn: row.passkeySignIn };
  } finally {
    out.send();
  }
}

export async function getSession(ctx: AppContext, headers: Headers): Promise<CurrentSession | null> {
  const found = await readSessionCookie(ctx, headers);
  if (!found.token) {
    found.out.send();
    return null;
  }
  const [row] = await sessionQuery(ctx, found.token.value);
  return toCurrentSession(ctx, found, row, new Date());
}

/**
 * The SQL for "the user of this request's session token", for statements that share the session's batch: they name
 * the caller by sub-select, so the session and everything the request reads about its caller cost one round trip
 * (docs/adr/0007-one-trip-session-reader.md). An expired session still matches here; `readWithSession` answers null
 * for it, so nothing read this way is ever shown.
 */
export type UserOfToken = SQL;

function userOfTokenSql(token: string): UserOfToken {
  return sql`(select ${sessionTable.userId} from ${sessionTable} where ${sessionTable.token} = ${token})`;
}

/** The session's active org by the same token, for reads that rank it first ("/" opens it). */
export type ActiveOrgOfToken = SQL;

function activeOrgOfTokenSql(token: string): ActiveOrgOfToken {
  return sql`(select ${sessionTable.activeOrganizationId} from ${sessionTable} where ${sessionTable.token} = ${token})`;
}

type Statement = BatchItem<"sqlite">;

/**
 * The session and whatever `build` reads for its caller, in ONE round trip (one D1 batch): `build` gets the caller as
 * an SQL sub-select (UserOfToken) and returns the statements. Null when there is no live session; the results are then
 * never looked at.
 */
export async function readWithSession<T extends readonly Statement[]>(
  ctx: AppContext,
  headers: Headers,
  build: (user: UserOfToken, activeOrg: ActiveOrgOfToken) => T,
): Promise<{ session: CurrentSession; results: BatchResponse<[...T]> } | null> {
  const found = await readSessionCookie(ctx, headers);
  if (!found.token) {
    found.out.send();
    return null;
  }
  const user = userOfTokenSql(found.token.value);
  const statements = build(user, activeOrgOfTokenSql(found.token.value));
  // A request with an Idempotency-Key also looks its key up here: a retry's answer costs no round trip of its own.
  const key = keyLookup(ctx, user);
  const batch = [sessionQuery(ctx, found.token.value), ...statements, ...(key ? [key.query] : [])];
  const [rows, ...results] = (await ctx.db.batch(batch as [Statement, ...Statement[]])) as unknown as [SessionRow[], ...unknown[]];
  if (key) key.found(results.pop() as unknown[]);
  const session = await toCurrentSession(ctx, found, rows[0], new Date());
  return session ? { session, results: results as BatchResponse<[...T]> } : null;
}

/** The session and the person's workspaces (for the header) in one round trip. */
export async function getSessionWithOrgs(ctx: AppContext, headers: Headers): Promise<{ session: CurrentSession; orgs: Org[] } | null> {
  const read = await readWithSession(ctx, headers, (user) => [userOrgsQuery(ctx, user)] as const);
  return read ? { session: read.session, orgs: toOrgs(read.results[0]) } : null;
}

/**
 * Whether the request carries a validly signed session cookie, decided without a round trip (the signature is checked,
 * not the row). Without one, stale auth cookies are cleared as getSession would clear them.
 */
export async function hasSessionCookie(ctx: AppContext, headers: Headers): Promise<boolean> {
  const found = await readSessionCookie(ctx, headers);
  if (!found.token) found.out.send();
  return found.token !== null;
}

export async function requireSession(ctx: AppContext, headers: Headers): Promise<CurrentSession> {
  const s = await getSession(ctx, headers);
  if (!s) throw new AppError("AUTH_REQUIRED");
  return s;
}
