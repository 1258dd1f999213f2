/**
 * Settings and secrets, validated once per set of bindings. In production a missing or weak secret is an error that
 * stops every request: there is never a fallback value in code.
 */
import { z } from "zod";

export interface WorkerBindings {
  DB: D1Database;
  /** "1" counts D1 round trips per request into the x-d1-round-trips header (benchmarks only). */
  D1_METRICS?: string;
  APP_ENV?: string;
  APP_URL?: string;
  BETTER_AUTH_SECRET?: string;
  EMAIL_TRANSPORT?: string;
  EMAIL_FROM?: string;
  EMAIL_API_URL?: string;
  EMAIL_API_KEY?: string;
}

const schema = z
  .object({
    APP_ENV: z.enum(["development", "test", "production"]),
    APP_URL: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, "")),
    BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
    EMAIL_TRANSPORT: z.enum(["dev", "http"]),
    EMAIL_FROM: z.string().min(3),
    EMAIL_API_URL: z.url().optional(),
    EMAIL_API_KEY: z.string().min(1).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.EMAIL_TRANSPORT === "http" && (!v.EMAIL_API_URL || !v.EMAIL_API_KEY)) {
      ctx.addIssue({ code: "custom", path: ["EMAIL_API_KEY"], message: "EMAIL_API_URL and EMAIL_API_KEY are required for http email" });
    }
    if (v.APP_ENV === "production" && v.EMAIL_TRANSPORT === "dev") {
      ctx.addIssue({ code: "custom", path: ["EMAIL_TRANSPORT"], message: "the dev mailbox cannot be used in production" });
    }
  });

export interface AppEnv {
  mode: "development" | "test" | "production";
  appUrl: string;
  authSecret: string;
  email: { transport: "dev" | "http"; from: string; apiUrl?: string; apiKey?: string };
  /** The dev mailbox and its JSON endpoint exist only outside production. */
  devMailbox: boolean;
}

export class ConfigError extends Error {}

const cache = new WeakMap<object, AppEnv>();

export function readEnv(bindings: WorkerBindings): AppEnv {
  const hit = cache.get(bindings);
  if (hit) return hit;
  const parsed = schema.safeParse(bindings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`).join("; ");
    throw new ConfigError(`Invalid configuration: ${problems}. Set these in .dev.vars locally or with \`wrangler secret put\`.`);
  }
  const v = parsed.data;
  const env: AppEnv = {
    mode: v.APP_ENV,
    appUrl: v.APP_URL,
    authSecret: v.BETTER_AUTH_SECRET,
    email: { transport: v.EMAIL_TRANSPORT, from: v.EMAIL_FROM, apiUrl: v.EMAIL_API_URL, apiKey: v.EMAIL_API_KEY },
    devMailbox: v.APP_ENV !== "production",
  };
  cache.set(bindings, env);
  return env;
}
