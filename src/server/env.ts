/**
 * Settings and secrets, validated once per set of bindings. In production a missing or weak secret is an error that
 * stops every request: there is never a fallback value in code.
 */
import { z } from "zod";
import type { LiveRoom } from "./live/room";
import { rateLimitNames, resolveRateLimits, type RateLimitName, type RateLimits } from "./rate-limit";
import { readSocialProviders, type SocialBindings, type SocialProvider } from "./social-providers";

/** ORCID_* and GOOGLE_* (CLIENT_ID, CLIENT_SECRET, ISSUER): sign-in with OpenID Connect (src/server/social-providers.ts). */
export interface WorkerBindings extends SocialBindings {
  DB: D1Database;
  /** R2 bucket of avatars and workspace logos, keyed by content hash (src/server/images/store.ts). */
  IMAGES?: R2Bucket;
  /** One Durable Object per workspace that pushes "changed" to its open pages (src/server/live/room.ts). */
  LIVE?: DurableObjectNamespace<LiveRoom>;
  /** "1" counts D1 round trips per request into the x-d1-round-trips header (benchmarks only). */
  D1_METRICS?: string;
  /** "1": reads through D1 sessions, read replicas included, with a bookmark per browser (src/server/d1-session.ts). */
  D1_SESSIONS?: string;
  APP_ENV?: string;
  APP_URL?: string;
  BETTER_AUTH_SECRET?: string;
  EMAIL_TRANSPORT?: string;
  EMAIL_FROM?: string;
  EMAIL_API_URL?: string;
  EMAIL_API_KEY?: string;
  /** Scales every rate limit (e.g. "10" for the test suites); limits never drop below 1, so they stay on. */
  RATE_LIMIT_MULTIPLIER?: string | number;
  /** JSON overrides per rule, e.g. {"signInPerEmail":{"limit":5,"windowSeconds":900}} (rules: src/server/rate-limit.ts). */
  RATE_LIMITS?: string | object;
  /** Comma-separated addresses whose accounts, once verified, are site admins (src/server/admin-role.ts). */
  ADMIN_EMAILS?: string;
}

const rateLimitRule = z.strictObject({
  limit: z.int().min(1).max(1_000_000).optional(),
  windowSeconds: z.int().min(1).max(7 * 24 * 60 * 60).optional(),
});
// Unknown rule names are an error: a typo in an override must not silently leave a default in place.
const rateLimitOverrides = z.strictObject(
  Object.fromEntries(rateLimitNames.map((name) => [name, rateLimitRule.optional()])) as Record<RateLimitName, z.ZodOptional<typeof rateLimitRule>>,
);

const schema = z
  .object({
    APP_ENV: z.enum(["development", "test", "production"]),
    APP_URL: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, "")),
    BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
    EMAIL_TRANSPORT: z.enum(["dev", "http"]),
    EMAIL_FROM: z.string().min(3),
    EMAIL_API_URL: z.url().optional(),
    EMAIL_API_KEY: z.string().min(1).optional(),
    RATE_LIMIT_MULTIPLIER: z.coerce.number().positive().max(1000).optional(),
    ADMIN_EMAILS: z
      .string()
      .optional()
      .transform((v) => [...new Set((v ?? "").split(",").map((e) => e.trim().toLowerCase()).filter(Boolean))])
      .pipe(z.array(z.email("ADMIN_EMAILS must be comma-separated email addresses"))),
    RATE_LIMITS: z.preprocess((v) => {
      if (typeof v !== "string") return v;
      if (!v.trim()) return undefined;
      try {
        return JSON.parse(v);
      } catch {
        return v; // not JSON: fails the object check below with a clear message
      }
    }, rateLimitOverrides.optional()),
  })
  .superRefine((v, ctx) => {
    if (v.EMAIL_TRANSPORT === "http" && (!v.EMAIL_API_URL || !v.EMAIL_API_KEY)) {
      ctx.addIssue({ code: "custom", path: ["EMAIL_API_KEY"], message: "EMAIL_API_URL and EMAIL_API_KEY are required for http email" });
    }
    // Session cookies and links in emails would travel in clear text; only the local machine (wrangler dev of a
    // production build) may be served over http.
    if (v.APP_ENV === "production" && !isHttpsOrLocal(v.APP_URL)) {
      ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "must be https:// in production (http:// only for localhost)" });
    }
    if (v.APP_ENV === "production" && v.EMAIL_TRANSPORT === "dev") {
      ctx.addIssue({ code: "custom", path: ["EMAIL_TRANSPORT"], message: "the dev mailbox cannot be used in production" });
    }
  });

function isHttpsOrLocal(appUrl: string): boolean {
  const url = new URL(appUrl);
  return url.protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

export interface AppEnv {
  mode: "development" | "test" | "production";
  appUrl: string;
  authSecret: string;
  email: { transport: "dev" | "http"; from: string; apiUrl?: string; apiKey?: string };
  /** The dev mailbox and its JSON endpoint exist only outside production. */
  devMailbox: boolean;
  /** The effective rate limits (defaults, RATE_LIMITS overrides, RATE_LIMIT_MULTIPLIER); on in every mode. */
  rateLimits: RateLimits;
  /** The OpenID Connect providers that are configured (none: only password and magic link). */
  social: SocialProvider[];
  /** Lower-cased addresses of site admins (ADMIN_EMAILS); their accounts get role "admin" once verified. */
  adminEmails: string[];
}

export class ConfigError extends Error {}

const cache = new WeakMap<object, AppEnv>();

export function readEnv(bindings: WorkerBindings): AppEnv {
  const hit = cache.get(bindings);
  if (hit) return hit;
  const parsed = schema.safeParse(bindings);
  const social = readSocialProviders(bindings, bindings.APP_ENV === "production");
  if (!parsed.success || social.problems.length) {
    const issues = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`);
    const problems = [...issues, ...social.problems].join("; ");
    throw new ConfigError(`Invalid configuration: ${problems}. Set these in .dev.vars locally or with \`wrangler secret put\`.`);
  }
  const v = parsed.data;
  const env: AppEnv = {
    mode: v.APP_ENV,
    appUrl: v.APP_URL,
    authSecret: v.BETTER_AUTH_SECRET,
    email: { transport: v.EMAIL_TRANSPORT, from: v.EMAIL_FROM, apiUrl: v.EMAIL_API_URL, apiKey: v.EMAIL_API_KEY },
    devMailbox: v.APP_ENV !== "production",
    rateLimits: resolveRateLimits(v.RATE_LIMIT_MULTIPLIER ?? 1, v.RATE_LIMITS ?? {}),
    social: social.providers,
    adminEmails: v.ADMIN_EMAILS,
  };
  cache.set(bindings, env);
  return env;
}
