/**
 * Rate limits kept in D1 (table rate_limit), so they hold across isolates and restarts: a fixed window per key, each
 * hit ONE upsert that returns the count, exact under concurrency. Limits per rule below, scaled by
 * RATE_LIMIT_MULTIPLIER (never below 1) and overridden by RATE_LIMITS. Why this design: docs/adr/0010-rate-limits-in-d1.md.
 */
import { and, inArray, lt, sql, type SQL } from "drizzle-orm";
import { rateLimit } from "~/db/schema";
import type { AppContext } from "./context";
import { insertWhere } from "./writes/statements";
import { AppError } from "./errors";
import { currentScope } from "./request-scope";

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The limits, sized for a lab: fifty researchers behind one university address (one NAT) signing up, verifying and
 * accepting invitations on the same morning must pass, so per-address limits are generous and only stop floods and
 * password spraying; per-account limits are tight, so guessing one account's password stops after 10 tries per
 * 15 minutes (40 an hour, under 1,000 a day).
 */
export const defaultRateLimits = {
  /** Password sign-in per account: the guard against guessing one person's password. */
  signInPerEmail: { limit: 10, windowSeconds: 15 * MINUTE },
  /** Password sign-in per address: 50 people x 4 tries each; stops spraying many accounts from one address. */
  signInPerAddress: { limit: 200, windowSeconds: 15 * MINUTE },
  /** Sign-up: a few tries per address typed in, and 50 sign-ups plus typos and retries per client address. */
  signUpPerEmail: { limit: 5, windowSeconds: HOUR },
  signUpPerAddress: { limit: 150, windowSeconds: HOUR },
  /** Emails to one address (reset, magic link, verification): a handful an hour, never an inbox flood. */
  passwordResetPerEmail: { limit: 5, windowSeconds: HOUR },
  passwordResetPerAddress: { limit: 100, windowSeconds: HOUR },
  magicLinkPerEmail: { limit: 5, windowSeconds: HOUR },
  magicLinkPerAddress: { limit: 150, windowSeconds: HOUR },
  verificationEmailPerEmail: { limit: 5, windowSeconds: HOUR },
  verificationEmailPerAddress: { limit: 150, windowSeconds: HOUR },
  /** Invitations sent (created or resent, org and project) per org: a whole department in one sitting passes. */
  invitationsPerOrg: { limit: 200, windowSeconds: HOUR },
  /** Workspaces created per person: nobody sets up more than a few a day; stops one account filling the table. */
  orgsCreatedPerUser: { limit: 10, windowSeconds: DAY },
  /**
   * Invitation links opened, accepted or declined per address. Tokens are 256-bit random, so this is not about
   * guessing; it caps scraping and hammering while 50 people x (open, sign up, open again, accept) pass.
   */
  invitationTokenPerAddress: { limit: 300, windowSeconds: 10 * MINUTE },
  /**
   * Invitation emails (created or resent, org and project) per sender across all their workspaces: the busiest lab
   * admin sends a few dozen in an hour; an account sending from many workspaces at once is stopped at 100.
   */
  invitationEmailsPerSender: { limit: 100, windowSeconds: HOUR },
  /**
   * Invitations to one address per day from workspaces it is not a member of: a newcomer invited to a workspace and a
   * few of its projects, with a resend or two, passes; nobody's inbox is flooded by strangers.
   */
  outsideInvitationsPerEmail: { limit: 10, windowSeconds: 24 * HOUR },
  /** Password checks of deleting one's account, per account: as tight as sign-in, so it cannot be used to guess. */
  accountDeletionPerAccount: { limit: 10, windowSeconds: 15 * MINUTE },
  /**
   * Two-factor codes (authenticator or backup) and the password checks of enrolling, disabling and new backup codes,
   * per account: as tight as passwords, so a million codes cannot be walked through. Per address as for sign-in.
   */
  twoFactorPerAccount: { limit: 10, windowSeconds: 15 * MINUTE },
  twoFactorPerAddress: { limit: 200, windowSeconds: 15 * MINUTE },
  /**
   * Sign-ins and links started with ORCID or Google, per client address: each start stores a state row until its
   * callback. 50 people with a retry or two pass; a script starting thousands to fill the table is stopped.
   */
  providerSignInPerAddress: { limit: 150, windowSeconds: 15 * MINUTE },
  /**
   * Avatars and workspace logos uploaded per person (each writes an object to R2): trying a few pictures passes; a
   * script filling the bucket is stopped.
   */
  imageUploadsPerUser: { limit: 30, windowSeconds: HOUR },
  /** Site-admin actions (ban, unban, ownership transfer) per admin: a busy clean-up passes; a stolen session is slowed. */
  adminActionsPerAdmin: { limit: 100, windowSeconds: HOUR },
  /**
   * Passkey ceremonies (options and answers, sign-in and registration) per client address, as for password sign-in:
   * each options request stores a challenge row, and a passkey cannot be guessed, so only floods need stopping.
   */
  passkeyPerAddress: { limit: 200, windowSeconds: 15 * MINUTE },
} satisfies Record<string, RateLimitRule>;

