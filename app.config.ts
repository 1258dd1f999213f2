import { defineConfig } from "@solidjs/start/config";
import tailwindcss from "@tailwindcss/vite";

export default defineConfig({
  middleware: "src/middleware.ts",
  server: {
    preset: "cloudflare-module",
    // wrangler.jsonc is the one deploy config; vinxi must not write its own.
    cloudflare: { deployConfig: false, nodeCompat: true },
    rollupConfig: { external: ["__STATIC_CONTENT_MANIFEST", "node:async_hooks"] },
  },
  vite: {
    plugins: [tailwindcss()],
  },
});
