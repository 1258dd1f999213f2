/**
 * The local OpenID Connect stand-ins (vitest globalSetup, run in Node): one for ORCID and one for Google, each a real
 * HTTP server (scripts/oidc-stand-in.mjs) that Better Auth inside workerd reaches for discovery, keys and tokens, as
 * it would reach orcid.org. Tests read their issuers with `inject("oidcIssuers")` (tests/social-flow.ts).
 */
import type { TestProject } from "vitest/node";
import { startOidcStandIn } from "../scripts/oidc-stand-in.mjs";

declare module "vitest" {
  interface ProvidedContext {
    oidcIssuers: { orcid: string; google: string };
  }
}

export default async function setup(project: TestProject) {
  const orcid = await startOidcStandIn({ name: "ORCID" });
  const google = await startOidcStandIn({ name: "Google" });
  project.provide("oidcIssuers", { orcid: orcid.issuer, google: google.issuer });
  return async () => {
    await orcid.stop();
    await google.stop();
  };
}
