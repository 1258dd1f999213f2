/**
 * Rate limits on a real D1, at the production limits (RATE_LIMIT_MULTIPLIER "1"): password guessing against one
 * account stops at the 11th try while the rest of the address carries on, a lab's worth of sign-ups and invitations
 * from one address pass, concurrent hits count exactly, windows reset, state is shared by a second isolate (a second
 * app context on the same D1 binding), and sign-up and password reset answer alike for known and unknown addresses.
 */
import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, invitation, member, organization, projectInvitations, rateLimit, user } from "~/db/schema";
import { appContext } from "~/server/context";
import { ConfigError, readEnv, type WorkerBindings } from "~/server/env";
import { AppError } from "~/server/errors";
import { acceptInvitation, getInvitationByToken } from "~/server/domain/invitation-accept";
import { createOrg } from "~/server/domain/org-writes";
import { clientAddress, defaultRateLimits, deleteExpired, hit, type RateLimitName } from "~/server/rate-limit";
import { runInScope } from "~/server/request-scope";
import { createTestApp, lastEmail, type ApiResponse, type TestApp, type TestUser } from "./harness";

let app: TestApp;
beforeAll(async () => (app = await createTestApp({ RATE_LIMIT_MULTIPLIER: "1" })));
afterAll(() => app.close());

const PASSWORD = "correct horse battery";

const signUp = (email: string, name = "Ada Lovelace", headers?: Record<string, string>) =>
  app.request("POST", "/api/auth/sign-up/email", { body: { name, email, password: PASSWORD }, headers });
const signIn = (email: string, password: string, headers?: Record<string, string>) =>
  app.request("POST", "/api/auth/sign-in/email", { body: { email, password }, headers });

/** A verified account with a password, made the way people make one (sign-up), then marked verified. */
async function accountWithPassword(email: string): Promise<void> {
  expect((await signUp(email)).status).toBe(200);
  await app.db.update(user).set({ emailVerified: true }).where(eq(user.email, email));
}

async function counter(rule: RateLimitName, key: string) {
  const rows = await app.db.select().from(rateLimit).where(eq(rateLimit.key, `${rule}:${key}`));
  return rows[0];
}

const setCount = (rule: RateLimitName, key: string, count: number) => app.db.update(rateLimit).set({ count }).where(eq(rateLimit.key, `${rule}:${key}`));

function expectLimited(res: ApiResponse, maxWaitSeconds: number) {
  expect(res.status).toBe(429);
  expect(res.body.error.code).toBe("RATE_LIMITED");
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxWaitSeconds);
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    return err as AppError;
  }
  throw new Error("expected a rejection");
}

