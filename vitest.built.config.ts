import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { SERVER_DIR, workerModules } from "./tests/built/build-files";
import { alias, TEST_R2_BUCKETS, testDatabases, workersPool, wranglerRuntime } from "./vitest.config";

/**
 * Tests of the built Worker (.output, from `vinxi build`): server functions through their real door, the client
 * bundles. `npm run test:e2e` runs them right after the build; `npm run test:built` runs them on the last build.
 *
 * Those that call the Worker run inside workerd like the unit suite, with the build loaded as an auxiliary worker
 * ("built", reached through the BUILT service binding) on the same test databases, so a test and the Worker it calls
 * see the same rows. The one that only reads the bundles' files runs in Node.
 */
const BUILT_ENTRY = fileURLToPath(new URL("./tests/built/worker-entry.mjs", import.meta.url));
const NODE_ONLY = ["tests/built/client-bundles.test.ts"];

export default defineConfig(async () => ({
  test: {
    projects: [
      {
        plugins: [
          await workersPool({
            serviceBindings: { BUILT: "built" },
            workers: [{ name: "built", modulesRoot: SERVER_DIR, modules: workerModules(BUILT_ENTRY), ...wranglerRuntime(), d1Databases: testDatabases(), r2Buckets: TEST_R2_BUCKETS }],
          }),
        ],
        resolve: { alias },
        test: {
          name: "built-worker",
          // `npm run bench` runs its census of writes (scripts/bench-writes.census.ts) with these settings, alone.
          include: process.env.BENCH_CENSUS ? [process.env.BENCH_CENSUS] : ["tests/built/**/*.test.ts"],
          exclude: NODE_ONLY,
          // Reads the build in Node and hands the tests what they need of it (workerd cannot read the disk).
          globalSetup: ["tests/setup-build.ts"],
          // Unhandled rejections counted as Node counts them, and the data invariants, as in the unit suite.
          setupFiles: ["tests/setup-rejections.ts", "tests/setup-invariants.ts"],
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
      {
        resolve: { alias },
        test: { name: "built-files", include: process.env.BENCH_CENSUS ? [] : NODE_ONLY, environment: "node" },
      },
    ],
    maxWorkers: 2,
  },
}));
