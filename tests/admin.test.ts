/**
 * Site administration through the JSON API on a real D1 with real Better Auth: who is a site admin (ADMIN_EMAILS at
 * sign-in), the 404 everyone else gets, searching people, a person's workspaces and sessions, banning (sessions end in
 * the same batch, every sign-in refused with the reason and the date, their invitations stop working), unbanning,
 * handing an abandoned workspace to someone, and the audit log.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminAudit, invitation, member, session, user } from "~/db/schema";
import { readEnv } from "~/server/env";
import { configError, prodBindings } from "./env-fixtures";
import { APP_URL, createTestApp, lastEmail, type TestApp, type TestUser } from "./harness";
import { makeOrg } from "./org-fixtures";

const ADMIN = "site.admin@example.com";
const PASSWORD = "correct horse battery";
let app: TestApp;
let admin: TestUser;

beforeAll(async () => {
  app = await createTestApp({ ADMIN_EMAILS: ` ${ADMIN.toUpperCase()}, other.admin@example.com ` });
  admin = await app.signInWithPassword({ email: ADMIN });
});
afterAll(() => app.close());

async function signUp(email: string, name = "Pat Person"): Promise<void> {
  const up = await app.request("POST", "/api/auth/sign-up/email", { body: { name, email, password: PASSWORD } });
  expect(up.status).toBe(200);
  await app.db.update(user).set({ emailVerified: true }).where(eq(user.email, email));
}

const signIn = (email: string) => app.request("POST", "/api/auth/sign-in/email", { body: { email, password: PASSWORD } });
const userRow = async (id: string) => (await app.db.select().from(user).where(eq(user.id, id)))[0]!;
const sessionsOf = (id: string) => app.db.select().from(session).where(eq(session.userId, id));
const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString();

describe("who is a site admin", () => {
  it("a verified address in ADMIN_EMAILS gets role admin at sign-in; /api/me says so", async () => {
    const me = await app.request("GET", "/api/me", { as: admin });
    expect(me.body.user.role).toBe("admin");
    expect((await userRow(admin.id)).role).toBe("admin");
  });

  it("anyone else stays a user, and an address taken off the list loses the role at its next sign-in", async () => {
    const plain = await app.signInWithPassword();
    expect((await app.request("GET", "/api/me", { as: plain })).body.user.role).toBe("user");
    const email = "other.admin@example.com";
    await signUp(email);
    expect((await signIn(email)).status).toBe(200);
    const [row] = await app.db.select().from(user).where(eq(user.email, email));
    expect(row!.role).toBe("admin");
    const without = await createTestApp({ ADMIN_EMAILS: ADMIN });
    try {
      const up = await without.request("POST", "/api/auth/sign-up/email", { body: { name: "X", email, password: PASSWORD } });
      expect(up.status).toBe(200);
      await without.db.update(user).set({ emailVerified: true, role: "admin" }).where(eq(user.email, email));
      expect((await without.request("POST", "/api/auth/sign-in/email", { body: { email, password: PASSWORD } })).status).toBe(200);
      expect((await without.db.select().from(user).where(eq(user.email, email)))[0]!.role).toBe("user");
    } finally {
      await without.close();
    }
  });

  it("ADMIN_EMAILS must hold addresses", async () => {
    expect(configError(prodBindings({ ADMIN_EMAILS: "admin@example.org, not-an-address" })).message).toMatch(/ADMIN_EMAILS/);
    expect(readEnv(prodBindings({ ADMIN_EMAILS: " A@Example.org,,b@example.org " })).adminEmails).toEqual(["a@example.org", "b@example.org"]);
  });
});

describe("everyone else gets 404", () => {
  const routes: [string, string, unknown?][] = [
    ["GET", "/api/admin/users"],
    ["GET", "/api/admin/users/x"],
    ["POST", "/api/admin/users/x/ban", { reason: "spam" }],
    ["POST", "/api/admin/users/x/unban"],
    ["GET", "/api/admin/orgs/x"],
    ["POST", "/api/admin/orgs/x/transfer", { userId: "y" }],
    ["GET", "/api/admin/audit"],
  ];
  it("signed out, a plain user, an org owner: the same 404 on every route, with good or bad input, and nothing written", async () => {
    const { owner } = await makeOrg(app, "Somebody's lab");
    const victim = await app.createUser();
    for (const as of [null, owner, await app.createUser()]) {
      for (const [method, path, body] of routes) {
        const real = path.replace("/x", `/${victim.id}`);
        for (const b of [body, { reason: "", expiresAt: "yesterday" }, undefined]) {
          const res = await app.request(method, real, { as, body: method === "POST" ? b : undefined });
          expect(res.status, `${method} ${real} as ${as?.email ?? "anon"}`).toBe(404);
          expect(res.body.error.code).toBe("NOT_FOUND");
        }
      }
    }
    expect((await userRow(victim.id)).banned).toBe(false);
    expect(await sessionsOf(victim.id)).toHaveLength(1);
    expect(await app.db.select().from(adminAudit)).toHaveLength(0);
  });

  it("Better Auth's admin plugin is not mounted: its endpoints do not exist, even for a site admin", async () => {
    const victim = await app.createUser();
    for (const [method, path, body] of [
      ["GET", "/api/auth/admin/list-users", undefined],
      ["POST", "/api/auth/admin/ban-user", { userId: victim.id }],
      ["POST", "/api/auth/admin/set-role", { userId: victim.id, role: "admin" }],
      ["POST", "/api/auth/admin/impersonate-user", { userId: victim.id }],
    ] as const) {
      expect((await app.request(method, path, { as: admin, body })).status, path).toBe(404);
    }
    expect(await userRow(victim.id)).toMatchObject({ banned: false, role: "user" });
  });

  it("a cross-site POST is refused before anything (CSRF_REJECTED)", async () => {
    const victim = await app.createUser();
    const res = await app.request("POST", `/api/admin/users/${victim.id}/ban`, { as: admin, body: { reason: "x" }, headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("CSRF_REJECTED");
    expect((await userRow(victim.id)).banned).toBe(false);
  });
});

describe("finding people", () => {
  it("by name or email prefix, case-insensitive, in keyset pages that list each match once", async () => {
    const tag = `zq${crypto.randomUUID().slice(0, 4)}`;
    const made = await Promise.all(Array.from({ length: 7 }, (_, i) => app.createUser({ name: `${tag.toUpperCase()} Person ${i}` })));
    const byMail = await app.createUser({ name: "Someone Else", email: `${tag}.mail@example.com` });
    const seen: string[] = [];
    let cursor = "";
    for (let i = 0; i < 10; i++) {
      const res = await app.request("GET", `/api/admin/users?q=${tag}&limit=3${cursor ? `&cursor=${cursor}` : ""}`, { as: admin });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((u: { id: string }) => u.id));
      if (!res.body.nextCursor) break;
      cursor = res.body.nextCursor;
    }
    expect(seen.sort()).toEqual([...made.map((u) => u.id), byMail.id].sort());
    const one = await app.request("GET", `/api/admin/users?q=${encodeURIComponent(`${tag}.MAIL`)}`, { as: admin });
    expect(one.body.items.map((u: { email: string }) => u.email)).toEqual([`${tag}.mail@example.com`]);
  });

  it("by username too, with or without its @", async () => {
    const handle = `zu-${crypto.randomUUID().slice(0, 6)}`;
    const person = await app.createUser({ name: "Una Username" });
    await app.db.update(user).set({ username: handle }).where(eq(user.id, person.id));
    for (const q of [handle, `@${handle.slice(0, 5)}`, handle.toUpperCase()]) {
      const res = await app.request("GET", `/api/admin/users?q=${encodeURIComponent(q)}`, { as: admin });
      expect(res.body.items.map((u: { id: string }) => u.id), q).toEqual([person.id]);
    }
  });

  it("a garbled cursor or limit is 400 for an admin", async () => {
    expect((await app.request("GET", "/api/admin/users?cursor=%%%", { as: admin })).status).toBe(400);
    expect((await app.request("GET", "/api/admin/users?limit=1000", { as: admin })).status).toBe(400);
  });

  it("a person's workspaces with their roles, and their live sessions", async () => {
    const { orgId, owner } = await makeOrg(app, "Detail lab");
    const res = await app.request("GET", `/api/admin/users/${owner.id}`, { as: admin });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: owner.id, email: owner.email, banned: false, role: "user" });
    expect(res.body.workspaces).toEqual([{ id: orgId, name: "Detail lab", slug: expect.any(String), role: "owner" }]);
    expect(res.body.sessions.map((s: { id: string }) => s.id)).toEqual([owner.sessionId]);
    expect((await app.request("GET", "/api/admin/users/nobody", { as: admin })).status).toBe(404);
  });
});

describe("banning", () => {
  it("ends every session at once, refuses password sign-in with the reason and date, and is logged", async () => {
    const email = `ban-${crypto.randomUUID().slice(0, 6)}@example.com`;
    await signUp(email, "Bea Banned");
    const first = await signIn(email);
    expect(first.status).toBe(200);
    const [u] = await app.db.select().from(user).where(eq(user.email, email));
    const cookie = first.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    expect((await app.request("GET", "/api/me", { as: cookie })).status).toBe(200);
    const until = inAYear();

    const res = await app.request("POST", `/api/admin/users/${u!.id}/ban`, { as: admin, body: { reason: "  Sent spam invitations ", expiresAt: until } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: u!.id, banned: true, banReason: "Sent spam invitations" });
    expect(await sessionsOf(u!.id)).toHaveLength(0);
    expect((await app.request("GET", "/api/me", { as: cookie })).status).toBe(401);

    const again = await signIn(email);
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe("ACCOUNT_BANNED");
    expect(again.body.error.details).toEqual({ reason: "Sent spam invitations", expiresAt: new Date(until).toISOString().replace(/\.\d{3}Z$/, ".000Z") });
    expect(again.body.error.message).toContain("Sent spam invitations");
    expect(again.body.error.message).toContain(until.slice(0, 10));
    expect(await sessionsOf(u!.id)).toHaveLength(0);

    const audit = await app.request("GET", "/api/admin/audit", { as: admin });
    expect(audit.body.items[0]).toMatchObject({ action: "user.ban", targetId: u!.id, actorId: admin.id, data: { reason: "Sent spam invitations" } });
  });

  it("refuses a magic link too, sending the browser to /signin with the reason", async () => {
    const banned = await app.createUser({ name: "Link Person" });
    expect((await app.request("POST", `/api/admin/users/${banned.id}/ban`, { as: admin, body: { reason: "Abuse" } })).status).toBe(200);
    expect((await app.request("POST", "/api/auth/sign-in/magic-link", { body: { email: banned.email, callbackURL: "/" } })).status).toBe(200);
    const link = (await lastEmail(app, banned.email))!.link!;
    const res = await app.request("GET", link.slice(APP_URL.length));
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get("location")!);
    expect(to.pathname).toBe("/signin");
    expect(to.searchParams.get("error")).toBe("ACCOUNT_BANNED");
    expect(to.searchParams.get("reason")).toBe("Abuse");
    expect(await sessionsOf(banned.id)).toHaveLength(0);
  });

  it("a ban whose end has passed is lifted at the next sign-in", async () => {
    const email = `expired-${crypto.randomUUID().slice(0, 6)}@example.com`;
    await signUp(email);
    const [u] = await app.db.select().from(user).where(eq(user.email, email));
    await app.db.update(user).set({ banned: true, banReason: "Cool off", banExpires: new Date(Date.now() - 1000) }).where(eq(user.id, u!.id));
    expect((await signIn(email)).status).toBe(200);
    expect(await userRow(u!.id)).toMatchObject({ banned: false, banReason: null, banExpires: null });
  });

  it("bad input is 400 and changes nothing; an admin cannot ban themselves or another admin", async () => {
    const target = await app.createUser();
    for (const body of [{}, { reason: "" }, { reason: "x".repeat(501) }, { reason: "a\u0007b" }, { reason: "ok", expiresAt: "2020-01-01T00:00:00Z" }, { reason: "ok", expiresAt: "soon" }]) {
      const res = await app.request("POST", `/api/admin/users/${target.id}/ban`, { as: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await userRow(target.id)).banned).toBe(false);
    expect((await app.request("POST", `/api/admin/users/${admin.id}/ban`, { as: admin, body: { reason: "me" } })).status).toBe(403);
    expect((await userRow(admin.id)).banned).toBe(false);
  });

  it("invitations sent by a banned person stop working, and work again after unbanning", async () => {
    const { orgId, owner } = await makeOrg(app, "Inviting lab");
    const to = `invitee-${crypto.randomUUID().slice(0, 6)}@example.com`;
    expect((await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body: { email: to, role: "member" } })).status).toBe(201);
    const token = (await lastEmail(app, to))!.link!.split("/invite/")[1]!;
    expect((await app.request("POST", `/api/admin/users/${owner.id}/ban`, { as: admin, body: { reason: "Compromised" } })).status).toBe(200);
    expect((await app.request("GET", `/api/invitations/${token}`)).body.status).toBe("cancelled");
    const invitee = await app.createUser({ email: to });
    const refused = await app.request("POST", `/api/invitations/${token}/accept`, { as: invitee });
    expect(refused.status).toBe(410);
    expect(refused.body.error.code).toBe("INVITATION_CANCELLED");
    expect(await app.db.select().from(member).where(and(eq(member.organizationId, orgId), eq(member.userId, invitee.id)))).toHaveLength(0);

    expect((await app.request("POST", `/api/admin/users/${owner.id}/unban`, { as: admin })).body.banned).toBe(false);
    expect((await app.request("GET", `/api/invitations/${token}`)).body.status).toBe("pending");
    expect((await app.request("POST", `/api/invitations/${token}/accept`, { as: invitee })).status).toBe(200);
    expect((await app.db.select().from(invitation).where(eq(invitation.email, to)))[0]!.status).toBe("accepted");
  });

  it("the same ban again writes nothing (no second audit line); a new reason is a change, and is logged", async () => {
    const target = await app.createUser({ name: "Twice Banned" });
    const ban = (reason: string) => app.request("POST", `/api/admin/users/${target.id}/ban`, { as: admin, body: { reason } });
    expect((await ban("Spam")).status).toBe(200);
    const again = await ban(" Spam ");
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ banned: true, banReason: "Spam" });
    const lines = () => app.db.select().from(adminAudit).where(and(eq(adminAudit.targetId, target.id), eq(adminAudit.action, "user.ban")));
    expect(await lines()).toHaveLength(1);
    expect((await ban("Spam, and worse")).body.banReason).toBe("Spam, and worse");
    expect(await lines()).toHaveLength(2);
  });

  it("unbanning lets the person sign in again, and is logged", async () => {
    const email = `unban-${crypto.randomUUID().slice(0, 6)}@example.com`;
    await signUp(email);
    const [u] = await app.db.select().from(user).where(eq(user.email, email));
    await app.request("POST", `/api/admin/users/${u!.id}/ban`, { as: admin, body: { reason: "Mistake" } });
    expect((await signIn(email)).status).toBe(403);
    const res = await app.request("POST", `/api/admin/users/${u!.id}/unban`, { as: admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ banned: false, banReason: null, banExpires: null });
    expect((await signIn(email)).status).toBe(200);
    const audit = await app.db.select().from(adminAudit).where(and(eq(adminAudit.targetId, u!.id), eq(adminAudit.action, "user.unban")));
    expect(audit).toHaveLength(1);
  });
});

describe("handing over an abandoned workspace", () => {
  it("refused while the workspace has an owner in good standing; allowed once its owners are banned", async () => {
    const { orgId, slug, owner, member: plain } = await makeOrg(app, "Abandoned lab");
    const heir = await app.createUser({ name: "Hana Heir" });
    const seen = await app.request("GET", `/api/admin/orgs/${slug}`, { as: admin });
    expect(seen.body).toMatchObject({ id: orgId, ownerless: false, owners: [{ userId: owner.id, banned: false }] });
    const early = await app.request("POST", `/api/admin/orgs/${orgId}/transfer`, { as: admin, body: { userId: heir.id } });
    expect(early.status).toBe(403);

    await app.request("POST", `/api/admin/users/${owner.id}/ban`, { as: admin, body: { reason: "Left for good" } });
    expect((await app.request("GET", `/api/admin/orgs/${orgId}`, { as: admin })).body.ownerless).toBe(true);
    const bad = await app.request("POST", `/api/admin/orgs/${orgId}/transfer`, { as: admin, body: { userId: "nobody" } });
    expect(bad.status).toBe(400);

    const res = await app.request("POST", `/api/admin/orgs/${orgId}/transfer`, { as: admin, body: { userId: heir.id } });
    expect(res.status).toBe(200);
    expect(res.body.ownerless).toBe(false);
    const roles = await app.db.select({ userId: member.userId, role: member.role }).from(member).where(eq(member.organizationId, orgId));
    expect(roles).toContainEqual({ userId: heir.id, role: "owner" });
    // An existing member can be made the owner too (their row is updated, not duplicated): a second transfer is refused
    // now that the workspace has an active owner.
    expect((await app.request("POST", `/api/admin/orgs/${orgId}/transfer`, { as: admin, body: { userId: plain.id } })).status).toBe(403);
    const audit = await app.request("GET", "/api/admin/audit?limit=1", { as: admin });
    expect(audit.body.items[0]).toMatchObject({ action: "org.transfer", targetId: orgId, data: { to: heir.id } });
    expect(audit.body.nextCursor).toEqual(expect.any(String));
    const next = await app.request("GET", `/api/admin/audit?limit=1&cursor=${audit.body.nextCursor}`, { as: admin });
    expect(next.body.items[0].id).not.toBe(audit.body.items[0].id);
  });

  it("an existing member becomes the owner in place", async () => {
    const { orgId, owner, member: plain } = await makeOrg(app, "Second lab");
    await app.request("POST", `/api/admin/users/${owner.id}/ban`, { as: admin, body: { reason: "Gone" } });
    expect((await app.request("POST", `/api/admin/orgs/${orgId}/transfer`, { as: admin, body: { userId: plain.id } })).status).toBe(200);
    const rows = await app.db.select().from(member).where(and(eq(member.organizationId, orgId), eq(member.userId, plain.id)));
    expect(rows.map((r) => r.role)).toEqual(["owner"]);
  });
});

describe("rate limit", () => {
  it("admin actions per admin are limited (429 RATE_LIMITED), and a refused action writes nothing", async () => {
    const limited = await createTestApp({ ADMIN_EMAILS: ADMIN, RATE_LIMITS: JSON.stringify({ adminActionsPerAdmin: { limit: 2, windowSeconds: 3600 } }), RATE_LIMIT_MULTIPLIER: "1" });
    try {
      const a = await limited.signInWithPassword({ email: ADMIN });
      const t = await limited.createUser();
      expect((await limited.request("POST", `/api/admin/users/${t.id}/ban`, { as: a, body: { reason: "one" } })).status).toBe(200);
      expect((await limited.request("POST", `/api/admin/users/${t.id}/unban`, { as: a })).status).toBe(200);
      const third = await limited.request("POST", `/api/admin/users/${t.id}/ban`, { as: a, body: { reason: "three" } });
      expect(third.status).toBe(429);
      expect(third.body.error.code).toBe("RATE_LIMITED");
      expect((await limited.db.select().from(user).where(eq(user.id, t.id)))[0]!.banned).toBe(false);
    } finally {
      await limited.close();
    }
  });
});
