/**
 * Better Auth through our API handler, on a real D1: sign-up, verification, password sign-in, password reset and magic
 * link, with every email read back from the dev mailbox the way a person would click it.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, user } from "~/db/schema";
import { APP_URL, createTestApp, lastEmail, type ApiResponse, type TestApp } from "./harness";

let app: TestApp;
beforeAll(async () => (app = await createTestApp()));
afterAll(() => app.close());

const PASSWORD = "correct horse battery";

/** The cookie header a browser would send back after this response (cleared cookies dropped). */
function cookieFrom(res: ApiResponse): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((pair) => pair.split("=")[1] !== "")
    .join("; ");
}

/** The path and query of an emailed link: what app.request takes. */
function pathOf(link: string): string {
  const url = new URL(link);
  expect(url.origin).toBe(APP_URL);
  return url.pathname + url.search;
}

async function signUp(email: string, password = PASSWORD, name = "Ada Lovelace") {
  return app.request("POST", "/api/auth/sign-up/email", { body: { name, email, password } });
}

async function signIn(email: string, password = PASSWORD) {
  return app.request("POST", "/api/auth/sign-in/email", { body: { email, password } });
}

async function userRow(email: string) {
  const rows = await app.db.select().from(user).where(eq(user.email, email));
  return rows[0];
}

async function mailCount(to: string): Promise<number> {
  const res = await app.request("GET", `/api/dev/emails?to=${encodeURIComponent(to)}`);
  return res.body.items.length;
}

async function verify(email: string): Promise<ApiResponse> {
  const mail = await lastEmail(app, email);
  expect(mail?.link).toBeTruthy();
  return app.request("GET", pathOf(mail!.link!));
}

describe("sign-up and email verification", () => {
  const email = "ada@example.com";

  it("sign-up creates an unverified user and sends a verification email with a full URL", async () => {
    const res = await signUp(email);
    expect(res.status).toBe(200);
    // No session before verification.
    expect(res.body.token ?? null).toBeNull();
    expect(cookieFrom(res)).not.toContain("session_token");

    const row = await userRow(email);
    expect(row).toMatchObject({ email, name: "Ada Lovelace", emailVerified: false });

    const mail = await lastEmail(app, email);
    expect(mail).not.toBeNull();
    expect(mail!.subject).toMatch(/verify/i);
    expect(mail!.link).toMatch(new RegExp(`^${APP_URL}/api/auth/verify-email\\?token=`));
  });

  it("password sign-in is refused before verification", async () => {
    const res = await signIn(email);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("EMAIL_NOT_VERIFIED");
    expect(cookieFrom(res)).not.toContain("session_token");
    expect((await userRow(email))!.emailVerified).toBe(false);
  });

  it("following the verification link verifies the user; then password sign-in works and /api/me answers", async () => {
    const res = await verify(email);
    expect(res.status).toBeLessThan(400);
    expect((await userRow(email))!.emailVerified).toBe(true);

    const signedIn = await signIn(email);
    expect(signedIn.status).toBe(200);
    const cookie = cookieFrom(signedIn);
    expect(cookie).toContain("better-auth.session_token=");

    const me = await app.request("GET", "/api/me", { as: cookie });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      // A new account: the first-run step (/welcome) is still to do.
      user: { id: (await userRow(email))!.id, name: "Ada Lovelace", email, emailVerified: true, twoFactorEnabled: false, username: null, persona: null, profileCompleted: false, role: "user", image: null },
      activeOrgId: null,
    });
  });

  it("a wrong password is refused with Better Auth's code", async () => {
    const res = await signIn(email, "not the password");
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("INVALID_EMAIL_OR_PASSWORD");
  });

  it("a tampered verification token verifies nothing", async () => {
    const other = "grace@example.com";
    await signUp(other);
    const link = (await lastEmail(app, other))!.link!;
    const bad = new URL(link);
    bad.searchParams.set("token", bad.searchParams.get("token")!.slice(0, -4) + "AAAA");
    await app.request("GET", bad.pathname + bad.search);
    expect((await userRow(other))!.emailVerified).toBe(false);
  });

  it("stores and mails the address lower-cased; sign-in ignores case", async () => {
    const res = await signUp("Mixed.Case@Example.COM");
    expect(res.status).toBe(200);
    expect(await userRow("mixed.case@example.com")).toMatchObject({ emailVerified: false });
    await verify("mixed.case@example.com");
    expect((await signIn("MIXED.case@example.com")).status).toBe(200);
  });

  it("passwords under 8 characters are refused and create no user", async () => {
    const short = "shorty@example.com";
    const res = await signUp(short, "1234567");
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("PASSWORD_TOO_SHORT");
    expect(await userRow(short)).toBeUndefined();
    expect(await mailCount(short)).toBe(0);
  });

  it("an 8-character password is accepted", async () => {
    const res = await signUp("eight@example.com", "12345678");
    expect(res.status).toBe(200);
    expect(await userRow("eight@example.com")).toBeDefined();
  });
});

