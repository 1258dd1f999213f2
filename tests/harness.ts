/**
 * A real app for domain and API tests, run inside workerd (vitest.config.ts): a D1 database of its own with the
 * generated migrations applied, real Better Auth, and the real API handler.
 * With `{ worker: BUILT_WORKER }` (vitest.built.config.ts) the built Worker (.output/server, `vinxi build`) serves the
 * same database with the same settings, reachable through `fetchWorker`: the whole app as deployed, pages and /_server
 * included.
 *
 * An empty database per app: the pool gives each test file a fresh Miniflare (so fresh storage), and the pool's runner
 * has several D1 bindings (TEST_DB_1 … TEST_DB_n, vitest.config.ts). Each app takes the next binding never used in this
 * file, so apps alive together never share rows, and no table wipe is needed.
 */
import { applyD1Migrations, type D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { user, session as sessionTable } from "~/db/schema";
import { handleApi } from "~/server/api/handler";
import { appContext, type AppContext } from "~/server/context";
import type { WorkerBindings } from "~/server/env";
import { runInScope } from "~/server/request-scope";

export const APP_URL = "http://localhost:3000";
export const TEST_SECRET = "test-secret-that-is-long-enough-0123456789";

/** What the pool's runner Worker is given (vitest.config.ts, vitest.built.config.ts). */
interface TestEnv {
  TEST_MIGRATIONS: D1Migration[];
  /** The built Worker (tests/built only), in front of which tests/built/worker-entry.mjs sets each app's settings. */
  BUILT?: Fetcher;
  /** The image bucket (vitest.config.ts TEST_R2_BUCKETS). */
  IMAGES?: R2Bucket;
  [database: `TEST_DB_${number}`]: D1Database | undefined;
}
const testEnv = env as unknown as TestEnv;

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  cookie: string;
  sessionId: string;
}

export interface TestApp {
  bindings: WorkerBindings;
  ctx: AppContext;
  db: AppContext["db"];
  request<T = any>(method: string, path: string, opts?: { body?: unknown; as?: TestUser | string | null; headers?: Record<string, string>; rawBody?: string | Uint8Array<ArrayBuffer> }): Promise<ApiResponse<T>>;
  /** A verified user with a live session, written directly (no password hashing: fast). */
  /** `profile: false` leaves the first-run step (/welcome) to do; by default it is done, as for anyone past day one. */
  createUser(opts?: { email?: string; name?: string; verified?: boolean; profile?: boolean }): Promise<TestUser>;
  /**
   * A user signed in through Better Auth's real password sign-in (slow: scrypt), so the session row and every cookie
   * (session_token, and dont_remember when `rememberMe` is false) are exactly what a browser would hold.
   */
  signInWithPassword(opts?: { rememberMe?: boolean; email?: string }): Promise<TestUser>;
  /** Runs domain code with the app's context, waiting for background work (email delivery). */
  run<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T>;
  /** A request to the built Worker (only for apps created with `{ worker }`); the path is resolved against APP_URL. */
  fetchWorker(path: string, init?: RequestInit): Promise<Response>;
  settle(): Promise<void>;
  close(): Promise<void>;
  /**
   * Opt out of the data invariants checked after every test (tests/setup-invariants.ts). Only for a test file that
   * writes a state the app can never produce, directly into the database; say why next to where it is set.
   */
  skipInvariants?: boolean;
}

/**
 * Called with every answer of app.request in every test app; a hook that throws fails the request's test.
 * tests/setup-openapi.ts registers the check of each answer against the OpenAPI description (tests/openapi-check.ts).
 */
export const responseHooks: ((method: string, path: string, res: ApiResponse) => void)[] = [];

/** Apps not yet closed: tests/setup-invariants.ts checks each one's data after every test. */
export const liveApps = new Set<TestApp>();

let counter = 0;

async function signCookie(value: string, secret: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(value));
  return encodeURIComponent(`${value}.${btoa(String.fromCharCode(...new Uint8Array(sig)))}`);
}

/** Where `vinxi build` puts the Worker; pass it as `{ worker }` (vitest.built.config.ts loads it into the pool). */
export const BUILT_WORKER = ".output/server";
/** The request header that carries an app's settings to the built Worker's test entry (tests/built/worker-entry.mjs). */
export const BUILT_SETTINGS_HEADER = "x-test-app-settings";

/** Test databases taken in this file (each test file runs in its own Miniflare, so this starts at 0 per file). */
let databasesTaken = 0;

async function emptyDatabase(): Promise<{ name: string; db: D1Database }> {
  const name = `TEST_DB_${++databasesTaken}` as const;
  const db = testEnv[name];
  if (!db) throw new Error(`${name} does not exist: a test file can open at most ${databasesTaken - 1} test apps (TEST_DATABASES in vitest.config.ts)`);
  await applyD1Migrations(db, testEnv.TEST_MIGRATIONS);
  return { name, db };
}

/**
 * `wrapD1` lets a test watch or steer the app's D1 binding (say, to look at a table right after each batch); the
 * migrations are applied to the real binding first. It wraps the binding the tests' own code uses, not the built
 * Worker's.
 */
