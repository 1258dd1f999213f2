import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: {
    include: ["src/**/*.test.ts", "tests/**/*.test.ts"],
    environment: "node",
    // Checks the data invariants (tests/invariants.ts) on every live test app after every test.
    setupFiles: ["tests/setup-invariants.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file boots its own Miniflare; two cores run two files at a time comfortably.
    maxWorkers: 2,
  },
});