export type RateLimitName = keyof typeof defaultRateLimits;
export type RateLimits = Record<RateLimitName, RateLimitRule>;
export type RateLimitOverrides = Partial<Record<RateLimitName, Partial<RateLimitRule>>>;

export const rateLimitNames = Object.keys(defaultRateLimits) as RateLimitName[];

/** The effective table: overrides first, then the multiplier on every limit (at least 1: the limiter stays on). */
export function resolveRateLimits(multiplier = 1, overrides: RateLimitOverrides = {}): RateLimits {
  const out = {} as RateLimits;
  for (const name of rateLimitNames) {
    const rule = { ...defaultRateLimits[name], ...overrides[name] };
    out[name] = { limit: Math.max(1, Math.round(rule.limit * multiplier)), windowSeconds: rule.windowSeconds };
  }
  return out;
}

type LimiterContext = Pick<AppContext, "env" | "db" | "background">;

/** Counts one hit of `key` under `rule`; throws RATE_LIMITED (429 with Retry-After) once the window is full. */
export async function hit(ctx: LimiterContext, rule: RateLimitName, key: string): Promise<void> {
  await hitAll(ctx, [[rule, key]]);
}

/**
 * Several hits (say per account and per address) in one D1 round trip. Each is still its own atomic statement, and
 * each is counted even when another one is over its limit, so the per-address count sees every attempt.
 */
export async function hitAll(ctx: LimiterContext, hits: Hit[]): Promise<void> {
  if (!hits.length) return;
  const { queries, check } = await prepareHits(ctx, hits);
  const [first, ...rest] = queries;
  check(await ctx.db.batch([first!, ...rest]));
}

/**
 * A rule and key, and optionally a condition: the hit counts only if it holds as the statement runs. The key may be a
 * sub-select (the session's user, for a hit in the session's own batch); it then counts only where it is not null.
 */
export type Hit = [RateLimitName, string | SQL] | [RateLimitName, string | SQL, SQL];

type CounterRows = { count: number; windowStart: Date }[];

/**
 * One hit, ready to ride along in the caller's own db.batch() (so a page keeps its D1 round-trip budget): put
 * `query` in the batch, then pass its rows to `check`, which throws RATE_LIMITED when over the limit. With `onlyIf`,
 * nothing is counted (and `check` passes) unless the condition holds when the statement runs.
 */
export interface PreparedHit {
  query: ReturnType<typeof upsert>;
  rule: RateLimitRule;
  now: number;
  check(rows: CounterRows): void;
}

export async function prepareHit(ctx: LimiterContext, name: RateLimitName, key: string | SQL, onlyIf?: SQL): Promise<PreparedHit> {
  return hitStatement(ctx, name, typeof key === "string" ? await hitKey(name, key) : key, onlyIf);
}

/** The stored form of a key (long ones hashed), computed before a batch is built so that hitStatement stays synchronous. */
export function hitKey(name: RateLimitName, key: string): Promise<string> {
  return storageKey(name, key);
}

/**
 * One hit as a statement, built synchronously (say inside the session's batch builder) from a key stored by hitKey or
 * from a sub-select (the session's user), which then counts only where it is not null.
 */
export function hitStatement(ctx: LimiterContext, name: RateLimitName, key: string | SQL, onlyIf?: SQL): PreparedHit {
  const stored = typeof key === "string" ? key : sql<string>`${`${name}:`} || ${key}`;
  return ruleStatement(ctx, ctx.env.rateLimits[name], stored, typeof key === "string" ? onlyIf : and(sql`${key} is not null`, onlyIf));
}

/**
 * A claim that holds once per window, never scaled (a second use of a one-time code is refused at any multiplier):
 * `check` throws RATE_LIMITED on the second hit of `key` within `windowSeconds`. Null keys claim nothing.
 */
