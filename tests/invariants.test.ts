/**
 * The invariant checker itself: silent on states the app produces, loud on each kind of broken state. The broken
 * states are written directly into the database and repaired at the end of each test, so the global after-each check
 * (tests/setup-invariants.ts) still sees a clean database between tests.
 */
import { and, eq } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, invitation, member, organization, projectMembers, projects, user } from "~/db/schema";
import { createTestApp, lastEmail, type TestApp, type TestUser } from "./harness";
import { checkInvariants, findViolations, foreignKeys, snapshotQuery, toSnapshot } from "./invariants";

let app: TestApp;
let owner: TestUser;
let orgId: string;
beforeAll(async () => {
  app = await createTestApp();
  owner = await app.createUser({ name: "Olive Owner" });
  orgId = (await app.request("POST", "/api/orgs", { as: owner, body: { name: "Checked" } })).body.id;
});
afterAll(() => app.close());

async function newProject(name = "P"): Promise<string> {
  const res = await app.request("POST", `/api/orgs/${orgId}/projects`, { as: owner, body: { name } });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function joined(role: "owner" | "admin" | "member" = "member"): Promise<TestUser> {
  const u = await app.createUser();
  await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgId, userId: u.id, role });
  return u;
}

describe("checkInvariants", () => {
  it("is silent on what the API produces, and knows every foreign key of the schema", async () => {
    const p = await newProject();
    const invitee = await app.createUser();
    await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body: { email: invitee.email, role: "admin" } });
    const token = (await lastEmail(app, invitee.email))!.link!.split("/invite/")[1]!;
    expect((await app.request("POST", `/api/invitations/${token}/accept`, { as: invitee })).status).toBe(200);
    expect((await app.request("POST", `/api/orgs/${orgId}/projects/${p}/members`, { as: owner, body: { userId: invitee.id, role: "member" } })).status).toBe(201);
    expect(await checkInvariants(app.db)).toEqual([]);
    const labels = foreignKeys.map((f) => f.label);
    for (const fk of ["member.organizationId -> organization.id", "project_members.userId -> user.id", "session.activeOrganizationId -> organization.id", "project_invitations.projectId -> projects.id"]) {
      expect(labels).toContain(fk);
    }
    expect(labels.length).toBeGreaterThanOrEqual(17);
  });

  it("D1 enforces foreign keys (so the per-key orphan queries are a second line, not the only one)", async () => {
    const err = await app.db
      .insert(member)
      .values({ id: crypto.randomUUID(), organizationId: "no-such-org", userId: owner.id, role: "member" })
      .then(() => null, (e: unknown) => e);
    // Drizzle wraps the driver's error; the database's own message is in the cause.
    expect(String((err as { cause?: { message?: string } } | null)?.cause?.message)).toMatch(/FOREIGN KEY constraint failed/);
  });

  it("counts rows that point at nothing, per foreign key", async () => {
    // D1 refuses such rows, so the orphan lives only inside one batch: foreign keys deferred to the commit, the orphan
    // inserted, the snapshot read, the orphan deleted again before the commit checks.
    const { sql: text, params } = new SQLiteSyncDialect().sqlToQuery(snapshotQuery());
    const d1 = app.bindings.DB;
    const results = await d1.batch([
      d1.prepare("PRAGMA defer_foreign_keys = on"),
      d1.prepare("insert into project_members (id, projectId, userId, role, joinedAt) values ('orphan', 'no-such-project', ?, 'member', 0)").bind(owner.id),
      d1.prepare(text).bind(...params),
      d1.prepare("delete from project_members where id = 'orphan'"),
    ]);
    const snap = toSnapshot((results[2]!.results as Record<string, string>[])[0]!);
    expect(findViolations(snap)).toEqual(["foreign key project_members.projectId -> projects.id: 1 row(s) point at nothing"]);
  });

  it("reports a malformed username, an unknown persona, and a completed profile without a persona", async () => {
    const u = await app.createUser({ profile: false });
    await app.db.update(user).set({ username: "Not Valid", persona: "astronaut" }).where(eq(user.id, u.id));
    expect(await checkInvariants(app.db)).toEqual([`user ${u.id} has a malformed username "Not Valid"`, `user ${u.id} has unknown persona astronaut`]);
    await app.db.update(user).set({ username: null, persona: null, profileCompletedAt: 1_700_000_000 }).where(eq(user.id, u.id));
    expect(await checkInvariants(app.db)).toEqual([`user ${u.id} completed the first-run step without a persona`]);
    await app.db.update(user).set({ persona: "other" }).where(eq(user.id, u.id));
    expect(await checkInvariants(app.db)).toEqual([]);
  });

  it("reports an org without an owner", async () => {
    const id = crypto.randomUUID();
    await app.db.insert(organization).values({ id, name: "Orphan", slug: `orphan-${id.slice(0, 6)}` });
    expect(await checkInvariants(app.db)).toEqual([`org ${id} has no owner`]);
    await app.db.delete(organization).where(eq(organization.id, id));
  });

  it("reports a project with members but no owner, and allows an empty one", async () => {
    const p = await newProject();
    const m = await joined();
    await app.db.insert(projectMembers).values({ id: crypto.randomUUID(), projectId: p, userId: m.id, role: "member" });
    await app.db.delete(projectMembers).where(and(eq(projectMembers.projectId, p), eq(projectMembers.userId, owner.id)));
    expect(await checkInvariants(app.db)).toEqual([`project ${p} has members but no owner`]);
    await app.db.delete(projectMembers).where(eq(projectMembers.projectId, p));
    expect(await checkInvariants(app.db)).toEqual([]);
  });

  it("reports a project member who is not in the project's org", async () => {
    const p = await newProject();
    const outsider = await app.createUser();
    await app.db.insert(projectMembers).values({ id: crypto.randomUUID(), projectId: p, userId: outsider.id, role: "member" });
    expect(await checkInvariants(app.db)).toEqual([`project member ${outsider.id} of ${p} is not a member of org ${orgId}`]);
    await app.db.delete(projectMembers).where(eq(projectMembers.userId, outsider.id));
  });

  it("reports an accepted invitation without membership, unless the log shows a later removal", async () => {
    const u = await app.createUser();
    const id = crypto.randomUUID();
    const acceptedAt = new Date(Date.now() - 5000);
    await app.db.insert(invitation).values({ id, email: u.email, inviterId: owner.id, organizationId: orgId, role: "member", status: "accepted", token: crypto.randomUUID(), expiresAt: new Date(Date.now() + 1e6), acceptedAt });
    expect(await checkInvariants(app.db)).toEqual([`org invitation ${id} was accepted by ${u.id} but they are not a member of org ${orgId} (and were never removed)`]);
    // A removal logged BEFORE the acceptance does not explain it.
    const log = (at: Date) => ({ id: crypto.randomUUID(), orgId, actorId: owner.id, actorName: "Olive Owner", action: "member.removed", targetType: "user", targetId: u.id, createdAt: at });
    await app.db.insert(activityLog).values(log(new Date(acceptedAt.getTime() - 60_000)));
    expect(await checkInvariants(app.db)).toHaveLength(1);
    await app.db.insert(activityLog).values(log(new Date()));
    expect(await checkInvariants(app.db)).toEqual([]);
    await app.db.delete(invitation).where(eq(invitation.id, id));
  });

  it("reports an accepted invitation to an address nobody has", async () => {
    const id = crypto.randomUUID();
    await app.db.insert(invitation).values({ id, email: "ghost@example.com", inviterId: owner.id, organizationId: orgId, role: "member", status: "accepted", token: crypto.randomUUID(), expiresAt: new Date(Date.now() + 1e6), acceptedAt: new Date() });
    expect(await checkInvariants(app.db)).toEqual([`org invitation ${id} was accepted but no user has the address ghost@example.com`]);
    await app.db.delete(invitation).where(eq(invitation.id, id));
  });

  it("reports roles outside the enum", async () => {
    const u = await joined();
    await app.db.update(member).set({ role: "owner,admin" as "owner" }).where(eq(member.userId, u.id));
    expect(await checkInvariants(app.db)).toEqual([`member ${u.id} of org ${orgId} has unknown role owner,admin`]);
    await app.db.delete(user).where(eq(user.id, u.id));
    expect(await checkInvariants(app.db)).toEqual([]);
    expect(await app.db.select().from(projects).where(eq(projects.createdBy, u.id))).toEqual([]);
  });
});

