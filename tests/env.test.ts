/**
 * Settings and secrets (src/server/env.ts): production refuses to start on a missing or weak secret or on the dev
 * mailbox, the API then answers a plain 500 without leaking anything, and the dev mailbox does not exist in production.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { handleApi } from "~/server/api/handler";
import { ConfigError, readEnv, type WorkerBindings } from "~/server/env";
import { defaultRateLimits } from "~/server/rate-limit";
import { configError, prodBindings } from "./env-fixtures";
import { createTestApp, TEST_SECRET, type TestApp } from "./harness";

describe("readEnv", () => {
  it("accepts a complete production configuration, without the dev mailbox", () => {
    const env = readEnv(prodBindings({ APP_URL: "https://corates.example/" }));
    expect(env).toEqual({
      mode: "production",
      appUrl: "https://corates.example",
      authSecret: TEST_SECRET,
      email: { transport: "http", from: "CoRATES <no-reply@corates.example>", apiUrl: "https://api.provider.example/emails", apiKey: "provider-key" },
      devMailbox: false,
      // Rate limits are on in production with the default table when nothing overrides them.
      rateLimits: defaultRateLimits,
      // No provider sign-in unless configured (tests/social-env.test.ts).
      social: [],
      // No site admins unless ADMIN_EMAILS names them (tests/admin.test.ts).
      adminEmails: [],
    });
  });

  it("enables the dev mailbox outside production", () => {
    expect(readEnv(prodBindings({ APP_ENV: "development", EMAIL_TRANSPORT: "dev" })).devMailbox).toBe(true);
    expect(readEnv(prodBindings({ APP_ENV: "test", EMAIL_TRANSPORT: "dev" })).devMailbox).toBe(true);
  });

  it("throws ConfigError naming BETTER_AUTH_SECRET when it is missing in production", () => {
    expect(configError(prodBindings({ BETTER_AUTH_SECRET: undefined })).message).toContain("BETTER_AUTH_SECRET");
    expect(configError(prodBindings({ BETTER_AUTH_SECRET: "" })).message).toContain("BETTER_AUTH_SECRET");
  });

  it("throws ConfigError naming BETTER_AUTH_SECRET when it is short, without repeating the value", () => {
    const weak = "hunter2-is-weak";
    const err = configError(prodBindings({ BETTER_AUTH_SECRET: weak }));
    expect(err.message).toContain("BETTER_AUTH_SECRET");
    expect(err.message).not.toContain(weak);
    // 31 characters is one too few.
    expect(configError(prodBindings({ BETTER_AUTH_SECRET: "x".repeat(31) })).message).toContain("BETTER_AUTH_SECRET");
    expect(readEnv(prodBindings({ BETTER_AUTH_SECRET: "x".repeat(32) })).authSecret).toHaveLength(32);
  });

  it("has no fallback secret in any mode", () => {
    for (const mode of ["development", "test"]) {
      expect(configError(prodBindings({ APP_ENV: mode, EMAIL_TRANSPORT: "dev", BETTER_AUTH_SECRET: undefined })).message).toContain("BETTER_AUTH_SECRET");
    }
  });

  it("throws ConfigError naming EMAIL_TRANSPORT when production would use the dev mailbox", () => {
    const err = configError(prodBindings({ EMAIL_TRANSPORT: "dev", EMAIL_API_URL: undefined, EMAIL_API_KEY: undefined }));
    expect(err.message).toContain("EMAIL_TRANSPORT");
  });

  it("requires the provider URL and key for http email", () => {
    expect(configError(prodBindings({ EMAIL_API_KEY: undefined })).message).toMatch(/EMAIL_API_KEY/);
    expect(configError(prodBindings({ EMAIL_API_URL: undefined })).message).toMatch(/EMAIL_API_URL/);
  });

  it("production refuses an http:// APP_URL except on the local machine", () => {
    for (const url of ["http://corates.example", "http://corates.example:8080/", "http://localhost.evil.example", "http://127.0.0.2", "http://10.0.0.1"]) {
      expect(configError(prodBindings({ APP_URL: url })).message).toContain("APP_URL");
    }
    for (const url of ["http://localhost:8787", "http://127.0.0.1:8787", "http://[::1]:8787", "http://localhost"]) {
      expect(readEnv(prodBindings({ APP_URL: url })).appUrl).toBe(url);
    }
    // Outside production plain http stays allowed (a laptop on the local network).
    expect(readEnv(prodBindings({ APP_ENV: "development", EMAIL_TRANSPORT: "dev", APP_URL: "http://192.168.1.20:3000" })).appUrl).toBe("http://192.168.1.20:3000");
  });

  it("names other missing or invalid settings", () => {
    expect(configError(prodBindings({ APP_ENV: undefined })).message).toContain("APP_ENV");
    expect(configError(prodBindings({ APP_ENV: "staging" })).message).toContain("APP_ENV");
    expect(configError(prodBindings({ APP_URL: undefined })).message).toContain("APP_URL");
    expect(configError(prodBindings({ APP_URL: "ftp://corates.example" })).message).toContain("APP_URL");
    expect(configError(prodBindings({ EMAIL_TRANSPORT: "smtp" })).message).toContain("EMAIL_TRANSPORT");
    expect(configError(prodBindings({ EMAIL_FROM: undefined })).message).toContain("EMAIL_FROM");
  });
});

describe("the API with a broken configuration", () => {
  const weak = "short-secret-value";
  const scope = { waitUntil: () => {} };

  async function call(bindings: WorkerBindings, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { origin: "https://corates.example" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await handleApi(new Request(`https://corates.example${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), bindings, scope);
    return { status: res.status, text: await res.text() };
  }

  it("answers 500 INTERNAL on every route, without the secret or the configuration details", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const bindings = prodBindings({ BETTER_AUTH_SECRET: weak });
    for (const [method, path, body] of [
      ["GET", "/api/me"],
      ["POST", "/api/orgs", { name: "X" }],
      ["POST", "/api/auth/sign-in/email", { email: "a@example.com", password: "password123" }],
      ["GET", "/api/dev/emails"],
    ] as const) {
      const res = await call(bindings, method, path, body);
      expect(res.status).toBe(500);
      const parsed = JSON.parse(res.text);
      expect(parsed).toEqual({ error: { code: "INTERNAL", message: expect.any(String) } });
      expect(res.text).not.toContain(weak);
      expect(res.text).not.toContain("BETTER_AUTH_SECRET");
    }
    // The operator sees what is wrong in the logs.
    expect(logged.mock.calls.flat().join(" ")).toContain("BETTER_AUTH_SECRET");
    vi.restoreAllMocks();
  });

  it("answers 500 INTERNAL when the secret is missing entirely", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await call(prodBindings({ BETTER_AUTH_SECRET: undefined }), "GET", "/api/me");
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text).error.code).toBe("INTERNAL");
    vi.restoreAllMocks();
  });
});

describe("production mode", () => {
  let app: TestApp;
  beforeAll(
    async () =>
      (app = await createTestApp({ APP_ENV: "production", EMAIL_TRANSPORT: "http", EMAIL_API_URL: "http://127.0.0.1:9/emails", EMAIL_API_KEY: "fake-key" })),
  );
  afterAll(() => app.close());

  it("has no dev mailbox endpoint: 404 NOT_FOUND", async () => {
    for (const path of ["/api/dev/emails", `/api/dev/emails?to=${encodeURIComponent("someone@example.com")}`]) {
      const res = await app.request("GET", path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
      expect(res.body).not.toHaveProperty("items");
    }
  });

  it("still serves the rest of the API", async () => {
    const u = await app.createUser({ name: "Prod" });
    const me = await app.request("GET", "/api/me", { as: u });
    expect(me.status).toBe(200);
    expect(me.body.user.name).toBe("Prod");
  });

  it("the same app outside production does list the mailbox", async () => {
    const dev = await createTestApp();
    try {
      const res = await dev.request("GET", "/api/dev/emails");
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [] });
    } finally {
      await dev.close();
    }
  });
});
