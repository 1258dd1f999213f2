/**
 * Passkeys through Better Auth's real passkey endpoints on a real D1, with a software authenticator
 * (tests/passkey-authenticator.ts): registering needs a session, signing in with one counts as two factors (no code
 * step, and a workspace that requires two-factor lets the session in), nobody can remove or rename another person's
 * passkey, hostile input answers 4xx and writes nothing, and the ceremonies are rate-limited per client address.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organization, passkey, session, user } from "~/db/schema";
import { createTestApp, type TestApp, type TestUser } from "./harness";
import { makeOrg } from "./org-fixtures";
import { SoftPasskey } from "./passkey-authenticator";
import { enrol, Jar, passwordUser, signIn } from "./two-factor-fixtures";

let app: TestApp;
beforeAll(async () => (app = await createTestApp()));
afterAll(() => app.close());

const passkeysOf = (userId: string) => app.db.select().from(passkey).where(eq(passkey.userId, userId));

/** Registers `device` for the person in `jar` as /account does: options, the authenticator's answer, verification. */
async function register(jar: Jar, device: SoftPasskey, name: string | undefined = "Laptop") {
  const options = await app.request("GET", `/api/auth/passkey/generate-register-options${name ? `?name=${encodeURIComponent(name)}` : ""}`, { as: jar.header });
  expect(options.status).toBe(200);
  jar.take(options);
  const res = await app.request("POST", "/api/auth/passkey/verify-registration", { as: jar.header, body: { response: device.register(options.body), ...(name === undefined ? {} : { name }) } });
  jar.take(res);
  return res;
}

/** Signs in with `device` from a browser holding `jar` (a fresh one: signed out), as /signin does. */
async function passkeySignIn(device: SoftPasskey, jar = new Jar()) {
  const options = await app.request("GET", "/api/auth/passkey/generate-authenticate-options", { as: jar.header || null });
  expect(options.status).toBe(200);
  jar.take(options);
  const res = await app.request("POST", "/api/auth/passkey/verify-authentication", { as: jar.header, body: { response: device.authenticate(options.body) } });
  return { res, jar: jar.take(res) };
}

const jarOf = (u: TestUser) => new Jar(u.cookie);

describe("registering", () => {
  it("stores the passkey under the person, with its name, and lists it", async () => {
    const u = await app.createUser({ email: "pk-register@example.com" });
    const jar = jarOf(u);
    const res = await register(jar, new SoftPasskey(), "  Work laptop  ");
    expect(res.status).toBe(200);
    const rows = await passkeysOf(u.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "Work laptop", userId: u.id, counter: 0 });
    const listed = await app.request("GET", "/api/auth/passkey/list-user-passkeys", { as: jar.header });
    expect(listed.status).toBe(200);
    expect(listed.body.map((p: { name: string }) => p.name)).toEqual(["Work laptop"]);
  });

  it("is refused without a session, and writes nothing", async () => {
    const options = await app.request("GET", "/api/auth/passkey/generate-register-options", { as: null });
    expect(options.status).toBe(401);
    const verify = await app.request("POST", "/api/auth/passkey/verify-registration", { as: null, body: { response: new SoftPasskey().register({ challenge: "x" }), name: "Sneaky" } });
    expect(verify.status).toBe(401);
    expect(await app.db.select().from(passkey).where(eq(passkey.name, "Sneaky"))).toHaveLength(0);
  });

  it("refuses a challenge issued to someone else", async () => {
    const alice = jarOf(await app.createUser({ email: "pk-alice@example.com" }));
    const mallory = await app.createUser({ email: "pk-mallory@example.com" });
    const options = await app.request("GET", "/api/auth/passkey/generate-register-options", { as: alice.header });
    alice.take(options);
    // Mallory's session with Alice's challenge cookie.
    const mixed = new Jar(`${alice.without("session_token").header}; ${mallory.cookie}`);
    const res = await app.request("POST", "/api/auth/passkey/verify-registration", { as: mixed.header, body: { response: new SoftPasskey().register(options.body), name: "Mixed" } });
    expect(res.status).toBe(401);
    expect(await passkeysOf(mallory.id)).toHaveLength(0);
  });
});

