import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Tests of the built Worker (.output, from `vinxi build`): server functions through their real door, the client
 * bundles. `npm run test:e2e` runs them right after the build; `npm run test:built` runs them on the last build.
 */
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: {
    include: ["tests/built/**/*.test.ts"],
    environment: "node",
    // The same Miniflare workaround and data invariants as the unit suite (see vitest.config.ts).
    setupFiles: ["tests/setup-miniflare-sync.ts", "tests/setup-invariants.ts"],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
