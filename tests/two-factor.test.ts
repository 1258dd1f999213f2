/**
 * Two-factor authentication through the real Better Auth endpoints on a real D1: enrolling, the code step of password
 * and magic-link sign-in, trusted devices, backup codes, disabling, and the app's own rules around the plugin
 * (a code works once, attempts are rate-limited per account, people without a password use a code).
 */
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { twoFactor, user, verification } from "~/db/schema";
import { APP_URL, createTestApp, lastEmail, type TestApp } from "./harness";
import { enrol, Jar, nextCode, PASSWORD, passwordUser, signIn } from "./two-factor-fixtures";

let app: TestApp;
beforeAll(async () => (app = await createTestApp()));
afterAll(() => app.close());

const me = (jar: Jar) => app.request("GET", "/api/me", { as: jar.header || null });
const enabledInDb = async (email: string) => (await app.db.select({ on: user.twoFactorEnabled }).from(user).where(eq(user.email, email)))[0]?.on;

describe("enrolling", () => {
  it("needs the password, gives a secret and ten backup codes, and turns on only after a valid code", async () => {
    const email = "enrol@example.com";
    const jar = await passwordUser(app, email);
    expect((await me(jar)).body.user.twoFactorEnabled).toBe(false);

    const wrong = await app.request("POST", "/api/auth/two-factor/enable", { as: jar.header, body: { password: "not my password" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe("INVALID_PASSWORD");

    const enabled = await app.request("POST", "/api/auth/two-factor/enable", { as: jar.header, body: { password: PASSWORD } });
    expect(enabled.status).toBe(200);
    expect(enabled.body.totpURI).toMatch(/^otpauth:\/\/totp\/CoRATES:enrol%40example\.com\?secret=[A-Z2-7]+/);
    expect(enabled.body.backupCodes).toHaveLength(10);
    expect(new Set(enabled.body.backupCodes).size).toBe(10);
    // Not on until a code proves the app was set up.
    expect(await enabledInDb(email)).toBe(false);

    const bad = await app.request("POST", "/api/auth/two-factor/verify-totp", { as: jar.header, body: { code: "000000" } });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe("INVALID_CODE");
    expect(await enabledInDb(email)).toBe(false);

    const { authenticator } = await import("./two-factor-fixtures");
    const ok = await app.request("POST", "/api/auth/two-factor/verify-totp", { as: jar.header, body: { code: authenticator(enabled.body.totpURI).generate() } });
    expect(ok.status).toBe(200);
    jar.take(ok);
    expect(await enabledInDb(email)).toBe(true);
    expect((await me(jar)).body.user).toMatchObject({ email, twoFactorEnabled: true });
    // The secret and the codes are stored encrypted, never as shown.
    const [row] = await app.db.select().from(twoFactor);
    expect(row!.secret).not.toContain(new URL(enabled.body.totpURI).searchParams.get("secret"));
    expect(row!.backupCodes).not.toContain(enabled.body.backupCodes[0]);
  });

  it("refuses a second enrolment while one is on", async () => {
    const jar = await passwordUser(app, "twice@example.com");
    await enrol(app, jar);
    const again = await app.request("POST", "/api/auth/two-factor/enable", { as: jar.header, body: { password: PASSWORD } });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("TOTP_ALREADY_ENABLED");
  });
});

describe("signing in with a password", () => {
  it("answers twoFactorRedirect without a session, then a code finishes it", async () => {
    const email = "code-step@example.com";
    const { totp } = await enrol(app, await passwordUser(app, email));

    const { res, jar } = await signIn(app, email);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ twoFactorRedirect: true });
    expect(res.body.token).toBeUndefined();
    expect(jar.has("session_token")).toBe(false);
    expect(jar.has("two_factor")).toBe(true);
    // The pending cookie is no session, for Better Auth and for our reader alike.
    expect((await me(jar)).status).toBe(401);
    expect((await app.request("GET", "/api/auth/get-session", { as: jar.header })).body).toBeNull();

    const wrong = await app.request("POST", "/api/auth/two-factor/verify-totp", { as: jar.header, body: { code: "123456" } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe("INVALID_CODE");

    const ok = await app.request("POST", "/api/auth/two-factor/verify-totp", { as: jar.header, body: { code: nextCode(totp) } });
    expect(ok.status).toBe(200);
    jar.take(ok);
    expect(jar.has("two_factor")).toBe(false);
    expect((await me(jar)).body.user.email).toBe(email);
  });

  it("refuses a code that was already used, and a code from long ago", async () => {
    const email = "reuse@example.com";
    const { totp } = await enrol(app, await passwordUser(app, email));
    const first = await signIn(app, email);
    const code = nextCode(totp);
    expect((await app.request("POST", "/api/auth/two-factor/verify-totp", { as: first.jar.header, body: { code } })).status).toBe(200);

    const second = await signIn(app, email);
    const reused = await app.request("POST", "/api/auth/two-factor/verify-totp", { as: second.jar.header, body: { code } });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe("TWO_FACTOR_CODE_USED");
    expect((await me(second.jar)).status).toBe(401);

    const old = await app.request("POST", "/api/auth/two-factor/verify-totp", { as: second.jar.header, body: { code: totp.generate({ timestamp: Date.now() - 5 * 60_000 }) } });
    expect(old.status).toBe(401);
    expect(old.body.code).toBe("INVALID_CODE");
  });

  it("an expired code step (over 10 minutes) must start again from the password", async () => {
    const email = "slow@example.com";
    const { totp } = await enrol(app, await passwordUser(app, email));
    const { jar } = await signIn(app, email);
    // The pending sign-in as it is 11 minutes later: its verification rows have expired.
    await app.db.update(verification).set({ expiresAt: new Date(Date.now() - 60_000) }).where(like(verification.identifier, "2fa-%"));
    const late = await app.request("POST", "/api/auth/two-factor/verify-totp", { as: jar.header, body: { code: nextCode(totp) } });
    expect(late.status).toBe(401);
    expect(late.body.code).toBe("INVALID_TWO_FACTOR_COOKIE");
    expect((await me(jar)).status).toBe(401);
  });

  it("takes a backup code once", async () => {
    const email = "backup@example.com";
    const { backupCodes } = await enrol(app, await passwordUser(app, email));
    const first = await signIn(app, email);
    const ok = await app.request("POST", "/api/auth/two-factor/verify-backup-code", { as: first.jar.header, body: { code: backupCodes[0] } });
    expect(ok.status).toBe(200);
    expect((await me(first.jar.take(ok))).status).toBe(200);

    const second = await signIn(app, email);
    const reused = await app.request("POST", "/api/auth/two-factor/verify-backup-code", { as: second.jar.header, body: { code: backupCodes[0] } });
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe("INVALID_BACKUP_CODE");
  });

  it("skips the code on a device trusted for 30 days, and not on another", async () => {
    const email = "trusted@example.com";
    const { totp } = await enrol(app, await passwordUser(app, email));
    const first = await signIn(app, email);
    const ok = await app.request("POST", "/api/auth/two-factor/verify-totp", { as: first.jar.header, body: { code: nextCode(totp), trustDevice: true } });
    expect(ok.status).toBe(200);
    const trust = ok.headers.getSetCookie().find((c) => c.includes("trust_device="));
    expect(trust).toMatch(/Max-Age=2592000/);

    // Signed out, the same browser keeps its trust cookie and signs in with the password alone.
    const device = first.jar.take(ok).without("session_token");
    expect(device.has("trust_device")).toBe(true);
    const again = await signIn(app, email, device);
    expect(again.res.body.twoFactorRedirect).toBeUndefined();
    expect((await me(again.jar)).body.user.email).toBe(email);

    const elsewhere = await signIn(app, email);
    expect(elsewhere.res.body.twoFactorRedirect).toBe(true);
  });
});

describe("signing in with a magic link", () => {
  it("stops at the code page with no session, keeping where the link was going", async () => {
    const email = "magic-2fa@example.com";
    const { totp } = await enrol(app, await passwordUser(app, email));
    await app.request("POST", "/api/auth/sign-in/magic-link", { body: { email, callbackURL: "/orgs/lab" } });
    const link = (await lastEmail(app, email))!.link!;
    const res = await app.request("GET", new URL(link).pathname + new URL(link).search);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${APP_URL}/signin?step=two-factor&next=%2Forgs%2Flab`);
    const jar = new Jar().take(res);
    expect(jar.has("session_token")).toBe(false);
    expect((await me(jar)).status).toBe(401);

    const ok = await app.request("POST", "/api/auth/two-factor/verify-totp", { as: jar.header, body: { code: nextCode(totp) } });
    expect(ok.status).toBe(200);
    expect((await me(jar.take(ok))).body.user.email).toBe(email);
  });

  it("still signs in people without two-factor directly", async () => {
    const email = "magic-plain@example.com";
    await passwordUser(app, email);
    await app.request("POST", "/api/auth/sign-in/magic-link", { body: { email, callbackURL: "/" } });
    const link = (await lastEmail(app, email))!.link!;
    const res = await app.request("GET", new URL(link).pathname + new URL(link).search);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${APP_URL}/`);
    expect((await me(new Jar().take(res))).body.user.email).toBe(email);
  });
});

describe("disabling and new backup codes", () => {
  it("need the password; new codes replace the old ones; disabling turns it off", async () => {
    const email = "disable@example.com";
    const jar = await passwordUser(app, email);
    const { backupCodes } = await enrol(app, jar);

    const noPassword = await app.request("POST", "/api/auth/two-factor/generate-backup-codes", { as: jar.header, body: {} });
    expect(noPassword.status).toBe(400);
    const wrong = await app.request("POST", "/api/auth/two-factor/generate-backup-codes", { as: jar.header, body: { password: "wrong password" } });
    expect(wrong.body.code).toBe("INVALID_PASSWORD");
    const fresh = await app.request("POST", "/api/auth/two-factor/generate-backup-codes", { as: jar.header, body: { password: PASSWORD } });
    expect(fresh.status).toBe(200);
    expect(fresh.body.backupCodes).toHaveLength(10);
    expect(fresh.body.backupCodes).not.toContain(backupCodes[0]);

    expect((await app.request("POST", "/api/auth/two-factor/disable", { as: jar.header, body: { password: "wrong password" } })).body.code).toBe("INVALID_PASSWORD");
    expect(await enabledInDb(email)).toBe(true);
    const off = await app.request("POST", "/api/auth/two-factor/disable", { as: jar.header, body: { password: PASSWORD } });
    expect(off.status).toBe(200);
    jar.take(off);
    expect(await enabledInDb(email)).toBe(false);
    expect((await me(jar)).body.user.twoFactorEnabled).toBe(false);
    expect((await signIn(app, email)).res.body.twoFactorRedirect).toBeUndefined();
  });

  it("a person without a password disables with a fresh code instead", async () => {
    const email = "linkonly@example.com";
    await app.request("POST", "/api/auth/sign-in/magic-link", { body: { email, callbackURL: "/" } });
    const link = (await lastEmail(app, email))!.link!;
    const jar = new Jar().take(await app.request("GET", new URL(link).pathname + new URL(link).search));
    const enabled = await app.request("POST", "/api/auth/two-factor/enable", { as: jar.header, body: {} });
    expect(enabled.status).toBe(200);
    const { authenticator } = await import("./two-factor-fixtures");
    const totp = authenticator(enabled.body.totpURI);
    jar.take(await app.request("POST", "/api/auth/two-factor/verify-totp", { as: jar.header, body: { code: totp.generate() } }));
    expect(await enabledInDb(email)).toBe(true);

    const bare = await app.request("POST", "/api/auth/two-factor/disable", { as: jar.header, body: {} });
    expect(bare.status).toBe(400);
    expect(bare.body.error.code).toBe("VALIDATION_FAILED");
    const badCode = await app.request("POST", "/api/auth/two-factor/disable", { as: jar.header, body: { code: "999999" } });
    expect(badCode.status).toBe(401);
    expect(await enabledInDb(email)).toBe(true);
    const off = await app.request("POST", "/api/auth/two-factor/disable", { as: jar.header, body: { code: nextCode(totp) } });
    expect(off.status).toBe(200);
    expect(await enabledInDb(email)).toBe(false);
  });
});

describe("limits on the code step", () => {
  it("stops guessing one account's codes at the per-account limit (real limits)", async () => {
    const strict = await createTestApp({ RATE_LIMIT_MULTIPLIER: "1" });
    try {
      const email = "guess@example.com";
      await enrol(strict, new Jar((await strict.signInWithPassword({ email })).cookie));
      const { jar } = await signIn(strict, email);
      const statuses: number[] = [];
      // Fresh pending sign-ins each time, so Better Auth's own per-challenge limit (5) is not what stops it.
      let pending = jar;
      for (let i = 0; i < 12; i++) {
        if (i % 4 === 0) pending = (await signIn(strict, email)).jar;
        statuses.push((await strict.request("POST", "/api/auth/two-factor/verify-totp", { as: pending.header, body: { code: String(100000 + i) } })).status);
      }
      // Enrolling counted twice (the password, then the first code); eight wrong codes reach the limit of ten.
      expect(statuses).toEqual([...Array(8).fill(401), 429, 429, 429, 429]);
    } finally {
      await strict.close();
    }
  });
});

it("the origin check covers the code step", async () => {
  const res = await app.request("POST", "/api/auth/two-factor/verify-totp", { headers: { origin: "https://evil.example" }, body: { code: "123456" } });
  expect(res.status).toBe(403);
  expect(APP_URL).not.toContain("evil");
});