describe("signing in with a passkey", () => {
  it("gives a session marked as two-factor, and /api/me answers for it", async () => {
    const u = await app.createUser({ email: "pk-signin@example.com" });
    const device = new SoftPasskey();
    expect((await register(jarOf(u), device)).status).toBe(200);
    const { res, jar } = await passkeySignIn(device);
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe("pk-signin@example.com");
    const me = await app.request("GET", "/api/me", { as: jar.header });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(u.id);
    const rows = await app.db.select({ passkeySignIn: session.passkeySignIn }).from(session).where(eq(session.userId, u.id));
    expect(rows.filter((r) => r.passkeySignIn)).toHaveLength(1);
    expect((await passkeysOf(u.id))[0]!.counter).toBe(1);
  });

  it("skips the code step of a person with two-factor on", async () => {
    const email = "pk-totp@example.com";
    const jar = await passwordUser(app, email);
    await enrol(app, jar);
    const device = new SoftPasskey();
    expect((await register(jar, device)).status).toBe(200);
    // A password still stops at the code step …
    expect((await signIn(app, email)).res.body.twoFactorRedirect).toBe(true);
    // … a passkey does not: it is the second factor itself.
    const { res, jar: signedIn } = await passkeySignIn(device);
    expect(res.status).toBe(200);
    expect(res.body.twoFactorRedirect).toBeUndefined();
    expect((await app.request("GET", "/api/me", { as: signedIn.header })).body.user.email).toBe(email);
  });

  it("a passkey nobody registered is refused, and makes no session", async () => {
    const before = (await app.db.select().from(session)).length;
    const { res } = await passkeySignIn(new SoftPasskey());
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("PASSKEY_NOT_FOUND");
    expect((await app.db.select().from(session)).length).toBe(before);
  });

  it("a challenge answers once", async () => {
    const u = await app.createUser({ email: "pk-replay@example.com" });
    const device = new SoftPasskey();
    await register(jarOf(u), device);
    const jar = new Jar();
    const options = await app.request("GET", "/api/auth/passkey/generate-authenticate-options", { as: null });
    jar.take(options);
    const answer = device.authenticate(options.body);
    expect((await app.request("POST", "/api/auth/passkey/verify-authentication", { as: jar.header, body: { response: answer } })).status).toBe(200);
    const replay = await app.request("POST", "/api/auth/passkey/verify-authentication", { as: jar.without("session_token").header, body: { response: answer } });
    expect(replay.status).toBe(400);
    expect(replay.body.code).toBe("CHALLENGE_NOT_FOUND");
  });
});

describe("a workspace that requires two-factor", () => {
  it("lets in a member whose session began with a passkey, and still stops their password session", async () => {
    const f = await makeOrg(app, "Passkey Rule");
    await app.db.update(organization).set({ requireTwoFactor: true }).where(eq(organization.id, f.orgId));
    const email = "pk-member@example.com";
    const password = await passwordUser(app, email);
    const [row] = await app.db.select({ id: user.id }).from(user).where(eq(user.email, email));
    await app.run(async (ctx) => {
      const { member } = await import("~/db/schema");
      await ctx.db.insert(member).values({ id: crypto.randomUUID(), organizationId: f.orgId, userId: row!.id, role: "member", createdAt: new Date() });
    });
    const device = new SoftPasskey();
    expect((await register(password, device)).status).toBe(200);

    const refused = await app.request("GET", `/api/orgs/${f.orgId}`, { as: password.header });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("TWO_FACTOR_REQUIRED");

    const { jar } = await passkeySignIn(device);
    const admitted = await app.request("GET", `/api/orgs/${f.orgId}`, { as: jar.header });
    expect(admitted.status).toBe(200);
    expect(admitted.body).toMatchObject({ id: f.orgId, requireTwoFactor: true });
  });
});

describe("removing and renaming", () => {
  it("the owner removes their passkey; nobody else can remove or rename it", async () => {
    const owner = await app.createUser({ email: "pk-owner@example.com" });
    const other = await app.createUser({ email: "pk-other@example.com" });
    await register(jarOf(owner), new SoftPasskey(), "Phone");
    const [pk] = await passkeysOf(owner.id);

    const del = await app.request("POST", "/api/auth/passkey/delete-passkey", { as: other, body: { id: pk!.id } });
    expect(del.status).toBe(401);
    const rename = await app.request("POST", "/api/auth/passkey/update-passkey", { as: other, body: { id: pk!.id, name: "Mine now" } });
    expect(rename.status).toBe(401);
    const anonymous = await app.request("POST", "/api/auth/passkey/delete-passkey", { as: null, body: { id: pk!.id } });
    expect(anonymous.status).toBe(401);
    expect(await passkeysOf(owner.id)).toMatchObject([{ id: pk!.id, name: "Phone" }]);

    const mine = await app.request("POST", "/api/auth/passkey/delete-passkey", { as: owner, body: { id: pk!.id } });
    expect(mine.status).toBe(200);
    expect(await passkeysOf(owner.id)).toHaveLength(0);
  });
});

