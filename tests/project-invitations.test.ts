/**
 * Project invitations through the JSON API on a real D1: the project permission table (project owner/member, org
 * member outside the project, org admin/owner outside it, another org's user), the org-role limit, hashing, email,
 * re-inviting, resend and cancel, bad input.
 */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { member, projectInvitations, projectMembers, projects } from "~/db/schema";
import { APP_URL, createTestApp, lastEmail, type TestApp, type TestUser } from "./harness";

let app: TestApp;
let orgOwner: TestUser, orgAdmin: TestUser, projOwner: TestUser, projMember: TestUser, bystander: TestUser, outsider: TestUser;
let orgId: string, otherOrgId: string, projectId: string, otherProjectId: string;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

async function addMember(org: string, u: TestUser, role: "owner" | "admin" | "member") {
  await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: org, userId: u.id, role });
}

/** Projects are written directly: these tests are about invitations, not the projects domain. */
async function createProject(org: string, name: string, members: [TestUser, "owner" | "member"][]): Promise<string> {
  const id = crypto.randomUUID();
  await app.db.batch([
    app.db.insert(projects).values({ id, orgId: org, name, createdBy: members[0]![0].id }),
    ...members.map(([u, role]) => app.db.insert(projectMembers).values({ id: crypto.randomUUID(), projectId: id, userId: u.id, role })),
  ]);
  return id;
}

const base = () => `/api/orgs/${orgId}/projects/${projectId}/invitations`;
const rowsFor = (email: string) => app.db.select().from(projectInvitations).where(and(eq(projectInvitations.projectId, projectId), eq(projectInvitations.email, email)));
const allRows = () => app.db.select().from(projectInvitations);

async function tokenFor(email: string): Promise<string> {
  const mail = await lastEmail(app, email);
  expect(mail?.link).toMatch(new RegExp(`^${APP_URL}/invite/[A-Za-z0-9_-]{43}$`));
  return mail!.link!.split("/invite/")[1]!;
}

beforeAll(async () => {
  app = await createTestApp();
  [orgOwner, orgAdmin, projOwner, projMember, bystander, outsider] = await Promise.all([
    app.createUser({ name: "Olga Orgowner" }),
    app.createUser({ name: "Arno Orgadmin" }),
    app.createUser({ name: "Pia Projowner" }),
    app.createUser({ name: "Max Projmember" }),
    app.createUser({ name: "Ben Bystander" }),
    app.createUser({ name: "Otto Outsider" }),
  ]);
  orgId = (await app.request("POST", "/api/orgs", { as: orgOwner, body: { name: "Synthesis Group" } })).body.id;
  otherOrgId = (await app.request("POST", "/api/orgs", { as: outsider, body: { name: "Elsewhere" } })).body.id;
  await addMember(orgId, orgAdmin, "admin");
  await addMember(orgId, projOwner, "member");
  await addMember(orgId, projMember, "member");
  await addMember(orgId, bystander, "member");
  projectId = await createProject(orgId, "Statins Review", [
    [projOwner, "owner"],
    [projMember, "member"],
  ]);
  otherProjectId = await createProject(otherOrgId, "Secret Review", [[outsider, "owner"]]);
});
afterAll(() => app.close());