export function onceStatement(ctx: LimiterContext, key: SQL, windowSeconds: number): PreparedHit {
  return ruleStatement(ctx, { limit: 1, windowSeconds }, key, sql`${key} is not null`);
}

function ruleStatement(ctx: LimiterContext, rule: RateLimitRule, stored: string | SQL, condition?: SQL): PreparedHit {
  const now = Date.now();
  const query = upsert(ctx, rule, stored, now, condition);
  const prepared: PreparedHit = { query, rule, now, check: (rows) => settle(ctx, [[prepared, rows]]) };
  return prepared;
}

/**
 * Several hits to ride along in the caller's batch: put `queries` in it in this order, then pass their rows to
 * `check`, which settles them together (every hit counted, the longest wait wins).
 */
export async function prepareHits(ctx: LimiterContext, hits: Hit[]) {
  return settleTogether(ctx, await Promise.all(hits.map(([name, key, onlyIf]) => prepareHit(ctx, name, key, onlyIf))));
}

/** Prepared hits as one set: their statements, and one check of their rows. */
export function settleTogether(ctx: LimiterContext, prepared: PreparedHit[]) {
  return {
    queries: prepared.map((p) => p.query),
    check: (rows: CounterRows[]) => settle(ctx, prepared.map((p, i) => [p, rows[i] ?? []])),
  };
}

/** Turns counts into a verdict: the longest wait among the hits over their limit, or nothing. */
function settle(ctx: LimiterContext, outcomes: [PreparedHit, CounterRows][]): void {
  let retryAfter = 0;
  let openedWindow = false;
  for (const [{ rule, now }, rows] of outcomes) {
    const row = rows[0];
    if (!row) continue;
    if (row.count === 1) openedWindow = true;
    if (row.count > rule.limit) {
      const resetAt = row.windowStart.getTime() + rule.windowSeconds * 1000;
      retryAfter = Math.max(retryAfter, Math.max(1, Math.ceil((resetAt - now) / 1000)));
    }
  }
  // A new window usually means a new row: the moment to remove a few dead ones, after the response.
  if (openedWindow) ctx.background(() => deleteExpired(ctx));
  if (retryAfter) throw new AppError("RATE_LIMITED", tooManyMessage(retryAfter), { retryAfterSeconds: retryAfter }, retryAfter);
}

/**
 * Open a window or add one to it, in one statement; returns the count and window after this hit (no row when
 * `onlyIf` did not hold: then nothing was inserted, so nothing conflicted and nothing was updated either).
 */