describe("forgotten password", () => {
  const email = "reset@example.com";
  const newPassword = "a brand new passphrase";

  beforeAll(async () => {
    await signUp(email);
    await verify(email);
  });

  it("the reset link sets a new password and the old one stops working", async () => {
    const oldSession = cookieFrom(await signIn(email));
    expect((await app.request("GET", "/api/me", { as: oldSession })).status).toBe(200);
    const before = await mailCount(email);
    const res = await app.request("POST", "/api/auth/request-password-reset", { body: { email, redirectTo: "/reset-password" } });
    expect(res.status).toBe(200);
    expect(await mailCount(email)).toBe(before + 1);

    const mail = await lastEmail(app, email);
    expect(mail!.subject).toMatch(/reset/i);
    expect(mail!.link).toMatch(new RegExp(`^${APP_URL}/api/auth/reset-password/`));

    // The emailed link redirects to our page with the token in the query, as a browser would see it.
    const landing = await app.request("GET", pathOf(mail!.link!));
    expect(landing.status).toBe(302);
    const target = new URL(landing.headers.get("location")!, APP_URL);
    expect(target.pathname).toBe("/reset-password");
    const token = target.searchParams.get("token");
    expect(token).toBeTruthy();

    const reset = await app.request("POST", "/api/auth/reset-password", { body: { token, newPassword } });
    expect(reset.status).toBe(200);

    const old = await signIn(email);
    expect(old.status).toBe(401);
    expect(old.body.code).toBe("INVALID_EMAIL_OR_PASSWORD");
    const fresh = await signIn(email, newPassword);
    expect(fresh.status).toBe(200);
    expect(cookieFrom(fresh)).toContain("better-auth.session_token=");
    // Sessions that existed before the reset are revoked (someone else may have held them).
    const stale = await app.request("GET", "/api/me", { as: oldSession });
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe("AUTH_REQUIRED");

    // The token is single-use.
    const again = await app.request("POST", "/api/auth/reset-password", { body: { token, newPassword: "yet another password" } });
    expect(again.status).toBe(400);
    expect((await signIn(email, newPassword)).status).toBe(200);
  });

  it("a reset to a too-short password is refused", async () => {
    await app.request("POST", "/api/auth/request-password-reset", { body: { email, redirectTo: "/reset-password" } });
    const landing = await app.request("GET", pathOf((await lastEmail(app, email))!.link!));
    const token = new URL(landing.headers.get("location")!, APP_URL).searchParams.get("token");
    const res = await app.request("POST", "/api/auth/reset-password", { body: { token, newPassword: "short" } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("PASSWORD_TOO_SHORT");
    expect((await signIn(email, newPassword)).status).toBe(200);
  });

  it("an unknown address gets the same answer as a known one and no email is written", async () => {
    const unknown = "nobody-here@example.com";
    const outboxBefore = (await app.db.select().from(emailOutbox)).length;
    const known = await app.request("POST", "/api/auth/request-password-reset", { body: { email, redirectTo: "/reset-password" } });
    const outboxMiddle = (await app.db.select().from(emailOutbox)).length;
    const res = await app.request("POST", "/api/auth/request-password-reset", { body: { email: unknown, redirectTo: "/reset-password" } });

    expect(res.status).toBe(known.status);
    expect(res.body).toEqual(known.body);
    expect(outboxMiddle).toBe(outboxBefore + 1);
    expect((await app.db.select().from(emailOutbox)).length).toBe(outboxMiddle);
    expect(await app.db.select().from(emailOutbox).where(eq(emailOutbox.to, unknown))).toEqual([]);
    expect(await mailCount(unknown)).toBe(0);
  });
});

describe("magic link", () => {
  it("the email arrives and following its link yields a session", async () => {
    const email = "magic@example.com";
    const res = await app.request("POST", "/api/auth/sign-in/magic-link", { body: { email, callbackURL: "/" } });
    expect(res.status).toBe(200);

    const mail = await lastEmail(app, email);
    expect(mail!.subject).toMatch(/sign-in link/i);
    expect(mail!.link).toMatch(new RegExp(`^${APP_URL}/api/auth/magic-link/verify\\?token=`));

    const landing = await app.request("GET", pathOf(mail!.link!));
    expect(landing.status).toBe(302);
    const cookie = cookieFrom(landing);
    expect(cookie).toContain("better-auth.session_token=");

    const me = await app.request("GET", "/api/me", { as: cookie });
    expect(me.status).toBe(200);
    // The click proved ownership of the address: the account exists and is verified.
    expect(me.body.user).toMatchObject({ email, emailVerified: true });
    expect((await userRow(email))!.emailVerified).toBe(true);

    // The link works once.
    const replay = await app.request("GET", pathOf(mail!.link!));
    expect(cookieFrom(replay)).not.toContain("better-auth.session_token=");
  });

  it("an existing user's magic link signs in that user", async () => {
    const email = "ada@example.com";
    const existing = await userRow(email);
    await app.request("POST", "/api/auth/sign-in/magic-link", { body: { email, callbackURL: "/" } });
    const landing = await app.request("GET", pathOf((await lastEmail(app, email))!.link!));
    const me = await app.request("GET", "/api/me", { as: cookieFrom(landing) });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(existing!.id);
  });
});

describe("names of people: trimmed, 1-100 characters, no control characters, on every door", () => {
  const bad: [string, string][] = [
    ["50,000 characters", "n".repeat(50_000)],
    ["101 characters", "n".repeat(101)],
    ["CR/LF inside", "Ada\r\nBcc: victim@example.com"],
    ["LF inside", "Ada\nLovelace"],
    ["NUL", "Ada\u0000Lovelace"],
    ["DEL", "Ada\u007fLovelace"],
    ["C1 (next line)", "Ada\u0085Lovelace"],
    ["tab inside", "Ada\tLovelace"],
  ];

  it("sign-up refuses bad names with 400 VALIDATION_FAILED on the name field and creates nothing", async () => {
    for (const [i, [what, name]] of bad.entries()) {
      const email = `bad-name-${i}@example.com`;
      const res = await signUp(email, PASSWORD, name);
      expect(res.status, what).toBe(400);
      expect(res.body.error.code, what).toBe("VALIDATION_FAILED");
      expect(res.body.error.details.fields.name, what).toEqual(expect.any(String));
      expect(await userRow(email), what).toBeUndefined();
      expect(await mailCount(email), what).toBe(0);
    }
  });

  it("sign-up keeps a 100-character name and trims outer spaces", async () => {
    const long = "L".repeat(100);
    expect((await signUp("hundred@example.com", PASSWORD, `  ${long}  `)).status).toBe(200);
    expect((await userRow("hundred@example.com"))!.name).toBe(long);
  });

  it("update-user (the account page's name change) refuses bad and blank names and keeps the old one", async () => {
    const u = await app.createUser({ name: "Original Name" });
    for (const [what, name] of [...bad, ["blank", "   "] as [string, string], ["empty", ""] as [string, string]]) {
      const res = await app.request("POST", "/api/auth/update-user", { as: u, body: { name } });
      expect(res.status, what).toBe(400);
      expect(res.body.error.code, what).toBe("VALIDATION_FAILED");
      expect(res.body.error.details.fields.name, what).toEqual(expect.any(String));
    }
    expect((await userRow(u.email))!.name).toBe("Original Name");

    const ok = await app.request("POST", "/api/auth/update-user", { as: u, body: { name: "  Grace Hopper  " } });
    expect(ok.status).toBe(200);
    expect((await userRow(u.email))!.name).toBe("Grace Hopper");
  });

  it("a magic-link sign-up without a name gets one from the address that meets the rule", async () => {
    const local = "m".repeat(64);
    const email = `${local}@example.com`;
    expect((await app.request("POST", "/api/auth/sign-in/magic-link", { body: { email, callbackURL: "/" } })).status).toBe(200);
    await app.request("GET", pathOf((await lastEmail(app, email))!.link!));
    expect((await userRow(email))!.name).toBe(local);
  });
});
