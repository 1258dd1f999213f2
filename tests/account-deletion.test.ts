/**
 * Leaving for good (issue 14, PRODUCT.md section 8): DELETE /api/me and GET /api/me/export through the real API on a
 * real D1, with real Better Auth for the password and the sign-in afterwards. The invariants (tests/invariants.ts, no
 * project lost, every shared org has an owner) are checked after every test by tests/setup-invariants.ts.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { account, activityLog, invitation, member, organization, projectInvitations, projectMembers, projects, session, user } from "~/db/schema";
import { createTestApp, lastEmail, type TestApp, type TestUser } from "./harness";
import { addMember, addProject } from "./org-fixtures";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});

const ROUNDS = Number(process.env.RACE_ROUNDS ?? 20);

async function newOrg(owner: TestUser, name = "Shared lab"): Promise<string> {
  const res = await app.request("POST", "/api/orgs", { as: owner, body: { name } });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function newProject(orgId: string, as: TestUser, name: string): Promise<string> {
  const res = await app.request("POST", `/api/orgs/${orgId}/projects`, { as, body: { name } });
  expect(res.status).toBe(201);
  return res.body.id;
}

const userExists = async (id: string) => (await app.db.select({ id: user.id }).from(user).where(eq(user.id, id))).length === 1;
const deleteMe = (as: TestUser, body: Record<string, unknown>) => app.request("DELETE", "/api/me", { as, body });

describe("DELETE /api/me: what it asks for", () => {
  it("refuses a wrong or missing typed address and changes nothing", async () => {
    const u = await app.createUser({ name: "Wrong Typer" });
    for (const confirmEmail of ["someone@example.com", "", undefined]) {
      const res = await deleteMe(u, { confirmEmail });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(res.body.error.details.fields.confirmEmail).toBeTruthy();
    }
    expect(await userExists(u.id)).toBe(true);
  });

  it("accepts the typed address in any case, for a person without a password who signed in just now", async () => {
    const u = await app.createUser({ name: "Fresh Magic" });
    const res = await deleteMe(u, { confirmEmail: ` ${u.email.toUpperCase()} ` });
    expect(res.status).toBe(204);
    expect(await userExists(u.id)).toBe(false);
  });

  it("without a password, a session older than ten minutes is not enough", async () => {
    const u = await app.createUser({ name: "Old Session" });
    await app.db.update(session).set({ createdAt: new Date(Date.now() - 11 * 60_000) }).where(eq(session.id, u.sessionId));
    const res = await deleteMe(u, { confirmEmail: u.email });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
    expect(res.body.error.details.reason).toBe("FRESH_SIGN_IN_REQUIRED");
    expect(await userExists(u.id)).toBe(true);
  });

  it("with a password: refuses none or a wrong one, deletes with the right one, and signing in fails afterwards", async () => {
    const u = await app.signInWithPassword();
    expect((await deleteMe(u, { confirmEmail: u.email })).body.error.details.fields.password).toBe("Enter your password.");
    const wrong = await deleteMe(u, { confirmEmail: u.email, password: "not the password" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields.password).toBe("That password is not right.");
    expect(await userExists(u.id)).toBe(true);

    const res = await deleteMe(u, { confirmEmail: u.email, password: "correct horse battery" });
    expect(res.status).toBe(204);
    expect(await userExists(u.id)).toBe(false);
    expect(await app.db.select().from(account).where(eq(account.userId, u.id))).toEqual([]);
    expect(await app.db.select().from(session).where(eq(session.userId, u.id))).toEqual([]);
    expect((await app.request("GET", "/api/me", { as: u })).status).toBe(401);
    const signIn = await app.request("POST", "/api/auth/sign-in/email", { body: { email: u.email, password: "correct horse battery" } });
    expect(signIn.status).toBe(401);
  });

  it("signed out: 401", async () => {
    expect((await app.request("DELETE", "/api/me", { body: { confirmEmail: "x@example.com" } })).status).toBe(401);
  });
});

describe("DELETE /api/me: the last owner must hand over first", () => {
  it("names each workspace and project, with where to hand it over, and changes nothing", async () => {
    const a = await app.createUser({ name: "Ada Last" });
    const orgA = await newOrg(a, "Ada's lab");
    await addMember(app, orgA, "member", "Mo Member");
    // A workspace with a second owner does not block; its project where Ada is the only owner, with a member, does.
    const co = await app.createUser({ name: "Cora Owner" });
    const orgB = await newOrg(co, "Cora's lab");
    await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgB, userId: a.id, role: "owner" });
    const p = await addProject(app, orgB, a.id, [
      [a.id, "owner"],
      [co.id, "member"],
    ]);
    const res = await deleteMe(a, { confirmEmail: a.email });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("LAST_OWNER");
    const slugA = (await app.db.select().from(organization).where(eq(organization.id, orgA)))[0]!.slug;
    expect(res.body.error.details.orgs).toEqual([{ id: orgA, name: "Ada's lab", slug: slugA, url: `http://localhost:3000/orgs/${slugA}/members` }]);
    expect(res.body.error.details.projects).toEqual([expect.objectContaining({ id: p, orgId: orgB, url: expect.stringMatching(new RegExp(`/orgs/[a-z0-9-]+/projects/${p}$`)) })]);
    expect(res.body.error.message).toContain("Ada's lab");
    expect(await userExists(a.id)).toBe(true);
  });
});

describe("DELETE /api/me: what survives", () => {
  it("shared projects, invitations sent and activity stay; sole workspaces go; memberships go", async () => {
    const a = await app.createUser({ name: "Ann Leaver" });
    const b = await app.createUser({ name: "Bea Stayer" });
    const shared = await newOrg(a, "Shared lab");
    await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: shared, userId: b.id, role: "owner" });
    const project = await newProject(shared, a, "Scoping review");
    expect((await app.request("POST", `/api/orgs/${shared}/projects/${project}/members`, { as: a, body: { userId: b.id, role: "owner" } })).status).toBe(201);
    const invited = `newcomer-${crypto.randomUUID().slice(0, 6)}@example.com`;
    const inv = await app.request("POST", `/api/orgs/${shared}/invitations`, { as: a, body: { email: invited, role: "member" } });
    expect(inv.status).toBe(201);
    const token = (await lastEmail(app, invited))!.link!.split("/invite/")[1]!;
    const pinv = await app.request("POST", `/api/orgs/${shared}/projects/${project}/invitations`, { as: a, body: { email: `p-${invited}`, role: "member" } });
    expect(pinv.status).toBe(201);
    const own = await newOrg(a, "Ann alone");
    const ownProject = await newProject(own, a, "Private notes");

    expect((await deleteMe(a, { confirmEmail: a.email })).status).toBe(204);

    // The shared project stays, with its other member; its creator is gone from it.
    const [p] = await app.db.select().from(projects).where(eq(projects.id, project));
    expect(p).toMatchObject({ name: "Scoping review", createdBy: null });
    expect((await app.db.select().from(projectMembers).where(eq(projectMembers.projectId, project))).map((r) => r.userId)).toEqual([b.id]);
    expect(await app.db.select().from(member).where(eq(member.userId, a.id))).toEqual([]);
    // The workspace only Ann was in went with her, with its project.
    expect(await app.db.select().from(organization).where(eq(organization.id, own))).toEqual([]);
    expect(await app.db.select().from(projects).where(eq(projects.id, ownProject))).toEqual([]);

    // Invitations she sent stay valid and name "a former member".
    expect((await app.db.select().from(invitation).where(eq(invitation.id, inv.body.id)))[0]).toMatchObject({ status: "pending", inviterId: null });
    expect((await app.db.select().from(projectInvitations).where(eq(projectInvitations.id, pinv.body.id)))[0]).toMatchObject({ status: "pending", invitedBy: null });
    const list = await app.request("GET", `/api/orgs/${shared}/invitations`, { as: b });
    expect(list.body.items).toEqual([expect.objectContaining({ id: inv.body.id, invitedBy: { id: null, name: "a former member" } })]);
    const plist = await app.request("GET", `/api/orgs/${shared}/projects/${project}/invitations`, { as: b });
    expect(plist.body.items[0].invitedBy).toEqual({ id: null, name: "a former member" });
    const view = await app.request("GET", `/api/invitations/${token}`);
    expect(view.body).toMatchObject({ status: "pending", inviter: { name: "a former member" } });
    const newcomer = await app.createUser({ email: invited, name: "Nia Newcomer" });
    expect((await app.request("POST", `/api/invitations/${token}/accept`, { as: newcomer })).status).toBe(200);
    // Someone else can still resend or cancel the one she sent to the project.
    expect((await app.request("DELETE", `/api/orgs/${shared}/projects/${project}/invitations/${pinv.body.id}`, { as: b })).status).toBe(200);

    // The activity keeps her name as text, and says she left.
    const log = await app.db.select().from(activityLog).where(eq(activityLog.orgId, shared));
    const hers = log.filter((r) => r.actorName === "Ann Leaver");
    expect(hers.map((r) => r.action)).toEqual(expect.arrayContaining(["project.created", "invitation.created", "member.account_deleted"]));
    expect(hers.every((r) => r.actorId === null)).toBe(true);
    const feed = await app.request("GET", `/api/orgs/${shared}/activity`, { as: b });
    expect(feed.body.items.find((i: { action: string }) => i.action === "member.account_deleted")).toMatchObject({ actor: { id: null, name: "Ann Leaver" } });
  });
});

describe("GET /api/me/export", () => {
  it("returns the caller's profile, memberships and activity as a download, and nothing of anyone else", async () => {
    const a = await app.createUser({ name: "Exa Porter" });
    const orgId = await newOrg(a, "Export lab");
    await newProject(orgId, a, "Exported project");
    const other = await addMember(app, orgId, "member", "Oth Er");
    const res = await app.request("GET", "/api/me/export", { as: a });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="corates-export-[^"]+\.json"$/);
    expect(res.body.profile).toMatchObject({ id: a.id, name: "Exa Porter", email: a.email });
    expect(res.body.memberships).toEqual([expect.objectContaining({ orgId, orgName: "Export lab", role: "owner" })]);
    expect(res.body.projectMemberships).toEqual([expect.objectContaining({ projectName: "Exported project", role: "owner" })]);
    expect(res.body.activity).toEqual([expect.objectContaining({ orgId, orgName: "Export lab", action: "project.created", target: { type: "project", label: "Exported project" } })]);
    expect(JSON.stringify(res.body)).not.toContain(other.email);
    expect((await app.request("GET", "/api/me/export")).status).toBe(401);
  });
});

describe("races", () => {
  it("deleting an account while the other owner leaves never leaves a shared workspace without an owner", async () => {
    const outcomes = new Set<string>();
    for (let i = 0; i < ROUNDS; i++) {
      const a = await app.createUser({ name: `Racer A${i}` });
      const orgId = await newOrg(a, `Race ${i}`);
      const b = await addMember(app, orgId, "owner", `Racer B${i}`);
      await addMember(app, orgId, "member", `Stays ${i}`);
      const calls = [() => deleteMe(a, { confirmEmail: a.email }), () => app.request("DELETE", `/api/orgs/${orgId}/members/${b.id}`, { as: b })];
      if (i % 2) calls.reverse();
      const [r1, r2] = await Promise.all(calls.map((c) => c()));
      const [del, leave] = i % 2 ? [r2!, r1!] : [r1!, r2!];
      outcomes.add(`${del.status}/${leave.status}`);
      // Exactly one of them goes; the other is told it would leave the workspace without an owner.
      expect([del.status, leave.status].sort()).toEqual([204, 409]);
      expect((del.status === 204 ? leave : del).body.error.code).toBe("LAST_OWNER");
      const owners = await app.db.select().from(member).where(and(eq(member.organizationId, orgId), eq(member.role, "owner")));
      expect(owners).toHaveLength(1);
    }
    expect(outcomes.size).toBeGreaterThan(0);
  });

  it("the same person deleting twice at once: one 204, the other finds no session", async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const a = await app.createUser({ name: `Twice ${i}` });
      const other = await app.createUser({ name: `Co ${i}` });
      const orgId = await newOrg(a, `Twice ${i}`);
      await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgId, userId: other.id, role: "owner" });
      const res = await Promise.all([deleteMe(a, { confirmEmail: a.email }), deleteMe(a, { confirmEmail: a.email })]);
      expect(res.map((r) => r.status).sort()).toEqual([204, 401]);
      // One departure logged, not two.
      const log = await app.db.select().from(activityLog).where(and(eq(activityLog.orgId, orgId), eq(activityLog.action, "member.account_deleted")));
      expect(log).toHaveLength(1);
    }
  });
});