describe("password sign-in", () => {
  const victim = "victim@example.com";
  const bystander = "bystander@example.com";

  it("the 11th wrong password for one account in 15 minutes is refused with 429 and Retry-After", async () => {
    await accountWithPassword(victim);
    await accountWithPassword(bystander);
    for (let i = 1; i <= 10; i++) {
      const res = await signIn(victim, `wrong guess ${i}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("INVALID_EMAIL_OR_PASSWORD");
    }
    const eleventh = await signIn(victim, "wrong guess 11");
    expectLimited(eleventh, 15 * 60);
    // Same account in other letter case is the same account.
    expectLimited(await signIn("VICTIM@Example.com", "wrong guess 12"), 15 * 60);
  });

  it("while limited, even the right password is refused and no session is created", async () => {
    const res = await signIn(victim, PASSWORD);
    expectLimited(res, 15 * 60);
    expect(res.headers.getSetCookie().join(";")).not.toContain("session_token");
  });

  it("another account from the same address signs in normally", async () => {
    const res = await signIn(bystander, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(bystander);
    expect((await counter("signInPerAddress", "local"))!.count).toBeLessThan(defaultRateLimits.signInPerAddress.limit);
  });

  it("the account is let in again once its window has passed", async () => {
    const past = new Date(Date.now() - defaultRateLimits.signInPerEmail.windowSeconds * 1000 - 1000);
    await app.db.update(rateLimit).set({ windowStart: past }).where(eq(rateLimit.key, `signInPerEmail:${victim}`));
    const res = await signIn(victim, PASSWORD);
    expect(res.status).toBe(200);
    expect((await counter("signInPerEmail", victim))!.count).toBe(1);
  });

  it("the same limit holds for auth.api calls made by server functions (no HTTP request)", async () => {
    const email = "server-fn@example.com";
    await accountWithPassword(email);
    const call = () => app.run((ctx) => ctx.auth.api.signInEmail({ body: { email, password: "wrong password" }, headers: new Headers() }));
    for (let i = 0; i < 10; i++) await expect(call()).rejects.toMatchObject({ statusCode: 401 });
    const err = await rejection(call());
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe("per-address limits (on a second app with a small override)", () => {
  let small: TestApp;
  beforeAll(async () => (small = await createTestApp({ RATE_LIMIT_MULTIPLIER: "1", RATE_LIMITS: JSON.stringify({ signInPerAddress: { limit: 3 } }) })));
  afterAll(() => small.close());

  it("counts attempts per cf-connecting-ip across accounts; another address is unaffected", async () => {
    const from = (ip: string, n: number) =>
      small.request("POST", "/api/auth/sign-in/email", { body: { email: `nobody${n}@example.com`, password: "whatever1" }, headers: { "cf-connecting-ip": ip } });
    for (let n = 0; n < 3; n++) expect((await from("203.0.113.7", n)).status).toBe(401);
    expectLimited(await from("203.0.113.7", 3), 15 * 60);
    expect((await from("198.51.100.2", 4)).status).toBe(401);
  });
});

describe("sign-up", () => {
  it("fifty researchers behind one university address all sign up", async () => {
    const statuses: number[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => signUp(`researcher${batch * 10 + i}@uni.example`, `Researcher ${batch * 10 + i}`, { "cf-connecting-ip": "192.0.2.10" })),
      );
      statuses.push(...results.map((r) => r.status));
    }
    expect(statuses).toEqual(Array(50).fill(200));
    expect(await app.db.select({ id: user.id }).from(user).where(like(user.email, "researcher%@uni.example"))).toHaveLength(50);
    expect((await counter("signUpPerAddress", "192.0.2.10"))!.count).toBe(50);
  }, 240_000);

  it("one address can be signed up for at most 5 times an hour", async () => {
    const email = "repeat@example.com";
    for (let i = 0; i < 5; i++) expect((await signUp(email)).status).toBe(200);
    expectLimited(await signUp(email), 60 * 60);
  });

  it("answers alike whether or not the address already has an account", async () => {
    await accountWithPassword("known@example.com");
    await accountWithPassword("known2@example.com");
    await accountWithPassword("known3@example.com");
    // Names as typed, including the ones the app tidies up when it creates an account (spaces, none at all).
    for (const [i, name] of ["Someone Else", "  Spaced  Out  ", ""].entries()) {
      // Same local part on another domain: an empty name becomes the local part in both answers.
      const local = `known${i ? i + 1 : ""}`;
      const known = await signUp(`${local}@example.com`, name);
      const fresh = await signUp(`${local}@fresh.example`, name);
      expect(known.status).toBe(200);
      expect(fresh.status).toBe(200);
      // Only the random id, the address itself and the timestamps may differ.
      const shape = (r: ApiResponse) => ({ ...r.body, user: { ...r.body.user, id: "*", email: "*", createdAt: "*", updatedAt: "*" } });
      expect(shape(known)).toEqual(shape(fresh));
      expect(known.body.user).toMatchObject({ emailVerified: false });
      expect([...known.headers.keys()].sort()).toEqual([...fresh.headers.keys()].sort());
    }
    expect((await signUp("known@example.com")).body.user.id).not.toBe((await app.db.select().from(user).where(eq(user.email, "known@example.com")))[0]!.id);
  });
});

describe("emails to one address: password reset, magic link, verification resend", () => {
  it("password reset answers alike for known and unknown addresses", async () => {
    await accountWithPassword("reset-known@example.com");
    const known = await app.request("POST", "/api/auth/request-password-reset", { body: { email: "reset-known@example.com" } });
    const unknown = await app.request("POST", "/api/auth/request-password-reset", { body: { email: "reset-unknown@example.com" } });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(known.body).toEqual(unknown.body);
  });

  const cases: [string, string, (email: string) => Record<string, unknown>][] = [
    ["password reset", "/api/auth/request-password-reset", (email) => ({ email })],
    ["magic link", "/api/auth/sign-in/magic-link", (email) => ({ email })],
    ["verification resend", "/api/auth/send-verification-email", (email) => ({ email })],
  ];
  for (const [what, path, body] of cases) {
    it(`${what}: 5 an hour per target address, the 6th is refused; another address still gets one`, async () => {
      const email = `${what.replace(/\W/g, "-")}@example.com`;
      for (let i = 0; i < 5; i++) expect((await app.request("POST", path, { body: body(email) })).status).toBe(200);
      expectLimited(await app.request("POST", path, { body: body(email) }), 60 * 60);
      expect((await app.request("POST", path, { body: body(`other-${email}`) })).status).toBe(200);
    });
  }
});

describe("verification emails sent on sign-in", () => {
  // Better Auth sends a verification email on every password sign-in of an unverified account (sendOnSignIn). Those
  // count toward verificationEmailPerEmail; over the limit the email is not sent, and the sign-in still answers as
  // Better Auth does (403 EMAIL_NOT_VERIFIED), not 429: the answer says nothing new, only the inbox is spared.
  it("many sign-ins on an unverified account send at most 5 verification emails an hour", async () => {
    const email = "unverified-signin@example.com";
    expect((await signUp(email)).status).toBe(200);
    for (let i = 0; i < 9; i++) {
      const res = await signIn(email, PASSWORD);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe("EMAIL_NOT_VERIFIED");
    }
    const sent = await app.db.select().from(emailOutbox).where(eq(emailOutbox.to, email));
    expect(sent.filter((m) => m.kind === "verify-email")).toHaveLength(defaultRateLimits.verificationEmailPerEmail.limit);
    // The resend endpoint shares that budget.
    expectLimited(await app.request("POST", "/api/auth/send-verification-email", { body: { email } }), 60 * 60);
    expect(await app.db.select().from(emailOutbox).where(eq(emailOutbox.to, email))).toHaveLength(sent.length);
  });
});

describe("workspaces created per person", () => {
  it("10 a day pass; the 11th answers 429 with Retry-After and writes no org; the server function's door is the same; others go on", async () => {
    const maker = await app.createUser({ name: "Many Orgs" });
    const limit = defaultRateLimits.orgsCreatedPerUser.limit;
    expect(limit).toBe(10);
    for (let i = 0; i < limit; i++) expect((await app.request("POST", "/api/orgs", { as: maker, body: { name: `Lab ${i}` } })).status).toBe(201);
    const refused = await app.request("POST", "/api/orgs", { as: maker, body: { name: "One Lab Too Many" } });
    expectLimited(refused, 24 * 60 * 60);
    // The domain function the /orgs/new server function calls is held to the same count.
    await expect(app.run((ctx) => createOrg(ctx, new Headers({ cookie: maker.cookie }), { name: "Via Server Function" }, { activate: true }))).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await app.db.select().from(member).where(eq(member.userId, maker.id))).toHaveLength(limit);
    expect(await app.db.select().from(organization).where(like(organization.name, "%Too Many"))).toHaveLength(0);
    expect(await app.db.select().from(organization).where(eq(organization.name, "Via Server Function"))).toHaveLength(0);

    const other = await app.createUser({ name: "One Org" });
    expect((await app.request("POST", "/api/orgs", { as: other, body: { name: "Fresh Lab" } })).status).toBe(201);
  });
});

describe("the limiter itself", () => {
  it("30 concurrent hits on one key are counted exactly: 10 pass, 20 are refused", async () => {
    const key = "concurrent@example.com";
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => app.run((ctx) => hit(ctx, "signInPerEmail", key))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(20);
    expect(refused.every((r) => r.reason instanceof AppError && r.reason.code === "RATE_LIMITED")).toBe(true);
    expect((await counter("signInPerEmail", key))!.count).toBe(30);
  });

  it("lives in D1: a second isolate (a second app context on the same binding) sees and adds to the same count", async () => {
    const second = appContext({ ...app.bindings });
    expect(second).not.toBe(app.ctx);
    const key = "two-isolates@example.com";
    for (let i = 0; i < 5; i++) await app.run((ctx) => hit(ctx, "signInPerEmail", key));
    for (let i = 0; i < 5; i++) await hit(second, "signInPerEmail", key);
    const err = await rejection(hit(second, "signInPerEmail", key));
    expect(err.code).toBe("RATE_LIMITED");
    await expect(app.run((ctx) => hit(ctx, "signInPerEmail", key))).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect((await counter("signInPerEmail", key))!.count).toBe(12);
  });

  it("Retry-After is the time left in the window, and a new window starts from 1", async () => {
    const key = "window@example.com";
    const windowMs = defaultRateLimits.signInPerEmail.windowSeconds * 1000;
    for (let i = 0; i < 10; i++) await app.run((ctx) => hit(ctx, "signInPerEmail", key));
    // Ten minutes into the 15-minute window: about five minutes left.
    await app.db.update(rateLimit).set({ windowStart: new Date(Date.now() - 10 * 60_000) }).where(eq(rateLimit.key, `signInPerEmail:${key}`));
    const err = await rejection(app.run((ctx) => hit(ctx, "signInPerEmail", key)));
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(299);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(300);
    expect(err.message).toMatch(/5 minutes/);
    await app.db.update(rateLimit).set({ windowStart: new Date(Date.now() - windowMs - 1) }).where(eq(rateLimit.key, `signInPerEmail:${key}`));
    await app.run((ctx) => hit(ctx, "signInPerEmail", key));
    const row = await counter("signInPerEmail", key);
    expect(row!.count).toBe(1);
    expect(Date.now() - row!.windowStart.getTime()).toBeLessThan(60_000);
  });

  it("expired windows are deleted in bounded steps when a new window opens; live ones stay", async () => {
    // Older than the longest window of any rule (a day: workspaces created per person, invitations per address).
    const longest = Math.max(...Object.values(app.ctx.env.rateLimits).map((r) => r.windowSeconds));
    const old = new Date(Date.now() - (longest + 3 * 60 * 60) * 1000);
    const stale = Array.from({ length: 150 }, (_, i) => ({ key: `signInPerEmail:stale${i}@example.com`, count: 3, windowStart: old }));
    // D1 allows 100 bound values per statement: 30 rows of 3.
    for (let i = 0; i < stale.length; i += 30) await app.db.insert(rateLimit).values(stale.slice(i, i + 30));
    const staleCount = async () => (await app.db.select({ key: rateLimit.key }).from(rateLimit).where(like(rateLimit.key, "signInPerEmail:stale%"))).length;
    const liveBefore = (await app.db.select().from(rateLimit)).length - 150;

    // A first hit on a new key opens a window, which triggers one bounded cleanup after the response.
    await app.run((ctx) => hit(ctx, "signInPerEmail", "fresh-window@example.com"));
    expect(await staleCount()).toBe(50);
    expect(await app.run((ctx) => deleteExpired(ctx))).toBe(50);
    expect(await staleCount()).toBe(0);
    expect((await app.db.select().from(rateLimit)).length).toBe(liveBefore + 1);
  });

  it("very long keys (a 100 KB 'email') are stored hashed", async () => {
    const huge = `${"x".repeat(100_000)}@example.com`;
    await app.run((ctx) => hit(ctx, "magicLinkPerEmail", huge));
    const rows = await app.db.select({ key: rateLimit.key }).from(rateLimit).where(like(rateLimit.key, "magicLinkPerEmail:sha256:%"));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key.length).toBeLessThan(100);
  });

  it("client address: cf-connecting-ip, IPv6 per /64, else the request scope, else 'local'", () => {
    const h = (ip: string) => new Headers({ "cf-connecting-ip": ip });
    expect(clientAddress(h("203.0.113.9"))).toBe("203.0.113.9");
    expect(clientAddress(h("2001:db8:aa:bb:1:2:3:4"))).toBe("2001:db8:aa:bb::/64");
    expect(clientAddress(h("2001:DB8:aa:bb::9"))).toBe("2001:db8:aa:bb::/64");
    expect(clientAddress(h("::ffff:192.0.2.1"))).toBe("192.0.2.1");
    expect(clientAddress(new Headers())).toBe("local");
    expect(runInScope({ waitUntil: () => {}, clientAddress: "198.51.100.4" }, () => clientAddress())).toBe("198.51.100.4");
  });
});

describe("invitations", () => {
  let owner: TestUser;
  let orgId: string;
  const invite = (email: string, org = orgId) => app.request("POST", `/api/orgs/${org}/invitations`, { as: owner, body: { email, role: "member" } });

  beforeAll(async () => {
    owner = await app.createUser({ name: "Olive Owner" });
    orgId = (await app.request("POST", "/api/orgs", { as: owner, body: { name: "Big Lab" } })).body.id;
  });

  it("an admin invites a team of 60 in one sitting; resends and project invitations share the org's budget", async () => {
    for (let i = 0; i < 60; i++) expect((await invite(`team${i}@lab.example`)).status).toBe(201);
    const project = await app.request("POST", `/api/orgs/${orgId}/projects`, { as: owner, body: { name: "Vitamin D Review" } });
    expect(project.status).toBe(201);
    for (let i = 0; i < 5; i++) {
      const res = await app.request("POST", `/api/orgs/${orgId}/projects/${project.body.id}/invitations`, { as: owner, body: { email: `reviewer${i}@lab.example`, role: "member" } });
      expect(res.status).toBe(201);
    }
    const first = (await app.db.select().from(invitation).where(eq(invitation.email, "team0@lab.example")))[0]!;
    expect((await app.request("POST", `/api/orgs/${orgId}/invitations/${first.id}/resend`, { as: owner })).status).toBe(200);
    expect((await counter("invitationsPerOrg", orgId))!.count).toBe(66);
  }, 120_000);

  it("the org's 200th invitation in the hour is sent, the 201st is refused and nothing is written or emailed; other orgs go on", async () => {
    await setCount("invitationsPerOrg", orgId, 199);
    expect((await invite("two-hundredth@lab.example")).status).toBe(201);
    expectLimited(await invite("one-too-many@lab.example"), 60 * 60);
    expect(await app.db.select().from(invitation).where(eq(invitation.email, "one-too-many@lab.example"))).toHaveLength(0);
    expect(await lastEmail(app, "one-too-many@lab.example")).toBeNull();

    const otherOrg = (await app.request("POST", "/api/orgs", { as: owner, body: { name: "Small Lab" } })).body.id;
    expect((await invite("someone@lab.example", otherOrg)).status).toBe(201);
  });

  it("token look-ups, accepts and declines share one budget per address; 300 per 10 minutes pass, the 301st is refused", async () => {
    const inviteeEmail = "lookup-target@example.com";
    const otherOrg = (await app.request("POST", "/api/orgs", { as: owner, body: { name: "Lookup Lab" } })).body.id;
    expect((await invite(inviteeEmail, otherOrg)).status).toBe(201);
    const token = (await lastEmail(app, inviteeEmail))!.link!.split("/invite/")[1]!;
    const invitee = await app.createUser({ email: inviteeEmail });
    const inviteeHeaders = new Headers({ cookie: invitee.cookie });
    const local = { waitUntil: () => {}, clientAddress: undefined };

    // 10 API look-ups, 10 through the domain function as the /invite page's server function calls it, 1 decline of
    // an unknown token: 21 uses. A malformed token never reaches the database and is not counted.
    for (let i = 0; i < 10; i++) expect((await app.request("GET", `/api/invitations/${token}`)).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await runInScope(local, () => getInvitationByToken(app.ctx, token))).status).toBe("pending");
    expect((await app.request("POST", `/api/invitations/${"A".repeat(43)}/decline`, { as: invitee })).status).toBe(404);
    expect((await app.request("GET", "/api/invitations/not-a-token")).status).toBe(404);
    expect((await counter("invitationTokenPerAddress", "local"))!.count).toBe(21);

    await setCount("invitationTokenPerAddress", "local", 299);
    expect((await app.request("GET", `/api/invitations/${token}`)).status).toBe(200);
    expectLimited(await app.request("GET", `/api/invitations/${token}`), 10 * 60);
    expectLimited(await app.request("POST", `/api/invitations/${token}/accept`, { as: invitee }), 10 * 60);
    // Declining signed out, with the token alone, draws on the same budget.
    expectLimited(await app.request("POST", `/api/invitations/${token}/decline`), 10 * 60);
    await expect(runInScope(local, () => getInvitationByToken(app.ctx, token))).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect((await app.db.select().from(invitation).where(eq(invitation.email, inviteeEmail)))[0]!.status).toBe("pending");

    // Someone at another address is not affected.
    const elsewhere = { waitUntil: () => {}, clientAddress: "198.51.100.77" };
    expect((await runInScope(elsewhere, () => getInvitationByToken(app.ctx, token))).status).toBe("pending");
    expect((await runInScope(elsewhere, () => acceptInvitation(app.ctx, inviteeHeaders, token))).orgId).toBe(otherOrg);
  });
});

describe("invitation emails per sender, across workspaces", () => {
  const mailbox = async (to: string) => (await app.request("GET", `/api/dev/emails?to=${encodeURIComponent(to)}`)).body.items.length;

  it("count org and project invitations, created and resent, from every workspace of the sender; members invited again are not counted", async () => {
    const sender = await app.createUser({ name: "Sid Sender" });
    const orgA = (await app.request("POST", "/api/orgs", { as: sender, body: { name: "Sender Lab A" } })).body.id;
    const orgB = (await app.request("POST", "/api/orgs", { as: sender, body: { name: "Sender Lab B" } })).body.id;
    const projectB = (await app.request("POST", `/api/orgs/${orgB}/projects`, { as: sender, body: { name: "Sender Review" } })).body.id;
    const created = await app.request("POST", `/api/orgs/${orgA}/invitations`, { as: sender, body: { email: "sender-a@lab.example", role: "member" } });
    expect(created.status).toBe(201);
    expect((await app.request("POST", `/api/orgs/${orgB}/projects/${projectB}/invitations`, { as: sender, body: { email: "sender-b@lab.example", role: "member" } })).status).toBe(201);
    expect((await app.request("POST", `/api/orgs/${orgA}/invitations/${created.body.id}/resend`, { as: sender })).status).toBe(200);
    expect((await app.request("POST", `/api/orgs/${orgA}/invitations`, { as: sender, body: { email: sender.email, role: "member" } })).status).toBe(409);
    expect((await counter("invitationEmailsPerSender", sender.id))!.count).toBe(3);
  });

  it("the sender's 100th invitation email in the hour goes out; the 101st (create or resend, org or project) is refused and writes nothing", async () => {
    const sender = await app.createUser({ name: "Sue Spammer" });
    const colleague = await app.createUser({ name: "Cole Colleague" });
    const orgA = (await app.request("POST", "/api/orgs", { as: sender, body: { name: "Spam Lab A" } })).body.id;
    const orgB = (await app.request("POST", "/api/orgs", { as: sender, body: { name: "Spam Lab B" } })).body.id;
    const projectB = (await app.request("POST", `/api/orgs/${orgB}/projects`, { as: sender, body: { name: "Spam Review" } })).body.id;
    await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgA, userId: colleague.id, role: "admin" });
    const first = await app.request("POST", `/api/orgs/${orgA}/invitations`, { as: sender, body: { email: "spam-first@lab.example", role: "member" } });
    expect(first.status).toBe(201);
    const firstRow = async () => (await app.db.select().from(invitation).where(eq(invitation.id, first.body.id)))[0]!;
    const before = await firstRow();

    await setCount("invitationEmailsPerSender", sender.id, 99);
    expect((await app.request("POST", `/api/orgs/${orgB}/invitations`, { as: sender, body: { email: "spam-100@lab.example", role: "member" } })).status).toBe(201);
    expect((await counter("invitationEmailsPerSender", sender.id))!.count).toBe(100);

    expectLimited(await app.request("POST", `/api/orgs/${orgA}/invitations`, { as: sender, body: { email: "spam-101@lab.example", role: "member" } }), 60 * 60);
    expectLimited(await app.request("POST", `/api/orgs/${orgB}/projects/${projectB}/invitations`, { as: sender, body: { email: "spam-101p@lab.example", role: "member" } }), 60 * 60);
    expectLimited(await app.request("POST", `/api/orgs/${orgA}/invitations/${first.body.id}/resend`, { as: sender }), 60 * 60);
    expect(await app.db.select().from(invitation).where(eq(invitation.email, "spam-101@lab.example"))).toEqual([]);
    expect(await app.db.select().from(projectInvitations).where(eq(projectInvitations.email, "spam-101p@lab.example"))).toEqual([]);
    expect(await app.db.select().from(emailOutbox).where(inArray(emailOutbox.to, ["spam-101@lab.example", "spam-101p@lab.example"]))).toEqual([]);
    expect(await mailbox("spam-101@lab.example")).toBe(0);
    expect(await mailbox("spam-101p@lab.example")).toBe(0);
    // The refused resend rotated nothing and sent nothing: the first link still works.
    expect((await firstRow()).token).toBe(before.token);
    expect(await mailbox("spam-first@lab.example")).toBe(1);

    // Another admin of the same workspace still invites.
    expect((await app.request("POST", `/api/orgs/${orgA}/invitations`, { as: colleague, body: { email: "spam-101@lab.example", role: "member" } })).status).toBe(201);
  });
});

describe("invitations to one address from workspaces it is not in", () => {
  const mailbox = async (to: string) => (await app.request("GET", `/api/dev/emails?to=${encodeURIComponent(to)}`)).body.items.length;

  it("10 a day pass (created or resent, org or project, from any sender); the 11th is refused and writes nothing; its own workspaces still invite it", async () => {
    const target = await app.createUser({ name: "Tara Target", email: "tara-target@uni.example" });
    const home = (await app.request("POST", "/api/orgs", { as: target, body: { name: "Tara's Lab" } })).body.id;
    const homeAdmin = await app.createUser({ name: "Hank Homeadmin" });
    await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: home, userId: homeAdmin.id, role: "admin" });
    const homeProject = (await app.request("POST", `/api/orgs/${home}/projects`, { as: homeAdmin, body: { name: "Home Review" } })).body.id;
    const inviteHome = () => app.request("POST", `/api/orgs/${home}/projects/${homeProject}/invitations`, { as: homeAdmin, body: { email: target.email, role: "member" } });

    // From its own workspace: not counted.
    expect((await inviteHome()).status).toBe(201);
    expect(await counter("outsideInvitationsPerEmail", target.email)).toBeUndefined();

    const stranger = await app.createUser({ name: "Stan Stranger" });
    const far = (await app.request("POST", "/api/orgs", { as: stranger, body: { name: "Far Lab" } })).body.id;
    const farProject = (await app.request("POST", `/api/orgs/${far}/projects`, { as: stranger, body: { name: "Far Review" } })).body.id;
    const created = await app.request("POST", `/api/orgs/${far}/invitations`, { as: stranger, body: { email: target.email, role: "member" } });
    expect(created.status).toBe(201);
    for (let i = 0; i < 8; i++) expect((await app.request("POST", `/api/orgs/${far}/invitations/${created.body.id}/resend`, { as: stranger })).status).toBe(200);
    const projectInv = await app.request("POST", `/api/orgs/${far}/projects/${farProject}/invitations`, { as: stranger, body: { email: target.email, role: "member" } });
    expect(projectInv.status).toBe(201);
    expect((await counter("outsideInvitationsPerEmail", target.email))!.count).toBe(10);
    const mails = await mailbox(target.email);
    const farRow = async () => (await app.db.select().from(invitation).where(eq(invitation.id, created.body.id)))[0]!;
    const before = await farRow();

    // The 11th, from a workspace and a sender not seen before, or a resend: refused, nothing written or sent.
    const other = await app.createUser({ name: "Otto Other" });
    const otherOrg = (await app.request("POST", "/api/orgs", { as: other, body: { name: "Other Lab" } })).body.id;
    expectLimited(await app.request("POST", `/api/orgs/${otherOrg}/invitations`, { as: other, body: { email: "TARA-target@uni.example", role: "member" } }), 24 * 60 * 60);
    expectLimited(await app.request("POST", `/api/orgs/${far}/invitations/${created.body.id}/resend`, { as: stranger }), 24 * 60 * 60);
    expect(await app.db.select().from(invitation).where(and(eq(invitation.organizationId, otherOrg), eq(invitation.email, target.email)))).toEqual([]);
    expect((await farRow()).token).toBe(before.token);
    expect(await mailbox(target.email)).toBe(mails);

    // Other addresses are unaffected, and the address's own workspace still reaches it.
    expect((await app.request("POST", `/api/orgs/${otherOrg}/invitations`, { as: other, body: { email: "someone-else@uni.example", role: "member" } })).status).toBe(201);
    expect((await inviteHome()).status).toBe(201);
    expect(await mailbox(target.email)).toBe(mails + 1);
  });
});

describe("configuration", () => {
  const base = (extra: Partial<WorkerBindings>): WorkerBindings => ({
    DB: {} as D1Database,
    APP_ENV: "production",
    APP_URL: "https://corates.example",
    BETTER_AUTH_SECRET: "x".repeat(40),
    EMAIL_TRANSPORT: "http",
    EMAIL_FROM: "CoRATES <no-reply@corates.example>",
    EMAIL_API_URL: "https://api.provider.example/emails",
    EMAIL_API_KEY: "key",
    ...extra,
  });

  it("defaults apply in production; the multiplier scales them and never switches them off", () => {
    expect(readEnv(base({})).rateLimits).toEqual(defaultRateLimits);
    expect(readEnv(base({ RATE_LIMIT_MULTIPLIER: "10" })).rateLimits.signInPerEmail).toEqual({ limit: 100, windowSeconds: 900 });
    expect(readEnv(base({ RATE_LIMIT_MULTIPLIER: "0.001" })).rateLimits.signInPerEmail.limit).toBe(1);
    const overridden = readEnv(base({ RATE_LIMITS: '{"invitationsPerOrg":{"limit":500,"windowSeconds":7200}}' })).rateLimits;
    expect(overridden.invitationsPerOrg).toEqual({ limit: 500, windowSeconds: 7200 });
    expect(overridden.signInPerEmail).toEqual(defaultRateLimits.signInPerEmail);
  });

  it("refuses a zero multiplier, unknown rules, zero limits and malformed JSON", () => {
    for (const bad of [{ RATE_LIMIT_MULTIPLIER: "0" }, { RATE_LIMIT_MULTIPLIER: "lots" }, { RATE_LIMITS: '{"signinPerEmail":{"limit":5}}' }, { RATE_LIMITS: '{"signInPerEmail":{"limit":0}}' }, { RATE_LIMITS: "{oops" }]) {
      expect(() => readEnv(base(bad))).toThrow(ConfigError);
    }
    expect(() => readEnv(base({ RATE_LIMITS: "{oops" }))).toThrow(/RATE_LIMITS/);
  });
});
