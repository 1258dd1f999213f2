import { defineConfig } from "@solidjs/start/config";
import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";

export default defineConfig({
  middleware: "src/middleware.ts",
  // The Content-Security-Policy (src/middleware.ts) has no 'unsafe-eval': server function results must be JSON, not
  // the default "js" mode that the browser evals (every action and client-side query fails under the CSP otherwise).
  serialization: { mode: "json" },
  server: {
    preset: "cloudflare-module",
    // wrangler.jsonc is the one deploy config; vinxi must not write its own.
    cloudflare: { deployConfig: false, nodeCompat: true },
    // The cron trigger drains the email outbox. Built Workers only: `vinxi dev` has no cron and loads Nitro plugins
    // outside Vite's module graph, where the "~" alias does not exist.
    plugins: process.argv.includes("dev") ? [] : ["./src/server/scheduled.ts"],
    // Nitro bundles its plugins itself; give it the same "~" = src/ alias as the app.
    alias: { "~": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  vite: {
    plugins: [tailwindcss()],
  },
});