describe("hostile input", () => {
  it("bad names are refused before anything is stored", async () => {
    const u = await app.createUser({ email: "pk-names@example.com" });
    for (const name of ["   ", "a".repeat(65), "bad\u0000name", "line\nbreak", 42] as unknown[]) {
      const jar = jarOf(u);
      const options = await app.request("GET", "/api/auth/passkey/generate-register-options", { as: jar.header });
      jar.take(options);
      const res = await app.request("POST", "/api/auth/passkey/verify-registration", { as: jar.header, body: { response: new SoftPasskey().register(options.body), name } });
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(res.body.error.details.fields.name).toBeTruthy();
    }
    expect(await passkeysOf(u.id)).toHaveLength(0);
    // Renaming follows the same rule.
    await register(jarOf(u), new SoftPasskey(), "Tablet");
    const [pk] = await passkeysOf(u.id);
    const rename = await app.request("POST", "/api/auth/passkey/update-passkey", { as: u, body: { id: pk!.id, name: "x".repeat(200) } });
    expect(rename.status).toBe(400);
    expect((await passkeysOf(u.id))[0]!.name).toBe("Tablet");
  });

  it("malformed ceremonies answer 4xx, never 5xx, and store nothing", async () => {
    const u = await app.createUser({ email: "pk-hostile@example.com" });
    const good = new SoftPasskey();
    const responses: unknown[] = [
      null,
      "not an object",
      {},
      { id: good.id, rawId: good.id, type: "public-key", response: {} },
      { id: good.id, rawId: good.id, type: "public-key", response: { clientDataJSON: "!!!", attestationObject: "???" } },
      { id: "x".repeat(5000), rawId: "y", type: "public-key", response: { clientDataJSON: "", attestationObject: "" } },
      { ...good.register({ challenge: "not-the-challenge" }) },
      { __proto__: { polluted: true }, constructor: { prototype: { x: 1 } } },
    ];
    for (const response of responses) {
      const jar = jarOf(u);
      const options = await app.request("GET", "/api/auth/passkey/generate-register-options", { as: jar.header });
      jar.take(options);
      const reg = await app.request("POST", "/api/auth/passkey/verify-registration", { as: jar.header, body: { response, name: "Hostile" } });
      expect(reg.status, `register ${JSON.stringify(response).slice(0, 80)}`).toBeGreaterThanOrEqual(400);
      expect(reg.status, JSON.stringify(reg.body)).toBeLessThan(500);

      const signInJar = new Jar();
      const authOptions = await app.request("GET", "/api/auth/passkey/generate-authenticate-options", { as: null });
      signInJar.take(authOptions);
      const auth = await app.request("POST", "/api/auth/passkey/verify-authentication", { as: signInJar.header, body: { response } });
      expect(auth.status, `sign in ${JSON.stringify(response).slice(0, 80)}`).toBeGreaterThanOrEqual(400);
      expect(auth.status).toBeLessThan(500);
      expect(auth.headers.getSetCookie().some((c) => c.includes("session_token=") && !/max-age=0/i.test(c))).toBe(false);
    }
    expect(await passkeysOf(u.id)).toHaveLength(0);
    for (const body of [{}, { id: 7 }, { id: "" }, { id: "no-such-passkey" }, { id: ["a"] }]) {
      const res = await app.request("POST", "/api/auth/passkey/delete-passkey", { as: u, body });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const badQuery = await app.request("GET", "/api/auth/passkey/generate-register-options?authenticatorAttachment=toaster", { as: u });
    expect(badQuery.status).toBe(400);
  });
});

describe("rate limits", () => {
  let small: TestApp;
  beforeAll(async () => (small = await createTestApp({ RATE_LIMIT_MULTIPLIER: "1", RATE_LIMITS: JSON.stringify({ passkeyPerAddress: { limit: 3 } }) })));
  afterAll(() => small.close());

  it("the passkey ceremonies count per client address, as password sign-in does", async () => {
    const headers = { "cf-connecting-ip": "203.0.113.77" };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await small.request("GET", "/api/auth/passkey/generate-authenticate-options", { as: null, headers })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const answer = await small.request("POST", "/api/auth/passkey/verify-authentication", { as: null, headers, body: { response: new SoftPasskey().authenticate({ challenge: "x" }) } });
    expect(answer.status).toBe(429);
    expect(answer.body.error.code).toBe("RATE_LIMITED");
    // Another address is not affected.
    expect((await small.request("GET", "/api/auth/passkey/generate-authenticate-options", { as: null, headers: { "cf-connecting-ip": "203.0.113.78" } })).status).toBe(200);
  });
});
