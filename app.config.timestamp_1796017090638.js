// app.config.ts
import { defineConfig } from "@solidjs/start/config";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
function relativeBuildPaths() {
  const root = fileURLToPath(new URL("./", import.meta.url));
  const at = root.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const serverFunctionName = new RegExp(`(['"\`])${at}([^'"\`]*\\?tsr-directive-use-server=[^'"\`]*)\\1`, "g");
  const routeFilePath = new RegExp(`(["']?filePath["']?\\s*:\\s*)(['"\`])${at}`, "g");
  return {
    name: "corates:relative-build-paths",
    enforce: "post",
    transform(code) {
      if (!code.includes(root)) return;
      let out = code.replace(routeFilePath, "$1$2");
      if (out.includes("createServerReference")) out = out.replace(serverFunctionName, "$1$2$1");
      return out === code ? void 0 : { code: out, map: null };
    }
  };
}
function lazyServerFunctionSerializer() {
  const runtime = "/@solidjs/start/dist/runtime/server-runtime.js";
  const real = realpathSync(fileURLToPath(new URL("./node_modules/@solidjs/start/dist/runtime/serialization.js", import.meta.url)));
  const id = "\0corates:lazy-serialization";
  return {
    name: "corates:lazy-serialization",
    enforce: "pre",
    resolveId(source, importer, options) {
      if (options?.ssr || !importer || !importer.split("?")[0].endsWith(runtime)) return;
      if (source === "./serialization" || source === "./serialization.js") return id;
    },
    load(loaded) {
      if (loaded !== id) return;
      return `let pending;
function load() {
  return (pending ??= import(${JSON.stringify(real)}).catch((e) => { pending = undefined; throw e; }));
}
const early = ["pointerover", "pointerdown", "keydown", "focusin", "touchstart"];
function warm() {
  for (const type of early) removeEventListener(type, warm, true);
  load().catch(() => {});
}
if (typeof window !== "undefined") for (const type of early) addEventListener(type, warm, { capture: true, passive: true });
export async function serializeToJSONString(value) { return (await load()).serializeToJSONString(value); }
export async function deserializeJSONStream(response) { return (await load()).deserializeJSONStream(response); }
export async function deserializeJSStream(id, response) { return (await load()).deserializeJSStream(id, response); }
`;
    }
  };
}
function noApiRouterInBrowser() {
  const id = "\0corates:no-radix3";
  return {
    name: "corates:no-api-router-in-browser",
    enforce: "pre",
    resolveId(source, _importer, options) {
      if (source === "radix3" && !options?.ssr) return id;
    },
    load(loaded) {
      if (loaded === id) return "export function createRouter() { return { lookup() { return null; } }; }";
    }
  };
}
var smallShared = [
  [/(?:\/@solidjs\/start\/dist\/runtime\/server-runtime\.js|\/src\/lib\/query\.ts|^\0corates:lazy-serialization)$/, "data"],
  [/\/src\/(?:lib\/format\.ts|lib\/permissions\.ts|components\/Time\.tsx)$/, "labels"]
];
function entryChunk() {
  let client = false;
  return {
    name: "corates:entry-chunk",
    apply: "build",
    configResolved(config) {
      client = !config.build.ssr;
    },
    outputOptions(options) {
      if (!client) return;
      let onEveryPage;
      return {
        ...options,
        manualChunks(id, api) {
          if (!onEveryPage) {
            onEveryPage = /* @__PURE__ */ new Set();
            const ids = [...api.getModuleIds()];
            const entryClient = ids.find((m) => /\/src\/entry-client\.[jt]sx?$/.test(m));
            const handler = ids.find((m) => api.getModuleInfo(m)?.isEntry && entryClient && api.getModuleInfo(m)?.importedIds.includes(entryClient));
            const queue = [handler ?? entryClient].filter((m) => !!m);
            while (queue.length) {
              const m = queue.pop();
              if (onEveryPage.has(m)) continue;
              onEveryPage.add(m);
              queue.push(...api.getModuleInfo(m)?.importedIds ?? []);
            }
          }
          if (onEveryPage.has(id)) return "app";
          return smallShared.find(([pattern]) => pattern.test(id))?.[1];
        }
      };
    }
  };
}
function terserInBrowser() {
  return {
    name: "corates:terser-in-browser",
    apply: "build",
    config(config) {
      if (config.build?.ssr) return;
      return { build: { minify: "terser", terserOptions: { compress: { passes: 2 }, module: true, ecma: 2020 } } };
    }
  };
}
var app_config_default = defineConfig({
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
    alias: { "~": fileURLToPath(new URL("./src", import.meta.url)) }
  },
  vite: {
    plugins: [tailwindcss(), relativeBuildPaths(), lazyServerFunctionSerializer(), noApiRouterInBrowser(), entryChunk(), terserInBrowser()]
  }
});
export {
  app_config_default as default
};