describe("who may invite to a project", () => {
  it("a project owner who is a plain org member invites an outsider: org role member, email names the project", async () => {
    const res = await app.request("POST", base(), { as: projOwner, body: { email: "Guest@Example.com", role: "member" } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      email: "guest@example.com",
      role: "member",
      orgRole: "member",
      projectId,
      invitedBy: { id: projOwner.id, name: "Pia Projowner" },
      status: "pending",
      expiresAt: expect.any(String),
      createdAt: expect.any(String),
      replaced: false,
    });
    const mail = await lastEmail(app, "guest@example.com");
    expect(mail!.subject).toContain("Statins Review");
    expect(mail!.text).toContain("Synthesis Group");
    const token = await tokenFor("guest@example.com");
    expect(JSON.stringify(res.body)).not.toContain(token);
    const [row] = await rowsFor("guest@example.com");
    expect(row!.token).toBe(sha256(token));
    for (const r of await allRows()) expect(JSON.stringify(r)).not.toContain(token);
    const view = await app.request("GET", `/api/invitations/${token}`);
    expect(view.body).toMatchObject({ status: "pending", org: { name: "Synthesis Group" }, project: { name: "Statins Review" }, inviter: { name: "Pia Projowner" }, role: "member", orgRole: "member" });
  });

  it.each(["admin", "owner"])("a plain org member (project owner) sending orgRole %s gets 403 and no row", async (orgRole) => {
    const email = `too-high-${orgRole}@example.com`;
    const res = await app.request("POST", base(), { as: projOwner, body: { email, role: "member", orgRole } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
    expect(await rowsFor(email)).toHaveLength(0);
    expect(await lastEmail(app, email)).toBeNull();
  });

  it("a project member may not invite (403) but may see the pending list", async () => {
    const res = await app.request("POST", base(), { as: projMember, body: { email: "nope@example.com", role: "member" } });
    expect(res.status).toBe(403);
    expect(await rowsFor("nope@example.com")).toHaveLength(0);
    const list = await app.request("GET", base(), { as: projMember });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: any) => i.email)).toContain("guest@example.com");
  });

  it("an org member outside the project gets 404 for everything", async () => {
    const [inv] = await rowsFor("guest@example.com");
    expect((await app.request("POST", base(), { as: bystander, body: { email: "b@example.com", role: "member" } })).status).toBe(404);
    expect((await app.request("GET", base(), { as: bystander })).status).toBe(404);
    expect((await app.request("POST", `${base()}/${inv!.id}/resend`, { as: bystander })).status).toBe(404);
    expect((await app.request("DELETE", `${base()}/${inv!.id}`, { as: bystander })).status).toBe(404);
    expect(await rowsFor("b@example.com")).toHaveLength(0);
    expect((await rowsFor("guest@example.com"))[0]).toEqual(inv);
  });

  it("an org admin outside the project may invite with org role admin, not owner", async () => {
    const ok = await app.request("POST", base(), { as: orgAdmin, body: { email: "new-admin@example.com", role: "owner", orgRole: "admin" } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ role: "owner", orgRole: "admin" });
    const no = await app.request("POST", base(), { as: orgAdmin, body: { email: "new-owner@example.com", role: "member", orgRole: "owner" } });
    expect(no.status).toBe(403);
    expect(await rowsFor("new-owner@example.com")).toHaveLength(0);
  });

  it("an org owner outside the project may invite with org role owner", async () => {
    const res = await app.request("POST", base(), { as: orgOwner, body: { email: "new-owner@example.com", role: "member", orgRole: "owner" } });
    expect(res.status).toBe(201);
    expect(res.body.orgRole).toBe("owner");
  });

  it("a user of another org gets 404 and nothing changes", async () => {
    const before = await allRows();
    expect((await app.request("POST", base(), { as: outsider, body: { email: "x@example.com", role: "member" } })).status).toBe(404);
    expect((await app.request("GET", base(), { as: outsider })).status).toBe(404);
    expect(await allRows()).toEqual(before);
  });

  it("a project id under another org's URL answers 404, even to that project's owner", async () => {
    // outsider owns otherProjectId in otherOrg; under otherOrg's URL with our project id, or ours with theirs: 404.
    const cases = [
      [outsider, `/api/orgs/${otherOrgId}/projects/${projectId}/invitations`],
      [orgOwner, `/api/orgs/${orgId}/projects/${otherProjectId}/invitations`],
      [outsider, `/api/orgs/${orgId}/projects/${otherProjectId}/invitations`],
    ] as const;
    for (const [as, path] of cases) {
      expect((await app.request("POST", path, { as, body: { email: "cross@example.com", role: "member" } })).status).toBe(404);
      expect((await app.request("GET", path, { as })).status).toBe(404);
    }
    expect(await app.db.select().from(projectInvitations).where(eq(projectInvitations.email, "cross@example.com"))).toHaveLength(0);
  });

  it("an invitation id of one project used under another project answers 404", async () => {
    const [inv] = await rowsFor("guest@example.com");
    const siblingId = await createProject(orgId, "Sibling", [[projOwner, "owner"]]);
    const path = `/api/orgs/${orgId}/projects/${siblingId}/invitations/${inv!.id}`;
    expect((await app.request("DELETE", path, { as: projOwner })).status).toBe(404);
    expect((await app.request("POST", `${path}/resend`, { as: projOwner })).status).toBe(404);
    expect((await rowsFor("guest@example.com"))[0]!.status).toBe("pending");
  });
});

