/**
 * Sign-in methods on /account: linking a provider while signed in (Better Auth's link-social, through the stand-in),
 * the list the account page reads in its one batch, and unlinking (never the last method, never someone else's).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { account } from "~/db/schema";
import { getAccountPage } from "~/server/pages/account";
import { getSession } from "~/server/session";
import { createTestApp, type TestApp, type TestUser } from "./harness";
import { atProvider, callBack, signInWith, socialSettings, startAt, whoIs } from "./social-flow";

let app: TestApp;
let n = 0;
const email = (what: string) => `${what}-${++n}-${crypto.randomUUID().slice(0, 6)}@example.org`;

beforeAll(async () => {
  app = await createTestApp(socialSettings());
});
afterAll(() => app.close());

async function methodsOf(u: TestUser) {
  return app.run(async (ctx) => {
    const current = await getSession(ctx, new Headers({ cookie: u.cookie }));
    return (await getAccountPage(ctx, current!)).methods;
  });
}

async function link(u: TestUser, provider: "orcid" | "google", person: { email: string; verified?: boolean }) {
  const started = await startAt(app, provider, { as: u, link: true, callbackURL: `/account?linked=${provider}`, errorCallbackURL: `/account?social=${provider}` });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  return callBack(app, await atProvider(started.authorizeUrl!, person), started.cookie);
}

describe("linking a provider from /account", () => {
  it("adds a provider account with another verified address; signing in with it then opens this account", async () => {
    const u = await app.signInWithPassword();
    const gmail = email("personal-gmail");
    const landed = await link(u, "google", { email: gmail });
    expect(landed.location).toBe("/account?linked=google");
    expect((await methodsOf(u)).map((m) => m.providerId).sort()).toEqual(["credential", "google"]);
    const later = await signInWith(app, "google", { email: gmail });
    expect((await whoIs(app, later.cookie))?.id).toBe(u.id);
  });

  it("refuses a provider account whose address the provider has not verified", async () => {
    const u = await app.signInWithPassword();
    const landed = await link(u, "orcid", { email: u.email, verified: false });
    expect(landed.location).toBe("/account?social=orcid&error=unable_to_link_account");
    expect((await methodsOf(u)).map((m) => m.providerId)).toEqual(["credential"]);
  });

  it("refuses a provider account that already belongs to someone else", async () => {
    const owner = email("orcid-owner");
    await signInWith(app, "orcid", { email: owner });
    const u = await app.signInWithPassword();
    const landed = await link(u, "orcid", { email: owner });
    expect(landed.location).toBe("/account?social=orcid&error=account_already_linked_to_different_user");
    expect((await methodsOf(u)).map((m) => m.providerId)).toEqual(["credential"]);
  });

  it("needs a signed-in person", async () => {
    const res = await app.request("POST", "/api/auth/link-social", { body: { provider: "google", callbackURL: "/account" } });
    expect(res.status).toBe(401);
  });
});

describe("unlinking", () => {
  it("removes a method when another remains", async () => {
    const u = await app.signInWithPassword();
    await link(u, "google", { email: u.email });
    const google = (await methodsOf(u)).find((m) => m.providerId === "google")!;
    const res = await app.request("POST", "/api/auth/unlink-account", { as: u, body: { accountId: google.id } });
    expect(res.status).toBe(200);
    expect((await methodsOf(u)).map((m) => m.providerId)).toEqual(["credential"]);
  });

  it("never removes the last method", async () => {
    const address = email("orcid-only");
    const landed = await signInWith(app, "orcid", { email: address });
    const me = (await whoIs(app, landed.cookie))!;
    const [only] = await app.db.select({ id: account.id }).from(account).where(eq(account.userId, me.id));
    const res = await app.request("POST", "/api/auth/unlink-account", { as: landed.cookie, body: { accountId: only!.id } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("FAILED_TO_UNLINK_LAST_ACCOUNT");
    expect(await app.db.select().from(account).where(eq(account.userId, me.id))).toHaveLength(1);
  });

  it("cannot remove someone else's method", async () => {
    const victim = await app.signInWithPassword();
    await link(victim, "google", { email: victim.email });
    const target = (await methodsOf(victim)).find((m) => m.providerId === "google")!;
    const attacker = await app.signInWithPassword();
    await link(attacker, "orcid", { email: attacker.email });
    const res = await app.request("POST", "/api/auth/unlink-account", { as: attacker, body: { accountId: target.id } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("ACCOUNT_NOT_FOUND");
    expect((await methodsOf(victim)).map((m) => m.providerId).sort()).toEqual(["credential", "google"]);
  });

  it("needs a signed-in person", async () => {
    const res = await app.request("POST", "/api/auth/unlink-account", { body: { accountId: "anything" } });
    expect(res.status).toBe(401);
  });
});
