/**
 * Reads the build once in Node (vitest globalSetup of vitest.built.config.ts) and hands the tests inside workerd, which
 * cannot read the disk, what they need to know of it: the server-function manifest and the client bundles' references.
 */
import type { TestProject } from "vitest/node";
import { readClientReferences, readServerManifestIds, requireBuild } from "./built/build-files";

declare module "vitest" {
  interface ProvidedContext {
    builtOutput: { serverManifestIds: string[]; clientReferences: [string, string][] };
  }
}

export default function setup(project: TestProject) {
  requireBuild();
  project.provide("builtOutput", { serverManifestIds: readServerManifestIds(), clientReferences: readClientReferences() });
}
