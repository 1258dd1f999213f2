import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import type { WorkerOptions } from "miniflare";
import { buildSync } from "esbuild";
import { defineConfig } from "vitest/config";

/**
 * The unit suite runs inside workerd (@cloudflare/vitest-pool-workers), the runtime that serves production: every test
 * file gets its own Miniflare, so its own in-memory storage, and talks to D1 through the binding, never through
 * Miniflare's synchronous Node-side proxies.
 */

/** How many empty D1 databases a test file can open: one per test app (tests/harness.ts), never reused in a file. */
export const TEST_DATABASES = 8;

/** The runtime settings wrangler uses (vinxi ignores the compatibility date in app.config.ts). */
export function wranglerRuntime(): { compatibilityDate: string; compatibilityFlags: string[] } {
  const text = readFileSync(fileURLToPath(new URL("./wrangler.jsonc", import.meta.url)), "utf8");
  const date = /"compatibility_date"\s*:\s*"([^"]+)"/.exec(text)?.[1];
  const flags = /"compatibility_flags"\s*:\s*\[([^\]]*)\]/.exec(text)?.[1];
  if (!date) throw new Error("wrangler.jsonc has no compatibility_date");
  return { compatibilityDate: date, compatibilityFlags: [...(flags ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]!) };
}

/** TEST_DB_1 … TEST_DB_n, each its own database; an auxiliary worker given the same map opens the same databases. */
export function testDatabases(): Record<string, string> {
  return Object.fromEntries(Array.from({ length: TEST_DATABASES }, (_, i) => [`TEST_DB_${i + 1}`, `test-db-${i + 1}`]));
}

/** The image bucket (wrangler.jsonc r2_buckets), one per test file's Miniflare; the built Worker is given the same. */
export const TEST_R2_BUCKETS = { IMAGES: "test-images" };

/** Knobs of some test files, read from process.env there; workerd fills process.env from string bindings. */
const FORWARDED_ENV = ["RACE_ROUNDS", "RANDOM_OPS", "RANDOM_OPS_SEED", "RANDOM_OPS_PROGRESS"];

/**
 * The workspaces' live-update Durable Object (src/server/live/room.ts) in a worker of its own, as the pool's runner
 * cannot export a class: its source bundled as it is, reached through the LIVE binding (tests/live.test.ts).
 */
function liveWorker(): WorkerOptions {
  const { outputFiles } = buildSync({
    entryPoints: [fileURLToPath(new URL("./src/server/live/room.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    write: false,
    external: ["cloudflare:workers"],
  });
  const room = outputFiles[0]!.text;
  return {
    name: "live",
    modules: [{ type: "ESModule", path: "room.mjs", contents: `${room}\nexport default { fetch: () => new Response(null, { status: 404 }) };` }],
    ...wranglerRuntime(),
    durableObjects: { LIVE: { className: "LiveRoom", useSQLite: true } },
  };
}

/** The pool's runner Worker: wrangler's runtime, the test databases, the migrations to apply, and any extra workers. */
export async function workersPool(extra: { workers?: WorkerOptions[]; serviceBindings?: Record<string, string> } = {}) {
  const migrations = await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url)));
  return cloudflareTest({
    miniflare: {
      ...wranglerRuntime(),
      d1Databases: testDatabases(),
      r2Buckets: TEST_R2_BUCKETS,
      bindings: {
        TEST_MIGRATIONS: migrations,
        ...Object.fromEntries(FORWARDED_ENV.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!])),
      },
      serviceBindings: extra.serviceBindings,
      durableObjects: { LIVE: { className: "LiveRoom", scriptName: "live", useSQLite: true } },
      workers: [liveWorker(), ...(extra.workers ?? [])],
    },
  });
}

export const alias = { "~": fileURLToPath(new URL("./src", import.meta.url)) };

export default defineConfig(async () => ({
  plugins: [await workersPool()],
  resolve: { alias },
  test: {
    include: ["src/**/*.test.ts", "tests/**/*.test.ts"],
    // These need the built Worker: vitest.built.config.ts, run by `npm run test:e2e` after the build.
    exclude: ["tests/built/**", "node_modules/**"],
    // The stand-in email provider (an HTTP server in Node that the Worker code posts to: workerd cannot listen).
    globalSetup: ["tests/setup-provider.ts", "tests/setup-oidc.ts"],
    // The data invariants (tests/invariants.ts) checked on every live test app after every test, and every API
    // answer checked against the OpenAPI description.
    setupFiles: ["tests/setup-rejections.ts", "tests/setup-invariants.ts", "tests/setup-openapi.ts"],
    // Only there to end a hung test, never a slow one: the slowest test (1,000 random operations) takes under a minute
    // on an idle two-core machine. Races and the random sequence run a fixed amount of work, whatever the clock says.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // One workerd per test file; two cores run two files at a time.
    maxWorkers: 2,
  },
}));
