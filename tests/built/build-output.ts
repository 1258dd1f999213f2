/**
 * What the build says about server functions: the server's manifest (what /_server can run) and the references in the
 * client bundles (what any visitor's browser, or any other site, learns and can call). Read from disk in Node by
 * tests/setup-build.ts and handed to the tests inside workerd with `inject`.
 */
import { inject } from "vitest";

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

/** Fails clearly when run without the build (tests/setup-build.ts provides it, or stops the run first). */
export function requireBuild(): void {
  if (!inject("builtOutput")) throw new Error("No build output provided: run these tests with vitest.built.config.ts after `npx vinxi build`.");
}

/** The ids in SolidStart's server-function manifest (`"<id>": { functionName, importer }` in the server bundle). */
export function serverManifestIds(): string[] {
  return inject("builtOutput").serverManifestIds;
}

/** Every createServerReference(fn, "<id>", "<name>") in the client bundles: id -> name. */
export function clientReferences(): Map<string, string> {
  return new Map(inject("builtOutput").clientReferences);
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
