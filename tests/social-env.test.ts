/**
 * Provider settings (src/server/social-providers.ts through readEnv): a provider is on only when fully configured, a
 * half-configured one stops the app like any other configuration error, and production talks only to https issuers.
 */
import { describe, expect, it } from "vitest";
import { readEnv, type WorkerBindings } from "~/server/env";
import { configError, prodBindings as bindings } from "./env-fixtures";

/** What readEnv says when it refuses `b`. */
const refusal = (b: WorkerBindings) => configError(b).message;

describe("provider settings", () => {
  it("turns a provider on with its id and secret, at its real issuer unless told otherwise", () => {
    const env = readEnv(bindings({ ORCID_CLIENT_ID: "APP-123", ORCID_CLIENT_SECRET: "orcid-secret", GOOGLE_CLIENT_ID: "g.apps", GOOGLE_CLIENT_SECRET: "g-secret", GOOGLE_ISSUER: "https://accounts.google.com/" }));
    expect(env.social).toEqual([
      { id: "orcid", name: "ORCID", clientId: "APP-123", clientSecret: "orcid-secret", issuer: "https://orcid.org" },
      { id: "google", name: "Google", clientId: "g.apps", clientSecret: "g-secret", issuer: "https://accounts.google.com" },
    ]);
  });

  it("leaves a provider off when none of its settings are there (blank counts as missing)", () => {
    expect(readEnv(bindings({ ORCID_CLIENT_ID: " ", GOOGLE_ISSUER: "" })).social).toEqual([]);
  });

  it("refuses a half-configured provider, naming what is missing but never a secret's value", () => {
    const noSecret = refusal(bindings({ ORCID_CLIENT_ID: "APP-123" }));
    expect(noSecret).toMatch(/ORCID_CLIENT_SECRET missing/);
    const noId = refusal(bindings({ GOOGLE_CLIENT_SECRET: "very-secret-value" }));
    expect(noId).toMatch(/GOOGLE_CLIENT_ID missing/);
    expect(noId).not.toContain("very-secret-value");
    expect(refusal(bindings({ ORCID_ISSUER: "https://sandbox.orcid.org" }))).toMatch(/ORCID_CLIENT_ID and ORCID_CLIENT_SECRET missing/);
  });

  it("refuses an issuer that is not a URL, or plain http to another machine in production", () => {
    const set = { ORCID_CLIENT_ID: "APP-123", ORCID_CLIENT_SECRET: "s" };
    expect(refusal(bindings({ ...set, ORCID_ISSUER: "orcid.org" }))).toMatch(/ORCID_ISSUER: must be a URL/);
    expect(refusal(bindings({ ...set, ORCID_ISSUER: "http://orcid.example" }))).toMatch(/ORCID_ISSUER: must be https/);
    // A stand-in on this machine is fine (wrangler dev of a production build), and anywhere outside production.
    expect(readEnv(bindings({ ...set, ORCID_ISSUER: "http://127.0.0.1:8885" })).social[0]!.issuer).toBe("http://127.0.0.1:8885");
    expect(readEnv(bindings({ ...set, APP_ENV: "development", APP_URL: "http://localhost:8787", EMAIL_TRANSPORT: "dev", ORCID_ISSUER: "http://oidc.test:8080" })).social).toHaveLength(1);
  });

  it("reports provider problems together with the other settings' problems", () => {
    const message = refusal(bindings({ BETTER_AUTH_SECRET: "short", GOOGLE_CLIENT_ID: "g" }));
    expect(message).toMatch(/BETTER_AUTH_SECRET/);
    expect(message).toMatch(/GOOGLE_CLIENT_SECRET missing/);
  });
});