export async function createTestApp(overrides: Partial<WorkerBindings> = {}, options: { worker?: string; wrapD1?: (d1: D1Database) => D1Database } = {}): Promise<TestApp> {
  const settings = {
    APP_ENV: "test",
    APP_URL,
    BETTER_AUTH_SECRET: TEST_SECRET,
    EMAIL_TRANSPORT: "dev",
    EMAIL_FROM: "CoRATES <no-reply@localhost>",
    // Rate limits stay on in tests, at ten times the production limits: suites sign up, invite and accept far faster
    // than any lab, all from one address. tests/rate-limit.test.ts passes "1" to test the real limits.
    RATE_LIMIT_MULTIPLIER: "10",
    ...overrides,
  };
  const { DB: _ignored, ...vars } = settings as Partial<WorkerBindings>;
  if (options.worker && !testEnv.BUILT) throw new Error("{ worker } needs the built Worker in the pool: run the file with vitest.built.config.ts");
  const { name: database, db: d1 } = await emptyDatabase();
  // What the built Worker is told per request (tests/built/worker-entry.mjs): the database to use and its string settings.
  const builtSettings = JSON.stringify({ database, vars: Object.fromEntries(Object.entries(vars).filter(([, v]) => typeof v === "string")) });
  const bindings = { ...settings, DB: options.wrapD1 ? options.wrapD1(d1) : d1, IMAGES: testEnv.IMAGES } as WorkerBindings;
  const pending: Promise<unknown>[] = [];
  const scope = { waitUntil: (p: Promise<unknown>) => void pending.push(p) };
  const settle = async () => {
    while (pending.length) await Promise.all(pending.splice(0));
  };
  const ctx = appContext(bindings);

  const app: TestApp = {
    bindings,
    ctx,
    db: ctx.db,
    async request(method, path, opts = {}) {
      const headers = new Headers(opts.headers);
      const cookie = typeof opts.as === "string" ? opts.as : opts.as?.cookie;
      if (cookie) headers.set("cookie", cookie);
      let body: string | Uint8Array<ArrayBuffer> | undefined = opts.rawBody;
      if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        if (!headers.has("content-type")) headers.set("content-type", "application/json");
      }
      // The app's own origin (an https app in some tests), as a browser on that site would send.
      const origin = bindings.APP_URL ?? APP_URL;
      if (method !== "GET" && !headers.has("origin")) headers.set("origin", origin);
      const res = await handleApi(new Request(origin + path, { method, headers, body }), bindings, scope);
      await settle();
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      const out = { status: res.status, body: parsed as any, headers: res.headers };
      for (const hook of responseHooks) hook(method, path, out);
      return out;
    },
    async createUser(opts = {}) {
      const n = ++counter;
      const id = crypto.randomUUID();
      const email = (opts.email ?? `user${n}-${id.slice(0, 6)}@example.com`).toLowerCase();
      const name = opts.name ?? `User ${n}`;
      const token = crypto.randomUUID().replace(/-/g, "");
      const sessionId = crypto.randomUUID();
      await ctx.db.batch([
        ctx.db.insert(user).values({ id, email, name, emailVerified: opts.verified ?? true, ...(opts.profile === false ? {} : { persona: "researcher", profileCompletedAt: Math.floor(Date.now() / 1000) }) }),
        ctx.db.insert(sessionTable).values({ id: sessionId, token, userId: id, expiresAt: new Date(Date.now() + 86_400_000) }),
      ]);
      return { id, email, name, sessionId, cookie: `better-auth.session_token=${await signCookie(token, TEST_SECRET)}` };
    },
    async signInWithPassword(opts = {}) {
      const email = (opts.email ?? `signin${++counter}-${crypto.randomUUID().slice(0, 6)}@example.com`).toLowerCase();
      const password = "correct horse battery";
      const up = await app.request("POST", "/api/auth/sign-up/email", { body: { name: "Signed In", email, password } });
      if (up.status !== 200) throw new Error(`sign-up failed: ${up.status} ${JSON.stringify(up.body)}`);
      // Verification is tested elsewhere (tests/auth-api.test.ts); here only the sign-in's session matters.
      await ctx.db.update(user).set({ emailVerified: true, persona: "researcher", profileCompletedAt: Math.floor(Date.now() / 1000) }).where(eq(user.email, email));
      const res = await app.request("POST", "/api/auth/sign-in/email", { body: { email, password, rememberMe: opts.rememberMe ?? true } });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
      // The cookie header a browser would send back: every cookie set, cleared ones dropped.
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(";")[0]!)
        .filter((pair) => pair.slice(pair.indexOf("=") + 1) !== "")
        .join("; ");
      const [row] = await ctx.db.select({ id: sessionTable.id, userId: sessionTable.userId }).from(sessionTable).where(eq(sessionTable.token, res.body.token));
      if (!row) throw new Error("sign-in wrote no session");
      return { id: row.userId, email, name: "Signed In", cookie, sessionId: row.id };
    },
    run: (fn) => runInScope(scope, async () => {
      const out = await fn(ctx);
      await settle();
      return out;
    }),
    async fetchWorker(path, init) {
      if (!options.worker) throw new Error("fetchWorker needs an app created with { worker }");
      const req = new Request(new URL(path, APP_URL), { redirect: "manual", ...init });
      req.headers.set(BUILT_SETTINGS_HEADER, builtSettings);
      return testEnv.BUILT!.fetch(req);
    },
    settle,
    // The database stays taken until the file ends (its Miniflare goes away then): an app's binding is never reused.
    close: async () => {
      liveApps.delete(app);
      await settle();
    },
  };
  liveApps.add(app);
  return app;
}

/** The newest email to an address in the dev mailbox, and the first link in its text. */
export async function lastEmail(app: TestApp, to: string): Promise<{ subject: string; text: string; link: string | null } | null> {
  const res = await app.request("GET", `/api/dev/emails?to=${encodeURIComponent(to)}`);
  const mail = res.body.items?.[0];
  if (!mail) return null;
  return { subject: mail.subject, text: mail.text, link: /https?:\/\/\S+/.exec(mail.text)?.[0] ?? null };
}