describe("a project whose only member left the org (found by the random operations)", () => {
  /** A project created by a plain org member, who then leaves the org: the project is empty and has no owner. */
  async function ownerlessProject(): Promise<string> {
    const creator = await joined();
    const res = await app.request("POST", `/api/orgs/${orgId}/projects`, { as: creator, body: { name: "Left behind" } });
    expect(res.status).toBe(201);
    expect((await app.request("DELETE", `/api/orgs/${orgId}/members/${creator.id}`, { as: creator })).status).toBe(204);
    expect(await app.db.select().from(projectMembers).where(eq(projectMembers.projectId, res.body.id))).toEqual([]);
    return res.body.id;
  }

  it("someone added as a plain member becomes its owner", async () => {
    const p = await ownerlessProject();
    const newcomer = await joined();
    const res = await app.request("POST", `/api/orgs/${orgId}/projects/${p}/members`, { as: owner, body: { userId: newcomer.id, role: "member" } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ userId: newcomer.id, role: "owner" });
    // The next one added as member stays a member.
    const second = await joined();
    expect((await app.request("POST", `/api/orgs/${orgId}/projects/${p}/members`, { as: owner, body: { userId: second.id, role: "member" } })).body.role).toBe("member");
  });

  it("accepting a member invitation to it makes the invitee its owner", async () => {
    const p = await ownerlessProject();
    const invitee = await app.createUser();
    const inv = await app.request("POST", `/api/orgs/${orgId}/projects/${p}/invitations`, { as: owner, body: { email: invitee.email, role: "member" } });
    expect(inv.status).toBe(201);
    const token = (await lastEmail(app, invitee.email))!.link!.split("/invite/")[1]!;
    expect((await app.request("POST", `/api/invitations/${token}/accept`, { as: invitee })).status).toBe(200);
    const rows = await app.db.select({ userId: projectMembers.userId, role: projectMembers.role }).from(projectMembers).where(eq(projectMembers.projectId, p));
    expect(rows).toEqual([{ userId: invitee.id, role: "owner" }]);
  });
});
