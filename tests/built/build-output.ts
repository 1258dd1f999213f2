/**
 * What the build says about server functions: the server's manifest (what /_server can run) and the references in the
 * client bundles (what any visitor's browser, or any other site, learns and can call).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const OUTPUT = join(process.cwd(), ".output");
export const PUBLIC_DIR = join(OUTPUT, "public");
export const SERVER_DIR = join(OUTPUT, "server");

export interface ServerFunction {
  /** e.g. src_rpc_members_ts--getMembersData_serverQuery: the file, the export and its wrapper. */
  id: string;
  /** The second half of X-Server-Id, as the client bundle sends it (the server does not read it). */
  name: string;
  /** Export name and kind parsed from the id, to find its matrix row. */
  file: string;
  exportName: string;
  kind: string;
}

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
export function serverManifestIds(): string[] {
  const ids = new Set<string>();
  const entry = new RegExp(`"(${ID})"\\s*:\\s*\\{\\s*functionName\\s*:`, "g");
  for (const file of filesUnder(SERVER_DIR, /\.mjs$/)) {
    for (const m of readFileSync(file, "utf8").matchAll(entry)) ids.add(m[1]!);
  }
  return [...ids].sort();
}

/** Every createServerReference(fn, "<id>", "<name>") in the client bundles: id -> name. */
export function clientReferences(): Map<string, string> {
  const refs = new Map<string, string>();
  const call = new RegExp(`"(${ID})"\\s*,\\s*"((?:[^"\\\\]|\\\\.)*)"`, "g");
  for (const file of filesUnder(join(PUBLIC_DIR, "_build"), /\.js$/)) {
    for (const m of readFileSync(file, "utf8").matchAll(call)) refs.set(m[1]!, JSON.parse(`"${m[2]!}"`));
  }
  return refs;
}

/** The built functions, named as the client calls them (the server's own reference for any the client never names). */
export function builtServerFunctions(): ServerFunction[] {
  const refs = clientReferences();
  return serverManifestIds().map((id) => {
    const [filePart, fn] = id.split("--") as [string, string];
    // The wrapper's name is the suffix: queries are made with serverQuery (src/lib/query.ts), actions with action.
    const m = /^(.*)_(serverQuery|action)$/.exec(fn);
    const kind = m?.[2] === "serverQuery" ? "query" : (m?.[2] ?? "?");
    return { id, name: refs.get(id) ?? "", file: filePart, exportName: m?.[1] ?? fn, kind };
  });
}

/** The id prefix a source file gets (src/rpc/members.ts -> src_rpc_members_ts). */
export function fileIdPart(file: string): string {
  return file.replace(/[^A-Za-z0-9_$]/g, "_");
}
