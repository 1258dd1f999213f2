/**
 * The build on disk (.output, from `vinxi build`), read in Node: by vitest.built.config.ts (the Worker's modules), by
 * tests/setup-build.ts (what tests inside workerd learn of the build) and by tests that only read files.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const OUTPUT = join(process.cwd(), ".output");
export const PUBLIC_DIR = join(OUTPUT, "public");
export const SERVER_DIR = join(OUTPUT, "server");

export function requireBuild(): void {
  if (!existsSync(join(SERVER_DIR, "index.mjs")) || !existsSync(PUBLIC_DIR)) {
    throw new Error(`No build in ${OUTPUT}: run \`npx vinxi build\` first (\`npm run test:e2e\` does it before these tests).`);
  }
}

export function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => ext.test(f))
    .map((f) => join(dir, f));
}

// An id is the source path with every non-word character as "_", then "--", then `<export>_<serverQuery|action>` (the wrapper it is made with).
const ID = String.raw`[A-Za-z0-9_$]+--[A-Za-z0-9_$]+`;

/** The ids in SolidStart's server-function manifest (`"<id>": { functionName, importer }` in the server bundle). */
export function readServerManifestIds(): string[] {
  const ids = new Set<string>();
  const entry = new RegExp(`"(${ID})"\\s*:\\s*\\{\\s*functionName\\s*:`, "g");
  for (const file of filesUnder(SERVER_DIR, /\.mjs$/)) {
    for (const m of readFileSync(file, "utf8").matchAll(entry)) ids.add(m[1]!);
  }
  return [...ids].sort();
}

/** Every createServerReference(fn, "<id>", "<name>") in the client bundles, as [id, name] pairs. */
export function readClientReferences(): [string, string][] {
  const refs = new Map<string, string>();
  const call = new RegExp(`"(${ID})"\\s*,\\s*"((?:[^"\\\\]|\\\\.)*)"`, "g");
  for (const file of filesUnder(join(PUBLIC_DIR, "_build"), /\.js$/)) {
    for (const m of readFileSync(file, "utf8").matchAll(call)) refs.set(m[1]!, JSON.parse(`"${m[2]!}"`));
  }
  return [...refs];
}

/** The built Worker's modules for Miniflare, listed one by one (its module walker cannot follow Nitro's computed
 * dynamic imports), after `entry`: a module of our own placed beside index.mjs. */
export function workerModules(entry: string) {
  requireBuild();
  const files = readdirSync(SERVER_DIR, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".mjs"));
  return [
    { type: "ESModule" as const, path: join(SERVER_DIR, "__test-entry.mjs"), contents: readFileSync(entry, "utf8") },
    // The D1 fault wrapper the entry applies on request (tests/faulty-d1.mjs), the same code the workerd tests use.
    { type: "ESModule" as const, path: join(SERVER_DIR, "__test-faults.mjs"), contents: readFileSync(fileURLToPath(new URL("../faulty-d1.mjs", import.meta.url)), "utf8") },
    ...files.map((f) => ({ type: "ESModule" as const, path: join(SERVER_DIR, f) })),
  ];
}