function upsert(ctx: LimiterContext, rule: RateLimitRule, key: string | SQL, now: number, onlyIf?: SQL) {
  const expired = sql`${rateLimit.windowStart} <= ${now - rule.windowSeconds * 1000}`;
  const row = { key, count: 1, windowStart: new Date(now) };
  return (onlyIf ? insertWhere(ctx, rateLimit, row, onlyIf) : ctx.db.insert(rateLimit).values(row))
    .onConflictDoUpdate({
      target: rateLimit.key,
      // SQLite evaluates every SET expression against the row as it was, so both see the same old windowStart.
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimit.count} + 1 end`,
        windowStart: sql`case when ${expired} then ${now} else ${rateLimit.windowStart} end`,
      },
    })
    .returning({ count: rateLimit.count, windowStart: rateLimit.windowStart });
}

const CLEANUP_BATCH = 100;

/**
 * Deletes up to CLEANUP_BATCH rows whose window ended under every rule (older than the longest window), oldest first
 * through the windowStart index. Bounded, so it never holds the database for long; a live row is never touched,
 * because the condition is re-checked in the same statement that deletes.
 */
export async function deleteExpired(ctx: Pick<AppContext, "env" | "db">, now = Date.now()): Promise<number> {
  const longest = Math.max(...Object.values(ctx.env.rateLimits).map((r) => r.windowSeconds)) * 1000;
  const cutoff = new Date(now - longest);
  const oldest = ctx.db.select({ key: rateLimit.key }).from(rateLimit).where(lt(rateLimit.windowStart, cutoff)).orderBy(rateLimit.windowStart).limit(CLEANUP_BATCH);
  const deleted = await ctx.db
    .delete(rateLimit)
    .where(sql`${inArray(rateLimit.key, oldest)} and ${lt(rateLimit.windowStart, cutoff)}`)
    .returning({ key: rateLimit.key });
  return deleted.length;
}

/**
 * "rule:key"; keys a client controls (emails) are hashed when longer than any address (254 characters), so a 100 KB
 * "email" is not a 100 KB row, while every real address is kept as is: a resend can then name its address's key in SQL,
 * from the invitation row (hitStatement).
 */
async function storageKey(rule: RateLimitName, key: string): Promise<string> {
  if (key.length <= 254) return `${rule}:${key}`;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return `${rule}:sha256:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function tooManyMessage(seconds: number): string {
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many attempts. Please try again in ${wait}.`;
}

// ---------------------------------------------------------------- who is asking

/**
 * The client's address: Cloudflare's cf-connecting-ip (set by Cloudflare on every request, not by the browser),
 * read from the given headers or else from the current request's scope; "local" when there is none (wrangler and
 * vinxi dev, tests). IPv6 addresses count per /64, since one host is usually handed a whole /64 to rotate through.
 */
export function clientAddress(headers?: Headers | null): string {
  const raw = headers?.get("cf-connecting-ip") ?? currentScope()?.clientAddress;
  return raw?.trim() ? addressKey(raw) : "local";
}

function addressKey(raw: string): string {
  const ip = raw.trim().toLowerCase().slice(0, 64);
  if (!ip.includes(":")) return ip;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(ip);
  if (mapped) return mapped[1]!;
  const [head = "", tail] = ip.split("::");
  const front = head ? head.split(":") : [];
  const back = tail ? tail.split(":") : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill("0"), ...back];
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(":")}::/64`;
}

/** An email as Better Auth will use it (trimmed, lower-cased), or null when the body carries none. */
function emailOf(body: unknown): string | null {
  const email = (body as { email?: unknown } | null | undefined)?.email;
  return typeof email === "string" && email.trim() ? email.trim().toLowerCase() : null;
}

/** Better Auth endpoints we limit, by path, with their per-address and (where a body names one) per-target-email rules. */
const authRules: Record<string, { perAddress: RateLimitName; perEmail?: RateLimitName }> = {
  "/sign-in/email": { perAddress: "signInPerAddress", perEmail: "signInPerEmail" },
  "/sign-up/email": { perAddress: "signUpPerAddress", perEmail: "signUpPerEmail" },
  "/request-password-reset": { perAddress: "passwordResetPerAddress", perEmail: "passwordResetPerEmail" },
  "/sign-in/magic-link": { perAddress: "magicLinkPerAddress", perEmail: "magicLinkPerEmail" },
  "/send-verification-email": { perAddress: "verificationEmailPerAddress", perEmail: "verificationEmailPerEmail" },
  "/sign-in/social": { perAddress: "providerSignInPerAddress" },
  "/link-social": { perAddress: "providerSignInPerAddress" },
  "/passkey/generate-authenticate-options": { perAddress: "passkeyPerAddress" },
  "/passkey/verify-authentication": { perAddress: "passkeyPerAddress" },
  "/passkey/generate-register-options": { perAddress: "passkeyPerAddress" },
  "/passkey/verify-registration": { perAddress: "passkeyPerAddress" },
};

/**
 * Called from Better Auth's before-hook, so it runs for HTTP calls under /api/auth and for auth.api.* calls from
 * server functions alike. The per-email hit comes first in the batch but both are always counted.
 */
export async function limitAuthRequest(ctx: LimiterContext, path: string | undefined, body: unknown, headers?: Headers | null): Promise<void> {
  const rule = path ? authRules[path] : undefined;
  if (!rule) return;
  const email = emailOf(body);
  const hits: [RateLimitName, string][] = [[rule.perAddress, clientAddress(headers)]];
  if (email && rule.perEmail) hits.unshift([rule.perEmail, email]);
  await hitAll(ctx, hits);
}

/**
 * Whether Better Auth may send one more verification email to this address. The emails it sends on its own (on
 * sign-up, and on every password sign-in of an unverified account: sendOnSignIn) count toward
 * verificationEmailPerEmail here, so sign-in attempts cannot flood an inbox. The resend endpoint is already counted
 * by the before-hook (for every address, with an account or not), so its own sends are not counted twice.
 */
export async function mayMailVerification(ctx: LimiterContext, email: string, request?: Request | null): Promise<boolean> {
  if (request && new URL(request.url).pathname.endsWith("/send-verification-email")) return true;
  try {
    await hit(ctx, "verificationEmailPerEmail", email.trim().toLowerCase());
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === "RATE_LIMITED") return false;
    throw err;
  }
}
