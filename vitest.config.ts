import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: {
    include: ["src/**/*.test.ts", "tests/**/*.test.ts"],
    // These need the built Worker: vitest.built.config.ts, run by `npm run test:e2e` after the build.
    exclude: ["tests/built/**", "node_modules/**"],
    environment: "node",
    // A workaround for a race in Miniflare's synchronous D1 calls under CPU load (see the file), and the data
    // invariants (tests/invariants.ts) checked on every live test app after every test.
    setupFiles: ["tests/setup-miniflare-sync.ts", "tests/setup-invariants.ts", "tests/setup-openapi.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file boots its own Miniflare; two cores run two files at a time comfortably.
    maxWorkers: 2,
  },
});
