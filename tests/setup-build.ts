/**
 * Reads the build once in Node (vitest globalSetup of vitest.built.config.ts) and hands the tests inside workerd, which
 * cannot read the disk, what they need to know of it: the server-function manifest and the client bundles' references.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { gzipSync } from "node:zlib";
import type { TestProject } from "vitest/node";
import { filesUnder, PUBLIC_DIR, readClientReferences, readServerManifestIds, requireBuild } from "./built/build-files";

declare module "vitest" {
  interface ProvidedContext {
    builtOutput: {
      serverManifestIds: string[];
      clientReferences: [string, string][];
      /** The gzip size of every client script, by its URL path (/_build/assets/…). */
      assetGzipSizes: Record<string, number>;
    };
  }
}

export default function setup(project: TestProject) {
  requireBuild();
  const assetGzipSizes: Record<string, number> = {};
  for (const file of filesUnder(PUBLIC_DIR, /\.js$/)) assetGzipSizes[`/${relative(PUBLIC_DIR, file).split("\\").join("/")}`] = gzipSync(readFileSync(file)).length;
  project.provide("builtOutput", { serverManifestIds: readServerManifestIds(), clientReferences: readClientReferences(), assetGzipSizes });
}