describe("conflicts and bad input", () => {
  it("inviting a current project member answers 409 ALREADY_MEMBER", async () => {
    const res = await app.request("POST", base(), { as: projOwner, body: { email: projMember.email.toUpperCase(), role: "owner" } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("ALREADY_MEMBER");
    expect(await rowsFor(projMember.email)).toHaveLength(0);
  });

  it("an org member who is not in the project can be invited to it", async () => {
    const res = await app.request("POST", base(), { as: projOwner, body: { email: bystander.email, role: "member" } });
    expect(res.status).toBe(201);
  });

  it("re-inviting a pending address updates the row (one row, new roles, old link dead)", async () => {
    const email = "twice@example.com";
    const first = await app.request("POST", base(), { as: projOwner, body: { email, role: "member" } });
    const oldToken = await tokenFor(email);
    const second = await app.request("POST", base(), { as: orgAdmin, body: { email, role: "owner", orgRole: "admin" } });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ id: first.body.id, role: "owner", orgRole: "admin", invitedBy: { id: orgAdmin.id } });
    expect(await rowsFor(email)).toHaveLength(1);
    const newToken = await tokenFor(email);
    expect((await app.request("GET", `/api/invitations/${oldToken}`)).status).toBe(404);
    expect((await app.request("GET", `/api/invitations/${newToken}`)).body).toMatchObject({ status: "pending", role: "owner", orgRole: "admin" });
  });

  it("the project role defaults to member; the answer never carries the link, and says when it replaced one", async () => {
    const email = "default-role@example.com";
    const first = await app.request("POST", base(), { as: projOwner, body: { email } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ role: "member", orgRole: "member", replaced: false });
    const firstToken = await tokenFor(email);
    // The link goes only to the page that created it (docs/adr/0003-invitation-link-once.md), never over the API.
    expect(first.body.link).toBeUndefined();
    expect(JSON.stringify(first.body)).not.toContain(firstToken);
    // Listing never shows it.
    const listed = await app.request("GET", base(), { as: projOwner });
    const item = listed.body.items.find((i: { email: string }) => i.email === email);
    expect(item).toBeDefined();
    expect(item.link).toBeUndefined();
    expect(JSON.stringify(listed.body)).not.toContain(firstToken);

    const again = await app.request("POST", base(), { as: projOwner, body: { email } });
    expect(again.body).toMatchObject({ id: first.body.id, role: "member", replaced: true });
    const secondToken = await tokenFor(email);
    expect(JSON.stringify(again.body)).not.toContain(secondToken);
    expect((await app.request("GET", `/api/invitations/${firstToken}`)).status).toBe(404);
    expect((await app.request("GET", `/api/invitations/${secondToken}`)).body).toMatchObject({ status: "pending", role: "member" });
  });

  it("the same address may have pending invitations to two projects", async () => {
    const siblingId = await createProject(orgId, "Another", [[projOwner, "owner"]]);
    const a = await app.request("POST", `/api/orgs/${orgId}/projects/${siblingId}/invitations`, { as: projOwner, body: { email: "twice@example.com", role: "member" } });
    expect(a.status).toBe(201);
    expect(await app.db.select().from(projectInvitations).where(and(eq(projectInvitations.email, "twice@example.com"), eq(projectInvitations.status, "pending")))).toHaveLength(2);
  });

  it.each([
    [{ email: "ok@example.com", role: "admin" }, "role"],
    [{ email: "ok@example.com", role: "superuser" }, "role"],
    [{ email: "ok@example.com", role: "" }, "role"],
    [{ email: "ok@example.com", role: "member", orgRole: "superuser" }, "orgRole"],
    [{ email: "ok@example.com", role: "member", orgRole: "owner,admin" }, "orgRole"],
    [{ email: "bad@", role: "member" }, "email"],
    [{ role: "member" }, "email"],
  ])("bad input %j → 400 on %s, no row", async (body, field) => {
    const before = (await allRows()).length;
    const res = await app.request("POST", base(), { as: orgOwner, body });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[field]).toBeTruthy();
    expect((await allRows()).length).toBe(before);
  });
});

describe("resend and cancel", () => {
  it("resend by the project owner rotates the token; the old link is dead, the new one pending", async () => {
    const email = "resend-p@example.com";
    const created = await app.request("POST", base(), { as: projOwner, body: { email, role: "member" } });
    const oldToken = await tokenFor(email);
    expect((await app.request("POST", `${base()}/${created.body.id}/resend`, { as: projMember })).status).toBe(403);
    const res = await app.request("POST", `${base()}/${created.body.id}/resend`, { as: projOwner });
    expect(res.status).toBe(200);
    const newToken = await tokenFor(email);
    expect(newToken).not.toBe(oldToken);
    expect((await rowsFor(email))[0]!.token).toBe(sha256(newToken));
    expect((await app.request("GET", `/api/invitations/${oldToken}`)).status).toBe(404);
    expect((await app.request("GET", `/api/invitations/${newToken}`)).body.status).toBe("pending");
  });

  it("a plain member project owner may not resend an invitation carrying org role admin", async () => {
    const [inv] = await rowsFor("new-admin@example.com");
    const res = await app.request("POST", `${base()}/${inv!.id}/resend`, { as: projOwner });
    expect(res.status).toBe(403);
    expect((await rowsFor("new-admin@example.com"))[0]!.token).toBe(inv!.token);
  });

  it("cancel by an org admin kills the link; a project member cannot cancel", async () => {
    const email = "cancel-p@example.com";
    const created = await app.request("POST", base(), { as: projOwner, body: { email, role: "member" } });
    const token = await tokenFor(email);
    expect((await app.request("DELETE", `${base()}/${created.body.id}`, { as: projMember })).status).toBe(403);
    const res = await app.request("DELETE", `${base()}/${created.body.id}`, { as: orgAdmin });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("cancelled");
    expect((await app.request("GET", `/api/invitations/${token}`)).body.status).toBe("cancelled");
    const list = await app.request("GET", `${base()}?limit=100`, { as: projOwner });
    expect(list.body.items.map((i: any) => i.id)).not.toContain(created.body.id);
  });
});
