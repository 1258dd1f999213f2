/**
 * Two-factor authentication (TOTP with backup codes) with Better Auth's own twoFactor plugin, plus what this app adds
 * around it without touching how codes are checked:
 * - our D1 rate limits on every code step and on the password checks of enrolling, disabling and new backup codes
 *   (src/server/rate-limit.ts), per account and per client address, as for password sign-in;
 * - an authenticator code works once: a second use within its 90-second life is refused (TWO_FACTOR_CODE_USED);
 * - a magic link of a person with 2FA stops at the code step too (the plugin covers only password sign-in), by running
 *   the plugin's own sign-in hook on the link and sending the browser to the code step of /signin instead of in;
 * - people without a password (accounts made by a magic link) prove themselves with a fresh code instead of one.
 */
import { sql, type SQL } from "drizzle-orm";
import { createAuthMiddleware } from "better-auth/api";
import { createCookieGetter, getCookies } from "better-auth/cookies";
import { twoFactor } from "better-auth/plugins/two-factor";
import { session, verification } from "~/db/schema";
import type { AppContext } from "./context";
import { AppError } from "./errors";
import { clientAddress, hitKey, hitStatement, onceStatement, settleTogether, type PreparedHit } from "./rate-limit";
import { readSignedCookie } from "./session";

/** How long a device stays trusted after "trust this device"; the issue asks for 30 days. */
export const TRUST_DEVICE_DAYS = 30;
/** A TOTP code is accepted one period either side of now (Better Auth's window of 1), so it lives 90 seconds. */
const CODE_LIFE_S = 90;

/**
 * Every endpoint of the plugin carries a code or a password (verify-totp, verify-backup-code, enable, disable,
 * generate-backup-codes, get-totp-uri…), so every call is counted per account and per address.
 */
const isCounted = (path: string | undefined) => !!path?.startsWith("/two-factor/");
/** Changes that need the password, or a fresh code from people who have none. */
const guardedPaths = new Set(["/two-factor/disable", "/two-factor/generate-backup-codes"]);
/**
 * Endpoints that end in a session and a redirect, which the plugin does not stop for the second factor itself: a
 * magic link, and a provider's callback (ORCID, Google: src/server/auth-social.ts).
 */
const isLinkSignIn = (path: string | undefined) => path === "/magic-link/verify" || !!path?.startsWith("/callback/") || !!path?.startsWith("/oauth2/callback/");

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** The person a request's code is for: its live session's user, or the user of its pending two-factor sign-in. */
async function codeOwner(ctx: AppContext, headers: Headers): Promise<SQL | null> {
  const token = await readSignedCookie(ctx, headers, getCookies(ctx.auth.options).sessionToken.name);
  const pending = await readSignedCookie(ctx, headers, createCookieGetter(ctx.auth.options)("two_factor").name);
  if (!token && !pending) return null;
  const now = Math.floor(Date.now() / 1000);
  return sql`coalesce(
    (select ${session.userId} from ${session} where ${session.token} = ${token} and ${session.expiresAt} > ${now}),
    (select ${verification.value} from ${verification} where ${verification.identifier} = ${pending} and ${verification.expiresAt} > ${now}))`;
}

/** Counts the attempt (per account when known, always per address) and claims a TOTP code, in one D1 batch. */
async function limitCodeStep(ctx: AppContext, path: string, body: Record<string, unknown>, headers: Headers): Promise<void> {
  const owner = await codeOwner(ctx, headers);
  const limits: PreparedHit[] = [hitStatement(ctx, "twoFactorPerAddress", await hitKey("twoFactorPerAddress", clientAddress(headers)))];
  if (owner) limits.unshift(hitStatement(ctx, "twoFactorPerAccount", owner));
  const code = typeof body.code === "string" ? body.code.trim() : "";
  const claim = owner && path === "/two-factor/verify-totp" && /^\d{6}$/.test(code) ? onceStatement(ctx, sql`'totpUsed:' || ${owner} || ':' || ${code}`, CODE_LIFE_S) : null;
  const counted = settleTogether(ctx, limits);
  const [first, ...rest] = [...counted.queries, ...(claim ? [claim.query] : [])];
  const rows = (await ctx.db.batch([first!, ...rest])) as unknown as Parameters<typeof counted.check>[0];
  counted.check(rows.slice(0, limits.length));
  try {
    claim?.check(rows[limits.length]!);
  } catch (err) {
    if (err instanceof AppError && err.code === "RATE_LIMITED") throw new AppError("TWO_FACTOR_CODE_USED");
    throw err;
  }
}

/** Where a link sign-in was going (its redirect), as a same-site path for the code step's ?next=. */
function redirectTarget(ctx: AppContext, returned: unknown): string {
  const headers = (returned as { headers?: unknown } | null)?.headers;
  const location = headers instanceof Headers ? headers.get("location") : null;
  if (!location) return "/";
  try {
    const url = new URL(location, ctx.env.appUrl);
    return url.origin === new URL(ctx.env.appUrl).origin ? `${url.pathname}${url.search}` : "/";
  } catch {
    return "/";
  }
}

export function twoFactorPlugin(ctx: Omit<AppContext, "auth">) {
  const app = ctx as AppContext;
  const plugin = twoFactor({
    issuer: "CoRATES",
    // Accounts made by a magic link have no password; they enrol with their session and change 2FA with a code.
    allowPasswordless: true,
    trustDeviceMaxAge: TRUST_DEVICE_DAYS * 24 * 60 * 60,
    backupCodeOptions: { amount: 10, length: 10 },
  });
  const signInHook = plugin.hooks.after[0]!;
  const linkTargets = new WeakMap<object, string>();

  const before = createAuthMiddleware(async (c: HookContext) => {
    const headers = c.headers ?? c.request?.headers ?? new Headers();
    const body = (c.body ?? {}) as Record<string, unknown>;
    await limitCodeStep(app, c.path!, body, headers);
    if (guardedPaths.has(c.path!) && typeof body.password !== "string") {
      // No password given: only people without one may go on, and only with a fresh code, checked by the plugin's
      // own verify-totp (which counts it like any other code). People with a password still need it (the plugin).
      if (typeof body.code !== "string") throw AppError.validation({ password: "Enter your password, or a code from your authenticator app." });
      await app.auth.api.verifyTOTP({ body: { code: body.code }, headers });
    }
  });

  const rememberTarget = createAuthMiddleware(async (c: HookContext) => {
    linkTargets.set(c.context, redirectTarget(app, c.context.returned));
  });
  // The plugin answered {twoFactorRedirect: true} in JSON; a person who clicked a link needs a page instead.
  const toCodePage = createAuthMiddleware(async (c: HookContext) => {
    const returned = c.context.returned as { twoFactorRedirect?: boolean } | null;
    if (returned && typeof returned === "object" && returned.twoFactorRedirect === true) {
      const next = linkTargets.get(c.context) ?? "/";
      throw c.redirect(`${app.env.appUrl}/signin?step=two-factor${next === "/" ? "" : `&next=${encodeURIComponent(next)}`}`);
    }
  });

  return Object.assign(plugin, {
    hooks: {
      before: [{ matcher: (c: { path?: string }) => isCounted(c.path), handler: before }],
      after: [
        signInHook,
        { matcher: (c: { path?: string }) => isLinkSignIn(c.path), handler: rememberTarget },
        { matcher: (c: { path?: string }) => isLinkSignIn(c.path), handler: signInHook.handler },
        { matcher: (c: { path?: string }) => isLinkSignIn(c.path), handler: toCodePage },
      ],
    },
  });
}
