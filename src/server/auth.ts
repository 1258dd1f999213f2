/**
 * Better Auth on D1: email + password (verified email required), magic link, email verification and password reset.
 * Its emails go through our outbox. Organizations are ours (src/server/domain), not the organization plugin's, so
 * there is no second door to memberships under /api/auth.
 */
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { magicLink } from "better-auth/plugins/magic-link";
import { account, session, user, verification } from "~/db/schema";
import type { AppContext } from "./context";
import { sendEmail } from "./email/outbox";
import { emails } from "./email/templates";

export function createAuth(ctx: Omit<AppContext, "auth">) {
  const { env } = ctx;
  const send = (msg: Parameters<typeof sendEmail>[1]) => sendEmail(ctx as AppContext, msg);
  return betterAuth({
    appName: "CoRATES",
    baseURL: env.appUrl,
    basePath: "/api/auth",
    secret: env.authSecret,
    trustedOrigins: [env.appUrl],
    database: drizzleAdapter(ctx.db, { provider: "sqlite", schema: { user, session, account, verification }, transaction: false }),
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      resetPasswordTokenExpiresIn: 60 * 60,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) => send(emails.resetPassword(user.email, url)),
    },
    emailVerification: {
      sendOnSignUp: true,
      sendOnSignIn: true,
      autoSignInAfterVerification: true,
      expiresIn: 24 * 60 * 60,
      sendVerificationEmail: async ({ user, url }) => send(emails.verifyEmail(user.email, url)),
    },
    session: {
      additionalFields: { activeOrganizationId: { type: "string", required: false, input: false } },
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
    },
    user: { changeEmail: { enabled: false } },
    plugins: [
      magicLink({
        expiresIn: 5 * 60,
        // A magic link may create the account: the person proved they own the address by clicking it.
        sendMagicLink: async ({ email, url }) => send(emails.magicLink(email.toLowerCase(), url)),
      }),
    ],
    // Rate limiting is ours (src/server/rate-limit.ts), stored in D1 so it holds across isolates.
    rateLimit: { enabled: false },
    // A magic link can create an account without a name: start from the address so the header is never blank.
    databaseHooks: {
      user: { create: { before: async (u) => ({ data: { ...u, name: u.name?.trim() || u.email.split("@")[0]! } }) } },
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

export type Auth = ReturnType<typeof createAuth>;
