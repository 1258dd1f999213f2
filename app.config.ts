import { defineConfig } from "@solidjs/start/config";
import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import type { Plugin } from "vite";

/**
 * SolidStart names each server function's module by its absolute file path, and the file-system router records each
 * route's absolute file path; both reach the client bundles (and the HTML, in form actions). Neither is needed as an
 * absolute path at run time (functions are looked up by id), so they are made relative to the project in every bundle
 * (client, SSR and server functions alike, so form actions and the router's keys still match): the build machine's
 * paths never leave it. Import specifiers are left alone.
 */
function relativeBuildPaths(): Plugin {
  const root = fileURLToPath(new URL("./", import.meta.url));
  const at = root.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const serverFunctionName = new RegExp(`(['"\`])${at}([^'"\`]*\\?tsr-directive-use-server=[^'"\`]*)\\1`, "g");
  const routeFilePath = new RegExp(`(["']?filePath["']?\\s*:\\s*)(['"\`])${at}`, "g");
  return {
    name: "corates:relative-build-paths",
    enforce: "post",
    transform(code) {
      if (!code.includes(root)) return;
      // The server-function manifest imports the same names: only references (createServerReference) are renamed.
      let out = code.replace(routeFilePath, "$1$2");
      if (out.includes("createServerReference")) out = out.replace(serverFunctionName, "$1$2$1");
      return out === code ? undefined : { code: out, map: null };
    },
  };
}

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
    plugins: [tailwindcss(), relativeBuildPaths()],
  },
});
