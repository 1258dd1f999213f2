/**
 * Workspaces that require two-factor, through the JSON API on a real D1: who may turn the rule on (owners who have
 * two-factor themselves), the activity log, and what members without two-factor meet (403 TWO_FACTOR_REQUIRED on the
 * workspace's API, while their list of workspaces still works), including invitees after accepting.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organization, user } from "~/db/schema";
import { APP_URL, createTestApp, lastEmail, type TestApp, type TestUser } from "./harness";
import { activityRows, addProject, makeOrg, type OrgFixture } from "./org-fixtures";
import { enrol, Jar } from "./two-factor-fixtures";

let app: TestApp;
beforeAll(async () => (app = await createTestApp()));
afterAll(() => app.close());

/** Two-factor on for a fixture user, written directly (enrolling itself is tested in two-factor.test.ts). */
const withTwoFactor = (u: TestUser) => app.db.update(user).set({ twoFactorEnabled: true }).where(eq(user.id, u.id));
const ruleOf = async (orgId: string) => (await app.db.select({ on: organization.requireTwoFactor }).from(organization).where(eq(organization.id, orgId)))[0]!.on;
const requireIt = (f: OrgFixture, as: TestUser, on = true) => app.request("PATCH", `/api/orgs/${f.orgId}`, { as, body: { requireTwoFactor: on } });

describe("turning the rule on", () => {
  it("an owner without two-factor is told to turn it on first, and nothing changes", async () => {
    const f = await makeOrg(app, "No 2FA Owner");
    const res = await requireIt(f, f.owner);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("TWO_FACTOR_REQUIRED");
    expect(res.body.error.message).toMatch(/your own account first/);
    expect(await ruleOf(f.orgId)).toBe(false);
    expect((await activityRows(app, f.orgId)).some((a) => a.action === "org.two_factor_changed")).toBe(false);
  });

  it("admins and members may not, even with two-factor", async () => {
    const f = await makeOrg(app, "Admins Cannot");
    await withTwoFactor(f.admin);
    await withTwoFactor(f.member);
    for (const who of [f.admin, f.member]) {
      const res = await requireIt(f, who);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    }
    expect(await ruleOf(f.orgId)).toBe(false);
  });

  it("an owner with two-factor turns it on and off; Org objects carry it; the log records both", async () => {
    const f = await makeOrg(app, "Strict Lab");
    await withTwoFactor(f.owner);
    const on = await requireIt(f, f.owner);
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ id: f.orgId, requireTwoFactor: true });
    expect(await ruleOf(f.orgId)).toBe(true);
    const list = await app.request("GET", "/api/orgs", { as: f.owner });
    expect(list.body.items.find((o: { id: string }) => o.id === f.orgId)).toMatchObject({ requireTwoFactor: true });

    const off = await requireIt(f, f.owner, false);
    expect(off.body.requireTwoFactor).toBe(false);
    const log = (await activityRows(app, f.orgId)).filter((a) => a.action === "org.two_factor_changed");
    expect(log.map((a) => JSON.parse(a.data ?? "{}").to).sort()).toEqual([false, true]);
    expect(log.every((a) => a.actorId === f.owner.id)).toBe(true);
  });

  it("refuses a value that is not a boolean and changes nothing", async () => {
    const f = await makeOrg(app, "Bad Value");
    await withTwoFactor(f.owner);
    const res = await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: f.owner, body: { requireTwoFactor: "yes" } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.requireTwoFactor).toBeTruthy();
    expect(await ruleOf(f.orgId)).toBe(false);
  });
});

