import { defineConfig } from "@solidjs/start/config";
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import type { Plugin } from "vite";
import { leanClientManifest, leanRouteTable } from "./vite-client-frame";

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

/**
 * The browser's side of server functions (@solidjs/start's server-runtime) serializes arguments and reads results with
 * seroval, about 11 KB of gzip that every page would load before it can run, though no server function runs while a
 * page loads (its data comes inside the HTML). That module is swapped here for one that loads the real one on first
 * use, and starts loading it at the first sign of a person (pointer, key, focus or touch), well before any click or
 * link hover needs it. Client build only; the server keeps its own runtime.
 */
function lazyServerFunctionSerializer(): Plugin {
  // Matched by path, as Vite sees files after following node_modules symlinks.
  const runtime = "/@solidjs/start/dist/runtime/server-runtime.js";
  const real = realpathSync(fileURLToPath(new URL("./node_modules/@solidjs/start/dist/runtime/serialization.js", import.meta.url)));
  const id = "\0corates:lazy-serialization";
  return {
    name: "corates:lazy-serialization",
    enforce: "pre",
    resolveId(source, importer, options) {
      if (options?.ssr || !importer || !importer.split("?")[0]!.endsWith(runtime)) return;
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
    },
  };
}

/**
 * SolidStart builds a radix3 tree of the API routes wherever its route list is imported, the browser included, where
 * nothing ever looks an API route up (that happens on the server). In the client build radix3 is an empty tree.
 */
function noApiRouterInBrowser(): Plugin {
  const id = "\0corates:no-radix3";
  return {
    name: "corates:no-api-router-in-browser",
    enforce: "pre",
    resolveId(source, _importer, options) {
      if (source === "radix3" && !options?.ssr) return id;
    },
    load(loaded) {
      if (loaded === id) return "export function createRouter() { return { lookup() { return null; } }; }";
    },
  };
}

/**
 * Small modules shared by many pages go into a few chunks rather than one file each, as each small file gzips worse
 * than the same code together: "data" is the browser side of server functions (every page with server data), "labels"
 * the role names, counts and dates of the signed-in and invitation pages, "ui" the common controls, "shell" the
 * signed-in pages' frame.
 */
const smallShared: [RegExp, string][] = [
  [/(?:\/@solidjs\/start\/dist\/runtime\/server-runtime\.js|\/src\/lib\/query\.ts|^\0corates:lazy-serialization)$/, "data"],
  [/\/src\/(?:lib\/format\.ts|lib\/permissions\.ts|components\/Time\.tsx)$/, "labels"],
  // The form controls nearly every page draws (no longer in the entry since the error page went), and apart from
  // them the logo, icons, class strings and shared wording, which the signed-in pages' frame draws too.
  [/\/src\/components\/ui\.tsx$/, "ui"],
  [/\/src\/(?:components\/(?:Logo\.tsx|icons\.tsx|styles\.ts)|lib\/messages\.ts)$/, "brand"],
  // The helpers of the signed-out pages' forms: where to go next, the state of a form before its script runs, and the
  // loader of the Better Auth client with its messages.
  [/\/src\/lib\/(?:links|forms|auth)\.ts$/, "forms"],
  // What a signed-in page runs at first paint besides the entry: the header, the page data's paths and the viewer,
  // and the part that takes the server-rendered body over on first use (src/lib/take-over.tsx).
  [/\/src\/(?:components\/(?:AppShell|Avatar|Menu|Skeleton|OrgMoved)\.tsx|components\/header-panels\.ts|lib\/(?:take-over\.tsx|initials\.ts|page-paths\.ts|paging\.ts)|rpc\/viewer\.ts)$/, "shell"],
];

/**
 * One chunk for everything the client entry loads on every page (Solid, the router, SolidStart's client, the app's
 * frame) instead of two dozen small ones: gzip works per file, and the small files cost about 4 KB more than the same
 * code in one (issue 15). Route code is split as usual, but for the few shared groups above.
 */
function entryChunk(): Plugin {
  let client = false;
  return {
    name: "corates:entry-chunk",
    apply: "build",
    configResolved(config) {
      client = !config.build.ssr;
    },
    outputOptions(options) {
      if (!client) return;
      let onEveryPage: Set<string> | undefined;
      return {
        ...options,
        manualChunks(id, api) {
          if (!onEveryPage) {
            onEveryPage = new Set();
            // The client entry is vinxi's handler module, which imports src/entry-client.tsx.
            const ids = [...api.getModuleIds()];
            const entryClient = ids.find((m) => /\/src\/entry-client\.[jt]sx?$/.test(m));
            const handler = ids.find((m) => api.getModuleInfo(m)?.isEntry && entryClient && api.getModuleInfo(m)?.importedIds.includes(entryClient));
            const queue = [handler ?? entryClient].filter((m): m is string => !!m);
            while (queue.length) {
              const m = queue.pop()!;
              if (onEveryPage.has(m)) continue;
              onEveryPage.add(m);
              queue.push(...(api.getModuleInfo(m)?.importedIds ?? []));
            }
          }
          if (onEveryPage.has(id)) return "app";
          return smallShared.find(([pattern]) => pattern.test(id))?.[1];
        },
      };
    },
  };
}

/**
 * Vite lists, beside each dynamic import, the chunks that chunk imports, to fetch them together. In the chunk every
 * page loads (the route table's loaders and the routes' preloads) that table names about fifty files, about 1 KB of
 * gzip (issue 15). There the imports are fetched alone: the browser fetches a chunk's own imports as soon as it reads
 * it, and the router starts both at the first hover of a link. Elsewhere the lists stay.
 */
function entryImportsAlone(_file: string, deps: string[], context: { hostId: string }): string[] {
  return /(?:^|\/)app-[\w-]+\.js$/.test(context.hostId) ? [] : deps;
}

/**
 * The browser's bundles are minified with terser (two compress passes) rather than esbuild: about 1 to 1.6 KB less
 * gzip on every page, as terser inlines and drops more. Only the client build: the server's code is not downloaded.
 */
function terserInBrowser(): Plugin {
  return {
    name: "corates:terser-in-browser",
    apply: "build",
    config(config) {
      if (config.build?.ssr) return;
      return { build: { minify: "terser", terserOptions: { compress: { passes: 2 }, module: true, ecma: 2020 }, modulePreload: { resolveDependencies: entryImportsAlone } } };
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
    // Ahead of every server chunk: the Reflect metadata functions tsyringe (under the passkey plugin) checks for as it
    // loads, which the bundle would otherwise define too late (see the script).
    rollupConfig: { output: { intro: readFileSync(new URL("./scripts/reflect-metadata-intro.js", import.meta.url), "utf8") } },
  },
  vite: {
    plugins: [tailwindcss(), leanRouteTable(), leanClientManifest(), relativeBuildPaths(), lazyServerFunctionSerializer(), noApiRouterInBrowser(), entryChunk(), terserInBrowser()],
  },
});
