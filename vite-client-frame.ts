/**
 * Client-build plugins that take out of the chunk every page loads what the browser never runs (issue 15). The server
 * build and `vinxi dev` are left as they are.
 */
import type { Plugin } from "vite";

/** True while Vite builds the browser's bundles. */
function clientBuild(config: { build: { ssr?: unknown } }): boolean {
  return !config.build.ssr;
}

/**
 * The route table vinxi generates (module "vinxi/routes") holds, for each page, two loaders of its component: "build",
 * there only so that the bundler emits the chunk, and "import", which looks that chunk's file up in window.manifest at
 * run time; plus the route file's path and the id of its `route` export, which nothing in the browser reads. Here the
 * bundler's loader becomes "import" (it also fetches the chunk's own imports at once) and the rest goes. The
 * component's manifest id stays: its styles are looked up by it.
 */
export function leanRouteTable(): Plugin {
  let client = false;
  return {
    name: "corates:lean-route-table",
    apply: "build",
    enforce: "pre",
    configResolved(config) {
      client = clientBuild(config);
    },
    transform(code, id) {
      if (!client || id !== "vinxi/routes") return;
      const pages = code.split('"$component":').length - 1;
      let loaders = 0;
      let out = code.replace(/"build":\s*(\(\)\s*=>\s*import\('[^']+'\)),\s*"import":\s*\(\(\)\s*=>\s*\{[^}]*\}\)/g, (_, build: string) => {
        loaders++;
        return `"import":${build}`;
      });
      // Each route's `route` export stays, without the id of the module it came from.
      out = out.replace(/("require":\s*\(\)\s*=>\s*\(\{[^}]*\}\)),\s*"src":\s*"[^"]*"/g, "$1").replace(/,\s*"filePath":\s*"[^"]*"/g, "");
      // A vinxi that writes the table differently must not pass silently (a page without a loader never shows).
      if (loaders !== pages || out.includes('"filePath"')) this.error(`lean-route-table: unexpected shape of vinxi/routes (${loaders} loaders, ${pages} pages)`);
      return { code: out, map: null };
    },
  };
}

/**
 * vinxi's client runtime ("vinxi/client") sets globalThis.MANIFEST to a manifest of every bundle (its handler, chunks
 * and inputs, with a path library and an assertion helper, about 1 KB of gzip). What the browser reads of it in
 * production is each page component's file and assets, which the server writes into every page as window.manifest;
 * this module gives exactly that.
 */
export function leanClientManifest(): Plugin {
  const id = "\0corates:client-manifest";
  let client = false;
  return {
    name: "corates:lean-client-manifest",
    apply: "build",
    enforce: "pre",
    configResolved(config) {
      client = clientBuild(config);
    },
    resolveId(source, _importer, options) {
      if (client && !options?.ssr && source === "vinxi/client") return id;
    },
    load(loaded) {
      if (loaded !== id) return;
      return `const entry = (input) => window.manifest[input];
const inputs = new Proxy({}, {
  get: (_, input) => ({
    output: { get path() { return entry(input).output; } },
    import: () => import(/* @vite-ignore */ entry(input).output),
    assets: async () => entry(input).assets,
  }),
});
globalThis.MANIFEST = { client: { inputs } };
`;
    },
  };
}