describe("members without two-factor", () => {
  it("get 403 TWO_FACTOR_REQUIRED on the workspace's API, but still see their list of workspaces", async () => {
    const f = await makeOrg(app, "Locked Lab");
    await withTwoFactor(f.owner);
    const projectId = await addProject(app, f.orgId, f.owner.id, [[f.owner.id, "owner"], [f.member.id, "member"]]);
    expect((await requireIt(f, f.owner)).status).toBe(200);

    for (const path of [`/api/orgs/${f.orgId}`, `/api/orgs/${f.orgId}/projects`, `/api/orgs/${f.orgId}/projects/${projectId}`, `/api/orgs/${f.orgId}/members`]) {
      const res = await app.request("GET", path, { as: f.member });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code, path).toBe("TWO_FACTOR_REQUIRED");
    }
    const write = await app.request("POST", `/api/orgs/${f.orgId}/projects`, { as: f.member, body: { name: "Sneaky" } });
    expect(write.body.error.code).toBe("TWO_FACTOR_REQUIRED");
    const list = await app.request("GET", "/api/orgs", { as: f.member });
    expect(list.status).toBe(200);
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(f.orgId);

    // The owner, who has it, works as before; a non-member still hears NOT_FOUND (nothing is revealed).
    expect((await app.request("GET", `/api/orgs/${f.orgId}/projects`, { as: f.owner })).status).toBe(200);
    const stranger = await app.createUser();
    expect((await app.request("GET", `/api/orgs/${f.orgId}`, { as: stranger })).status).toBe(404);
  });

  it("get in once they enrol, through the real endpoints", async () => {
    const f = await makeOrg(app, "Enrol To Enter");
    await withTwoFactor(f.owner);
    await requireIt(f, f.owner);
    const person = await app.signInWithPassword({ email: "enrols@example.com" });
    await app.db.insert((await import("~/db/schema")).member).values({ id: crypto.randomUUID(), organizationId: f.orgId, userId: person.id, role: "member" });
    const jar = new Jar(person.cookie);
    expect((await app.request("GET", `/api/orgs/${f.orgId}`, { as: jar.header })).status).toBe(403);
    await enrol(app, jar);
    expect((await app.request("GET", `/api/orgs/${f.orgId}`, { as: jar.header })).status).toBe(200);
  });

  it("invitees accept, then meet the same rule", async () => {
    const f = await makeOrg(app, "Invite Strict");
    await withTwoFactor(f.owner);
    await requireIt(f, f.owner);
    const email = "strict-invitee@example.com";
    expect((await app.request("POST", `/api/orgs/${f.orgId}/invitations`, { as: f.owner, body: { email, role: "member" } })).status).toBe(201);
    const token = (await lastEmail(app, email))!.link!.split("/invite/")[1]!;
    const invitee = await app.createUser({ email });
    const accepted = await app.request("POST", `/api/invitations/${token}/accept`, { as: invitee });
    expect(accepted.status).toBe(200);
    const res = await app.request("GET", `/api/orgs/${f.orgId}`, { as: invitee });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("TWO_FACTOR_REQUIRED");
  });

  it("are let in again when the owner turns the rule off", async () => {
    const f = await makeOrg(app, "Relaxed Again");
    await withTwoFactor(f.owner);
    await requireIt(f, f.owner);
    expect((await app.request("GET", `/api/orgs/${f.orgId}`, { as: f.member })).status).toBe(403);
    await requireIt(f, f.owner, false);
    expect((await app.request("GET", `/api/orgs/${f.orgId}`, { as: f.member })).status).toBe(200);
  });
});

describe("every workspace route", () => {
  it("answers TWO_FACTOR_REQUIRED to a member without two-factor, and changes nothing", async () => {
    const { routes } = await import("~/server/api/routes");
    const f = await makeOrg(app, "Every Door");
    await withTwoFactor(f.owner);
    const projectId = await addProject(app, f.orgId, f.owner.id, [[f.owner.id, "owner"], [f.member.id, "member"]]);
    await requireIt(f, f.owner);
    const before = JSON.stringify(await app.db.select().from(organization).where(eq(organization.id, f.orgId)));
    // Site administration names workspaces too, but is not a workspace route (404 to everyone but site admins).
    const inOrg = routes.filter((r) => r.path.includes(":orgId") && !r.path.startsWith("/api/admin/"));
    expect(inOrg.length).toBeGreaterThan(10);
    for (const r of inOrg) {
      const path = r.path
        .replace(":orgId", f.orgId)
        .replace(":projectId", projectId)
        .replace(":userId", f.owner.id)
        .replace(":id", crypto.randomUUID());
      const res = await app.request(r.method, path, {
        as: f.member,
        body: validBodies(f)[`${r.method} ${r.path}`] ?? (r.method === "GET" || r.method === "DELETE" ? undefined : {}),
        // The live handshake checks Origin before anything (a browser always sends it on a WebSocket).
        headers: { origin: APP_URL },
      });
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
      expect(res.body.error.code, `${r.method} ${r.path}`).toBe("TWO_FACTOR_REQUIRED");
    }
    expect(JSON.stringify(await app.db.select().from(organization).where(eq(organization.id, f.orgId)))).toBe(before);
  });
});

/** Bodies an allowed caller would send, so that no answer comes from validation before the workspace's rule. */
function validBodies(f: OrgFixture): Record<string, Record<string, unknown>> {
  return {
    "PATCH /api/orgs/:orgId": { name: "Renamed lab" },
    "PATCH /api/orgs/:orgId/members/:userId": { role: "admin" },
    "POST /api/orgs/:orgId/invitations": { email: "newcomer@example.test", role: "member" },
    "POST /api/orgs/:orgId/invitations/bulk": { emails: "a@example.test, b@example.test", role: "member" },
    "POST /api/orgs/:orgId/projects": { name: "Valid project" },
    "PATCH /api/orgs/:orgId/projects/:projectId": { name: "Renamed project" },
    "POST /api/orgs/:orgId/projects/:projectId/members": { userId: f.admin.id, role: "member" },
    "PATCH /api/orgs/:orgId/projects/:projectId/members/:userId": { role: "owner" },
    "POST /api/orgs/:orgId/projects/:projectId/invitations": { email: "newcomer@example.test", role: "member" },
  };
}
