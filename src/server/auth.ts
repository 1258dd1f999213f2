/**
 * Better Auth on D1: email + password (verified email required), magic link, email verification and password reset.
 * Its emails go through our outbox. Organizations are ours (src/server/domain), not the organization plugin's, so
 * there is no second door to memberships under /api/auth.
 */
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { createAuthMiddleware } from "better-auth/api";
import { magicLink } from "better-auth/plugins/magic-link";
import { account, passkey, session, twoFactor, user, verification } from "~/db/schema";
import { CONTROL_CHARACTERS, personName, updateNameInput } from "~/lib/schemas";
import { beforeSessionCreate } from "./admin/sign-in-gate";
import { markPasskeySession, passkeyPlugin } from "./auth-passkey";
import { endLiveSessionOf } from "./live/publish";
import { guardUnlink } from "./auth-unlink-guard";
import { twoFactorPlugin } from "./auth-two-factor";
import { socialAccountOptions, socialErrorURL, socialPlugins } from "./auth-social";
import type { AppContext } from "./context";
import { sendEmail } from "./email/outbox";
import { emails, LINK_LIFETIME_S } from "./email/templates";
import { limitAuthRequest, mayMailVerification } from "./rate-limit";
import { SESSION_EXPIRES_IN_S, SESSION_UPDATE_AGE_S } from "./session";
import { parse } from "./validate";

export function createAuth(ctx: Omit<AppContext, "auth">) {
  const { env } = ctx;
  const send = (msg: Parameters<typeof sendEmail>[1]) => sendEmail(ctx as AppContext, msg);
  return betterAuth({
    appName: "CoRATES",
    baseURL: env.appUrl,
    basePath: "/api/auth",
    secret: env.authSecret,
    trustedOrigins: [env.appUrl],
    database: drizzleAdapter(ctx.db, { provider: "sqlite", schema: { user, session, account, verification, twoFactor, passkey }, transaction: false }),
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      resetPasswordTokenExpiresIn: LINK_LIFETIME_S.resetPassword,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) => send(emails.resetPassword(user.email, url)),
    },
    emailVerification: {
      sendOnSignUp: true,
      sendOnSignIn: true,
      autoSignInAfterVerification: true,
      expiresIn: LINK_LIFETIME_S.verifyEmail,
      // Over the per-address limit the email is simply not sent; the sign-in still answers as Better Auth does
      // (403 EMAIL_NOT_VERIFIED, not 429), so a correct password on an unverified account reads the same as before.
      sendVerificationEmail: async ({ user, url }, request) => {
        if (await mayMailVerification(ctx, user.email, request)) await send(emails.verifyEmail(user.email, url));
      },
    },
    session: {
      additionalFields: {
        activeOrganizationId: { type: "string", required: false, input: false },
        // Set only by markPasskeySession (src/server/auth-passkey.ts): this session began with a passkey.
        passkeySignIn: { type: "boolean", required: false, input: false, defaultValue: false },
      },
      expiresIn: SESSION_EXPIRES_IN_S,
      updateAge: SESSION_UPDATE_AGE_S,
    },
    // displayName is known to Better Auth only so that the update hook below can keep it with the name; no client sets it.
    user: { changeEmail: { enabled: false }, additionalFields: { displayName: { type: "string", required: false, input: false } } },
    account: socialAccountOptions,
    plugins: [
      magicLink({
        expiresIn: LINK_LIFETIME_S.magicLink,
        // A magic link may create the account: the person proved they own the address by clicking it.
        sendMagicLink: async ({ email, url }) => send(emails.magicLink(email.toLowerCase(), url)),
      }),
      twoFactorPlugin(ctx),
      passkeyPlugin(env),
      ...socialPlugins(env),
    ],
    // Rate limiting is ours (src/server/rate-limit.ts), stored in D1 so it holds across isolates. It runs as a before
    // hook, so it covers HTTP calls under /api/auth and auth.api.* calls from server functions alike.
    rateLimit: { enabled: false },
    hooks: {
      before: createAuthMiddleware(async (c) => {
        await limitAuthRequest(ctx, c.path, c.body, c.headers ?? c.request?.headers);
        // Names of people follow one rule (personName) on every door; a bad one is our VALIDATION_FAILED, thrown
        // like RATE_LIMITED above. Sign-up for an address that already has an account answers with a made-up user
        // built from the body as typed, so the name is tidied here exactly as account creation does (databaseHooks
        // below), and that answer cannot be told apart from a real sign-up's.
        const body = c.body as { name?: unknown; email?: unknown } | undefined;
        if (c.path === "/sign-up/email" && typeof body?.name === "string" && typeof body.email === "string") {
          // A blank name keeps the old behaviour: it becomes the start of the address.
          const name = body.name.trim() ? checkedName(body.name) : displayName(body.name, body.email);
          return { context: { body: { ...body, name } } };
        }
        if (c.path === "/update-user" && body && body.name !== undefined) {
          return { context: { body: { ...body, name: checkedName(body.name) } } };
        }
      }),
    },
    // Our errors thrown in hooks (RATE_LIMITED) reach our API handler, which answers with our shape and Retry-After;
    // Better Auth's own errors are still turned into its responses by its router.
    onAPIError: { throw: true, errorURL: socialErrorURL(env) },
    // A magic link can create an account without a name: start from the address so the header is never blank.
    // Updates re-check the rule as a last line, whichever endpoint they came through.
    databaseHooks: {
      // Every sign-in method ends in a new session: the ban check and the ADMIN_EMAILS role live there (admin/); a
      // session begun by a passkey is marked as such (auth-passkey.ts).
      session: {
        create: {
          before: async (s, c) => {
            await beforeSessionCreate(ctx, s.userId, c);
            return markPasskeySession(s, c);
          },
        },
        // Sessions Better Auth ends (sign-out, revoking the others, password change or reset) lose their live sockets.
        delete: { after: async (s) => endLiveSessionOf(ctx, s.userId, s.id) },
      },
      user: {
        create: { before: async (u) => ({ data: { ...u, name: displayName(u.name, u.email) } }) },
        // The seed's displayName column follows the name (the app shows one name; the first-run step sets both).
        update: { before: async (u) => (u.name === undefined ? undefined : { data: { ...u, name: checkedName(u.name), displayName: checkedName(u.name) } }) },
      },
      account: { delete: { before: guardUnlink(ctx) } },
    },
    advanced: {
      // Better Auth relaxes its origin checks under test runners; keep them as in production.
      disableOriginCheck: false,
      database: { generateId: () => crypto.randomUUID() },
      useSecureCookies: env.appUrl.startsWith("https://"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    telemetry: { enabled: false },
  });
}

/** A name as typed, checked against the one rule (trimmed); else 400 VALIDATION_FAILED on the name field. */
function checkedName(name: unknown): string {
  return parse(updateNameInput, { name }).name;
}

/**
 * The name of a new account: as typed when it meets the rule, else the start of the address, cut to the rule (an
 * address's local part has no control characters, but may be longer than a name may be).
 */
function displayName(name: string | undefined | null, email: string): string {
  const typed = personName.safeParse(name ?? "");
  if (typed.success) return typed.data;
  const local = email.trim().toLowerCase().split("@")[0]!.replace(new RegExp(CONTROL_CHARACTERS, "g"), "").slice(0, 100).trim();
  return local || "CoRATES user";
}

export type Auth = ReturnType<typeof createAuth>;
