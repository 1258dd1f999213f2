/**
 * The profile and the first-run step (issue 14) on a real D1 with real Better Auth: completing it (name, persona, a
 * username chosen or suggested), the personal workspace only without an invitation, usernames unique under a race,
 * the redirect rules, and GET /api/me's profile fields.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { member, organization, session as sessionTable, user } from "~/db/schema";
import { sharesName } from "~/components/Username";
import { firstFreeUsername, isInvitationPath, welcomePath } from "~/lib/profile-rules";
import { usernameBase } from "~/lib/username-suggestion";
import { firstRunRedirect } from "~/server/pages/welcome";
import type { CurrentSession } from "~/server/session";
import { createTestApp, lastEmail, type TestApp, type TestUser } from "./harness";

let app: TestApp;
beforeAll(async () => (app = await createTestApp()));
afterAll(() => app.close());

const ROUNDS = Number(process.env.RACE_ROUNDS ?? 10);

async function userRow(id: string) {
  const [row] = await app.db.select().from(user).where(eq(user.id, id));
  return row!;
}

async function orgsOf(id: string) {
  return app.db.select({ id: organization.id, name: organization.name, slug: organization.slug, role: member.role }).from(member).innerJoin(organization, eq(organization.id, member.organizationId)).where(eq(member.userId, id));
}

const fresh = (name = "Ada Lovelace") => app.createUser({ name, profile: false });
const complete = (as: TestUser, body: unknown) => app.request("POST", "/api/me/profile", { as, body });

describe("the first-run step", () => {
  it("a new person's /api/me says the profile is not complete, with every field PRODUCT.md section 8 names", async () => {
    const u = await fresh();
    const me = await app.request("GET", "/api/me", { as: u });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: u.id, username: null, persona: null, profileCompleted: false, twoFactorEnabled: false, role: "user", image: null });
  });

  it("completing it saves name, persona and the suggested username, and creates and opens “<name>’s workspace”", async () => {
    const u = await fresh("Grace Hopper");
    const res = await complete(u, { name: "  Grace Hopper ", persona: "librarian" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.profile).toEqual({ id: u.id, name: "Grace Hopper", username: "grace-hopper", persona: "librarian", profileCompleted: true });
    expect(res.body.workspace).toMatchObject({ name: "Grace Hopper’s workspace", role: "owner" });
    const row = await userRow(u.id);
    expect(row).toMatchObject({ name: "Grace Hopper", displayName: "Grace Hopper", username: "grace-hopper", persona: "librarian" });
    expect(row.profileCompletedAt).toBeGreaterThan(0);
    expect(await orgsOf(u.id)).toEqual([{ id: res.body.workspace.id, name: "Grace Hopper’s workspace", slug: res.body.workspace.slug, role: "owner" }]);
    const [s] = await app.db.select({ active: sessionTable.activeOrganizationId }).from(sessionTable).where(eq(sessionTable.id, u.sessionId));
    expect(s!.active).toBe(res.body.workspace.id);
    const me = await app.request("GET", "/api/me", { as: u });
    expect(me.body.user).toMatchObject({ username: "grace-hopper", persona: "librarian", profileCompleted: true });
  });

  it("a suggested username that is taken becomes the first free one (base-2, base-3, …)", async () => {
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const u = await fresh("Same Name");
      const res = await complete(u, { name: "Same Name", persona: "student", personalWorkspace: false });
      expect(res.status).toBe(200);
      names.push(res.body.profile.username);
    }
    expect(names).toEqual(["same-name", "same-name-2", "same-name-3"]);
  });

  it("a chosen username someone holds answers 409 USERNAME_TAKEN and writes nothing", async () => {
    const first = await fresh("Chosen One");
    expect((await complete(first, { name: "Chosen One", persona: "other", username: "chosen" })).status).toBe(200);
    const second = await fresh("Chosen Two");
    const res = await complete(second, { name: "Chosen Two", persona: "other", username: "  CHOSEN " });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "USERNAME_TAKEN", details: { fields: { username: expect.stringContaining("taken") } } });
    expect(await userRow(second.id)).toMatchObject({ username: null, persona: null, profileCompletedAt: null });
    expect(await orgsOf(second.id)).toEqual([]);
  });

  it("no personal workspace for an invitee: neither when the page says an invitation follows, nor for someone already in a workspace", async () => {
    const owner = await app.createUser({ name: "Owner O" });
    const org = (await app.request("POST", "/api/orgs", { as: owner, body: { name: "Invite Lab" } })).body;
    const invitee = await app.createUser({ name: "Ivy Invitee", profile: false });
    expect((await app.request("POST", `/api/orgs/${org.id}/invitations`, { as: owner, body: { email: invitee.email, role: "member" } })).status).toBe(201);
    const res = await complete(invitee, { name: "Ivy Invitee", persona: "researcher", personalWorkspace: false });
    expect(res.status).toBe(200);
    expect(res.body.workspace).toBeNull();
    expect(await orgsOf(invitee.id)).toEqual([]);
    // …and the invitation still works afterwards.
    const token = (await lastEmail(app, invitee.email))!.link!.split("/invite/")[1]!;
    expect((await app.request("POST", `/api/invitations/${token}/accept`, { as: invitee })).status).toBe(200);
    expect((await orgsOf(invitee.id)).map((o) => o.name)).toEqual(["Invite Lab"]);

    // Someone who accepted an invitation before completing the step gets no workspace of their own either.
    const early = await app.createUser({ name: "Early Bird", profile: false });
    await app.request("POST", `/api/orgs/${org.id}/invitations`, { as: owner, body: { email: early.email, role: "member" } });
    const earlyToken = (await lastEmail(app, early.email))!.link!.split("/invite/")[1]!;
    expect((await app.request("POST", `/api/invitations/${earlyToken}/accept`, { as: early })).status).toBe(200);
    const done = await complete(early, { name: "Early Bird", persona: "researcher" });
    expect(done.body.workspace).toBeNull();
    expect((await orgsOf(early.id)).map((o) => o.name)).toEqual(["Invite Lab"]);
  });

  it("done a second time it changes nothing and creates no second workspace", async () => {
    const u = await fresh("Twice Done");
    expect((await complete(u, { name: "Twice Done", persona: "student" })).status).toBe(200);
    const again = await complete(u, { name: "Other Name", persona: "other", username: "other-name" });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ profile: { id: u.id, name: "Twice Done", username: "twice-done", persona: "student", profileCompleted: true }, workspace: null });
    expect(await orgsOf(u.id)).toHaveLength(1);
  });

  it("refuses bad input field by field and changes nothing; signed out is 401", async () => {
    const u = await fresh("Valid Name");
    const bad = await complete(u, { name: "a\u0007b", persona: "astronaut", username: "no spaces!" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(["name", "persona", "username"]);
    for (const body of [{ name: "", persona: "student" }, { name: "x".repeat(101), persona: "student" }, { name: "Ok", persona: "student", username: "ab" }, { name: "Ok", persona: "student", username: "x".repeat(31) }, { name: "Ok", persona: "student", username: "émile" }]) {
      expect((await complete(u, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(await userRow(u.id)).toMatchObject({ name: "Valid Name", profileCompletedAt: null, username: null });
    expect((await app.request("POST", "/api/me/profile", { body: { name: "X", persona: "student" } })).status).toBe(401);
    expect((await app.request("PATCH", "/api/me/profile", { rawBody: "{not json" })).status).toBe(401);
  });

  it("under a race for one username exactly one person gets it, the other 409, never a 5xx", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await fresh("Racer A");
      const b = await fresh("Racer B");
      const wanted = `racer-${round}`;
      const answers = await Promise.all([a, b].map((u) => complete(u, { name: "Racer", persona: "other", username: wanted, personalWorkspace: false })));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const holders = await app.db.select({ id: user.id }).from(user).where(eq(user.username, wanted));
      expect(holders).toHaveLength(1);
    }
  });

  it("suggested usernames racing from the same name both succeed with different usernames", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const people = [await fresh(`Twin ${round}`), await fresh(`Twin ${round}`)];
      const answers = await Promise.all(people.map((u) => complete(u, { name: `Twin ${round}`, persona: "other" })));
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      const names = answers.map((r) => r.body.profile.username);
      expect(new Set(names).size).toBe(2);
      for (const u of people) expect(await orgsOf(u.id)).toHaveLength(1);
    }
  });

  it("a double submit creates one workspace", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const u = await fresh(`Double ${round}`);
      const answers = await Promise.all([1, 2].map(() => complete(u, { name: `Double ${round}`, persona: "student" })));
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      expect(await orgsOf(u.id)).toHaveLength(1);
    }
  });
});

describe("changing the username", () => {
  it("PATCH /api/me/profile changes username and persona; a taken one is 409 and changes nothing", async () => {
    const a = await app.createUser({ name: "Patch A" });
    const b = await app.createUser({ name: "Patch B" });
    const ok = await app.request("PATCH", "/api/me/profile", { as: a, body: { username: "Patch_A", persona: "student" } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ username: "patch_a", persona: "student", profileCompleted: true });
    const taken = await app.request("PATCH", "/api/me/profile", { as: b, body: { username: "patch_a" } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("USERNAME_TAKEN");
    expect((await userRow(b.id)).username).toBeNull();
    // Keeping one's own username is not "taken".
    expect((await app.request("PATCH", "/api/me/profile", { as: a, body: { username: "patch_a" } })).status).toBe(200);
  });

  it("two people racing to one username: one wins, one 409", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = [await app.createUser(), await app.createUser()];
      const wanted = `patch-race-${round}`;
      const answers = await Promise.all([a, b].map((u) => app.request("PATCH", "/api/me/profile", { as: u, body: { username: wanted } })));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    }
  });
});

describe("names on Better Auth's door", () => {
  it("update-user keeps the seed's displayName with the name, and refuses control characters", async () => {
    const u = await app.signInWithPassword();
    const res = await app.request("POST", "/api/auth/update-user", { as: u, body: { name: "  New Name  " } });
    expect(res.status).toBe(200);
    expect(await userRow(u.id)).toMatchObject({ name: "New Name", displayName: "New Name" });
    expect((await app.request("POST", "/api/auth/update-user", { as: u, body: { name: "bad\nname" } })).status).toBe(400);
    expect((await app.request("POST", "/api/auth/update-user", { as: u, body: { username: "sneaky", persona: "x" } })).status).toBeLessThan(500);
    expect(await userRow(u.id)).toMatchObject({ name: "New Name", username: null });
  });
});

describe("the rules", () => {
  const s = (profileCompleted: boolean) => ({ user: { profileCompleted } }) as CurrentSession;
  const q = (v = "") => new URLSearchParams(v);

  it("sends people to /welcome until the step is done, keeping the page and an invitation as next", () => {
    expect(firstRunRedirect(s(false), "/", q())).toBe("/welcome");
    expect(firstRunRedirect(s(false), "/orgs/lab/members", q("q=ann"))).toBe(`/welcome?next=${encodeURIComponent("/orgs/lab/members?q=ann")}`);
    expect(firstRunRedirect(s(false), "/welcome", q("next=/invite/abc"))).toBeNull();
    expect(firstRunRedirect(s(true), "/orgs/lab", q())).toBeNull();
    expect(firstRunRedirect(s(true), "/welcome", q("next=/invite/abc"))).toBe("/invite/abc");
    expect(firstRunRedirect(s(true), "/welcome", q("next=//evil.example/x"))).toBe("/");
    expect(firstRunRedirect(s(true), "/welcome", q("next=https://evil.example/"))).toBe("/");
  });

  it("only same-origin paths are kept; invitations are told apart", () => {
    expect(welcomePath("//evil.example")).toBe("/welcome");
    expect(welcomePath("/welcome?next=/x")).toBe("/welcome");
    expect(isInvitationPath("/invite/tok_en-1")).toBe(true);
    expect(isInvitationPath("/invitex")).toBe(false);
    expect(isInvitationPath(null)).toBe(false);
  });

  it("suggests from the name", () => {
    expect(usernameBase("Zoë O’Brien-Smith")).toBe("zoe-obrien-smith");
    expect(usernameBase("李")).toBe("user");
    expect(usernameBase("Al")).toBe("al-user");
    expect(usernameBase("x".repeat(60))).toHaveLength(24);
    expect(firstFreeUsername("ann", ["ann", "ann-2", "ann-4"])).toBe("ann-3");
  });

  it("a name is ambiguous where two people on the list share it, whatever the case", () => {
    const people = [{ name: "Sam Same" }, { name: "sam same " }, { name: "Ann Other" }];
    expect(sharesName(people, "Sam Same")).toBe(true);
    expect(sharesName(people, "Ann Other")).toBe(false);
  });
});

describe("usernames beside names", () => {
  it("the members list and a project's members carry each person's username", async () => {
    const owner = await app.createUser({ name: "Sam Same" });
    const twin = await app.createUser({ name: "Sam Same" });
    await app.request("PATCH", "/api/me/profile", { as: owner, body: { username: "sam-owner" } });
    await app.request("PATCH", "/api/me/profile", { as: twin, body: { username: "sam-twin" } });
    const org = (await app.request("POST", "/api/orgs", { as: owner, body: { name: "Same Lab" } })).body;
    await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: org.id, userId: twin.id, role: "member" });
    const list = await app.request("GET", `/api/orgs/${org.id}/members`, { as: owner });
    expect(list.body.items.map((m: { name: string; username: string }) => `${m.name} @${m.username}`).sort()).toEqual(["Sam Same @sam-owner", "Sam Same @sam-twin"]);
    const project = (await app.request("POST", `/api/orgs/${org.id}/projects`, { as: owner, body: { name: "Same Project" } })).body;
    await app.request("POST", `/api/orgs/${org.id}/projects/${project.id}/members`, { as: owner, body: { userId: twin.id, role: "member" } });
    const members = await app.request("GET", `/api/orgs/${org.id}/projects/${project.id}/members`, { as: owner });
    expect(members.body.items.map((m: { username: string }) => m.username).sort()).toEqual(["sam-owner", "sam-twin"]);
  });
});
