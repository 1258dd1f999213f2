/**
 * Sign-in with ORCID and Google through Better Auth's generic OAuth plugin, end to end against the local OpenID
 * Connect stand-ins (real discovery, keys, PKCE, nonce and signed ID tokens): newcomers, returning people, linking by
 * verified email and never by an unverified one, and every way a callback can go wrong landing on /signin.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { account, session, user, verification } from "~/db/schema";
import { APP_URL, createTestApp, lastEmail, type TestApp } from "./harness";
import { atProvider, callBack, signInWith, socialSettings, startAt, whoIs } from "./social-flow";

let app: TestApp;
let n = 0;
const email = (what: string) => `${what}-${++n}-${crypto.randomUUID().slice(0, 6)}@example.org`;

beforeAll(async () => {
  app = await createTestApp(socialSettings());
});
afterAll(() => app.close());

async function accountsOf(userId: string) {
  return app.db.select({ providerId: account.providerId, accountId: account.accountId }).from(account).where(eq(account.userId, userId));
}

async function userByEmail(address: string) {
  const [row] = await app.db.select().from(user).where(eq(user.email, address));
  return row;
}

describe("signing in with a provider", () => {
  it("makes a newcomer an account with a verified address and brings them back to where they started", async () => {
    const address = email("newcomer");
    const landed = await signInWith(app, "orcid", { email: address, name: "Ada Researcher" }, { callbackURL: "/invite/abc" });
    expect(landed.status).toBe(302);
    expect(landed.location).toBe("/invite/abc");
    expect(landed.signedIn).toBe(true);
    const me = await whoIs(app, landed.cookie);
    expect(me?.email).toBe(address);
    const row = await userByEmail(address);
    expect(row).toMatchObject({ name: "Ada Researcher", emailVerified: true });
    const accounts = await accountsOf(row!.id);
    expect(accounts).toHaveLength(1);
    // The ORCID iD is the account's key.
    expect(accounts[0]).toMatchObject({ providerId: "orcid", accountId: expect.stringMatching(/^0000-000\d-\d{4}-\d{4}$/) });
  });

  it("asks a person with two-factor for their code after the provider, with no session until then", async () => {
    const address = email("second-factor");
    const first = await signInWith(app, "orcid", { email: address }, { callbackURL: "/orgs/lab" });
    expect(first.signedIn).toBe(true);
    await app.db.update(user).set({ twoFactorEnabled: true }).where(eq(user.email, address));
    const sessionsBefore = (await app.db.select().from(session).where(eq(session.userId, (await userByEmail(address))!.id))).length;

    const again = await signInWith(app, "orcid", { email: address }, { callbackURL: "/orgs/lab" });
    expect(again.status).toBe(302);
    expect(again.location).toBe(`/signin?step=two-factor&next=${encodeURIComponent("/orgs/lab")}`);
    expect(again.signedIn).toBe(false);
    expect(await whoIs(app, again.cookie)).toBeNull();
    // The provider's sign-in left no session behind: the code step makes it.
    expect((await app.db.select().from(session).where(eq(session.userId, (await userByEmail(address))!.id))).length).toBe(sessionsBefore);
  });

  it("signs a returning person into the same account, found by the provider's subject", async () => {
    const address = email("returning");
    const first = await signInWith(app, "google", { email: address });
    const again = await signInWith(app, "google", { email: address });
    expect(again.signedIn).toBe(true);
    expect((await whoIs(app, again.cookie))?.id).toBe((await whoIs(app, first.cookie))?.id);
    expect(await app.db.select().from(user).where(eq(user.email, address))).toHaveLength(1);
  });

  it("asks the provider with state, a PKCE challenge (S256), a nonce and our own callback address", async () => {
    const started = await startAt(app, "orcid", { callbackURL: "/" });
    expect(started.status).toBe(200);
    const q = started.authorizeUrl!.searchParams;
    expect(started.authorizeUrl!.origin).toBe(new URL(socialSettings().ORCID_ISSUER!).origin);
    expect(q.get("state")).toMatch(/^.{20,}$/);
    expect(q.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("nonce")).toBeTruthy();
    expect(q.get("scope")?.split(" ")).toContain("openid");
    expect(q.get("redirect_uri")).toBe(`${APP_URL}/api/auth/callback/orcid`);
    expect(q.get("client_id")).toBe("corates-test-orcid");
    // The secret never travels through the browser.
    expect(started.authorizeUrl!.href).not.toContain("orcid-test-secret");
  });

  it("refuses a return address on another site", async () => {
    for (const field of ["callbackURL", "errorCallbackURL", "newUserCallbackURL"]) {
      const res = await app.request("POST", "/api/auth/sign-in/social", { body: { provider: "orcid", callbackURL: "/", [field]: "https://evil.example/steal" } });
      expect(res.status, field).toBe(403);
      expect(res.body.code).toMatch(/^INVALID_(ERROR_|NEW_USER_)?CALLBACK_URL$/);
    }
  });

  it("answers a provider that is not configured without sending anyone anywhere", async () => {
    const res = await app.request("POST", "/api/auth/sign-in/social", { body: { provider: "github", callbackURL: "/" } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body?.url).toBeUndefined();
  });
});

describe("linking by email", () => {
  it("links a provider whose verified email matches an existing account, and signs that account in", async () => {
    const existing = await app.createUser({ email: email("existing"), name: "Existing Person" });
    const landed = await signInWith(app, "google", { email: existing.email.toUpperCase(), name: "Someone Else" });
    expect(landed.location).toBe("/");
    expect((await whoIs(app, landed.cookie))?.id).toBe(existing.id);
    expect(await accountsOf(existing.id)).toEqual([expect.objectContaining({ providerId: "google" })]);
    // The name stays the person's own.
    expect((await userByEmail(existing.email))!.name).toBe("Existing Person");
  });

  it("never links an unverified provider email: the sign-in is refused on /signin and nothing is written", async () => {
    const existing = await app.createUser({ email: email("victim") });
    const sessionsBefore = await app.db.select().from(session).where(eq(session.userId, existing.id));
    const landed = await signInWith(app, "orcid", { email: existing.email, verified: false });
    expect(landed.location).toBe("/signin?social=orcid&error=account_not_linked");
    expect(landed.signedIn).toBe(false);
    expect(await accountsOf(existing.id)).toEqual([]);
    expect(await app.db.select().from(session).where(eq(session.userId, existing.id))).toHaveLength(sessionsBefore.length);
  });

  it("does not link to an account whose own address was never verified", async () => {
    const unverified = await app.createUser({ email: email("unverified-local"), verified: false });
    const landed = await signInWith(app, "google", { email: unverified.email });
    expect(landed.location).toBe("/signin?social=google&error=account_not_linked");
    expect(await accountsOf(unverified.id)).toEqual([]);
  });

  it("gives a newcomer with an unverified provider email no session until the address is verified", async () => {
    const address = email("unverified-newcomer");
    const landed = await signInWith(app, "google", { email: address, verified: false });
    expect(landed.location).toBe("/signin?social=google&error=email_not_verified");
    expect(landed.signedIn).toBe(false);
    expect(await userByEmail(address)).toMatchObject({ emailVerified: false });
    expect((await lastEmail(app, address))?.subject).toMatch(/verify/i);
  });
});

describe("callbacks that go wrong land on /signin with a reason, never a 500", () => {
  it("refuses a state we never issued", async () => {
    const started = await startAt(app, "orcid");
    const back = await atProvider(started.authorizeUrl!, { email: email("forged") });
    back.searchParams.set("state", "a-state-this-server-never-issued");
    const landed = await callBack(app, back, started.cookie);
    expect(landed.status).toBe(302);
    expect(landed.location).toBe("/signin?social=failed&error=state_mismatch");
    expect(landed.signedIn).toBe(false);
  });

  it("refuses a real state brought back by another browser (no state cookie): login CSRF", async () => {
    const attacker = email("attacker");
    const started = await startAt(app, "orcid");
    const back = await atProvider(started.authorizeUrl!, { email: attacker });
    // The victim's browser follows the attacker's callback link without the attacker's cookies.
    const landed = await callBack(app, back, "");
    expect(landed.location).toBe("/signin?social=orcid&error=state_mismatch");
    expect(landed.signedIn).toBe(false);
    expect(await userByEmail(attacker)).toBeUndefined();
  });

  it("refuses a code issued for another sign-in (PKCE): the provider checks the verifier", async () => {
    const victim = await startAt(app, "orcid");
    const attacker = await startAt(app, "orcid");
    const stolen = await atProvider(attacker.authorizeUrl!, { email: email("pkce") });
    const victimBack = await atProvider(victim.authorizeUrl!, { email: email("pkce-victim") });
    // The attacker's code, injected into the victim's own callback (right state, right cookie, wrong verifier).
    victimBack.searchParams.set("code", stolen.searchParams.get("code")!);
    const landed = await callBack(app, victimBack, victim.cookie);
    expect(landed.location).toBe("/signin?social=orcid&error=invalid_code");
    expect(landed.signedIn).toBe(false);
  });

  it("reports a person who declined at the provider", async () => {
    const started = await startAt(app, "google");
    const landed = await callBack(app, await atProvider(started.authorizeUrl!, { deny: true }), started.cookie);
    expect(landed.location).toMatch(/^\/signin\?social=google&error=access_denied/);
    expect(landed.signedIn).toBe(false);
  });

  it("uses each state once", async () => {
    const started = await startAt(app, "orcid");
    const back = await atProvider(started.authorizeUrl!, { email: email("once") });
    expect((await callBack(app, back, started.cookie)).signedIn).toBe(true);
    const replay = await callBack(app, back, started.cookie);
    expect(replay.signedIn).toBe(false);
    expect(replay.location).toMatch(/^\/signin\?social=/);
  });

  it("answers junk at the callback with a redirect to /signin", async () => {
    for (const search of ["", "?state=", "?code=x", "?error=server_error", `?state=${"x".repeat(5000)}&code=y`, "?state[]=1&code=2"]) {
      const res = await app.request("GET", `/api/auth/callback/orcid${search}`);
      expect(res.status, search).toBe(302);
      expect(res.headers.get("location"), search).toMatch(new RegExp(`^${APP_URL}/signin\\?social=failed&error=`));
    }
  });
});

describe("without providers configured", () => {
  it("offers no provider sign-in", async () => {
    const plain = await createTestApp();
    const res = await plain.request("POST", "/api/auth/sign-in/social", { body: { provider: "orcid", callbackURL: "/" } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(plain.ctx.env.social).toEqual([]);
    await plain.close();
  });

  it("reads a provider's discovery document only when it is used: an unreachable provider breaks nothing else", async () => {
    const down = await createTestApp({ ...socialSettings(), ORCID_ISSUER: "http://127.0.0.1:9" });
    const res = await down.request("POST", "/api/auth/sign-in/social", { body: { provider: "orcid", callbackURL: "/" } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    // The other provider and every other way in still work.
    expect((await signInWith(down, "google", { email: email("google-while-orcid-down") })).signedIn).toBe(true);
    expect((await down.request("POST", "/api/auth/sign-in/magic-link", { body: { email: email("magic"), callbackURL: "/" } })).status).toBe(200);
    await down.close();
  });

  it("keeps provider accounts apart per provider", async () => {
    const address = email("both");
    await signInWith(app, "orcid", { email: address });
    await signInWith(app, "google", { email: address });
    const row = await userByEmail(address);
    expect((await accountsOf(row!.id)).map((a) => a.providerId).sort()).toEqual(["google", "orcid"]);
    expect(await app.db.select().from(account).where(and(eq(account.userId, row!.id), eq(account.providerId, "credential")))).toEqual([]);
  });
});

describe("starting provider sign-ins is limited per client address", () => {
  it("the start over the limit answers 429 and stores no state", async () => {
    const small = await createTestApp({ ...socialSettings(), RATE_LIMIT_MULTIPLIER: "1", RATE_LIMITS: JSON.stringify({ providerSignInPerAddress: { limit: 3 } }) });
    const states = async () => (await small.db.select().from(verification)).length;
    for (let i = 0; i < 3; i++) expect((await startAt(small, i % 2 ? "google" : "orcid", { callbackURL: "/" })).status).toBe(200);
    const before = await states();
    const over = await small.request("POST", "/api/auth/sign-in/social", { body: { provider: "orcid", callbackURL: "/" } });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe("RATE_LIMITED");
    expect(over.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await states()).toBe(before);
    await small.close();
  });
});
