/**
 * The invitee's side on a real D1: the public lookup, accept and decline, every dead state, the wrong person, and the
 * races that must leave exactly one membership (parallel accepts, accept against cancel).
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, invitation, member, projectInvitations, projectMembers, projects } from "~/db/schema";
import { createTestApp, lastEmail, type TestApp, type TestUser } from "./harness";

let app: TestApp;
let owner: TestUser, stranger: TestUser;
let orgId: string, orgSlug: string, projectId: string;

async function addMember(u: TestUser, role: "owner" | "admin" | "member") {
  await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgId, userId: u.id, role });
}

async function orgInvite(email: string, role = "member"): Promise<{ id: string; token: string }> {
  const res = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body: { email, role } });
  expect(res.status).toBe(201);
  const mail = await lastEmail(app, email.toLowerCase());
  return { id: res.body.id, token: mail!.link!.split("/invite/")[1]! };
}

async function projectInvite(email: string, role = "member", orgRole = "member"): Promise<{ id: string; token: string }> {
  const res = await app.request("POST", `/api/orgs/${orgId}/projects/${projectId}/invitations`, { as: owner, body: { email, role, orgRole } });
  expect(res.status).toBe(201);
  const mail = await lastEmail(app, email.toLowerCase());
  return { id: res.body.id, token: mail!.link!.split("/invite/")[1]! };
}

const membershipsOf = (u: TestUser) => app.db.select().from(member).where(and(eq(member.organizationId, orgId), eq(member.userId, u.id)));
const projectMembershipsOf = (u: TestUser) => app.db.select().from(projectMembers).where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, u.id)));
const orgInvitationRow = async (id: string) => (await app.db.select().from(invitation).where(eq(invitation.id, id)))[0]!;
const accept = (token: string, as: TestUser) => app.request("POST", `/api/invitations/${token}/accept`, { as });

beforeAll(async () => {
  app = await createTestApp();
  owner = await app.createUser({ name: "Olive Owner" });
  stranger = await app.createUser({ name: "Sam Stranger" });
  const org = await app.request("POST", "/api/orgs", { as: owner, body: { name: "Appraisal Team" } });
  orgId = org.body.id;
  orgSlug = org.body.slug;
  projectId = crypto.randomUUID();
  await app.db.batch([
    app.db.insert(projects).values({ id: projectId, orgId, name: "Vitamin D Review", createdBy: owner.id }),
    app.db.insert(projectMembers).values({ id: crypto.randomUUID(), projectId, userId: owner.id, role: "owner" }),
  ]);
});
afterAll(() => app.close());

describe("public lookup", () => {
  it("shows org, inviter, address, role and state without a session", async () => {
    const { token } = await orgInvite("lookup@example.com", "admin");
    const res = await app.request("GET", `/api/invitations/${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: "pending",
      email: "lookup@example.com",
      org: { name: "Appraisal Team", slug: orgSlug, logo: null },
      project: null,
      inviter: { name: "Olive Owner" },
      role: "admin",
      orgRole: "admin",
      expiresAt: expect.any(String),
    });
  });

  it("unknown, garbage and over-long tokens answer 404 NOT_FOUND", async () => {
    for (const t of ["A".repeat(43), "not-a-token", "x".repeat(500), "%00"]) {
      const res = await app.request("GET", `/api/invitations/${t}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
    }
  });

  it("the stored hash itself is not a working token", async () => {
    const { id } = await orgInvite("hash-as-token@example.com");
    const row = await orgInvitationRow(id);
    expect((await app.request("GET", `/api/invitations/${row.token}`)).status).toBe(404);
  });
});

describe("accepting an org invitation", () => {
  it("signed out: 401, nothing granted", async () => {
    const { token } = await orgInvite("anon@example.com");
    const res = await app.request("POST", `/api/invitations/${token}/accept`);
    expect(res.status).toBe(401);
    expect((await app.request("GET", `/api/invitations/${token}`)).body.status).toBe("pending");
  });

  it("the invitee (address in another case) joins with the invited role and lands in the org; reuse is 409", async () => {
    const invitee = await app.createUser({ email: "casey@example.com", name: "Casey" });
    const { id, token } = await orgInvite("CaseY@Example.COM", "admin");
    const res = await accept(token, invitee);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ orgId, orgSlug, projectId: null });
    const rows = await membershipsOf(invitee);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.role).toBe("admin");
    const row = await orgInvitationRow(id);
    expect(row.status).toBe("accepted");
    expect(row.acceptedAt).toBeInstanceOf(Date);
    expect((await app.request("GET", `/api/invitations/${token}`)).body.status).toBe("accepted");
    const again = await accept(token, invitee);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("INVITATION_ALREADY_ACCEPTED");
    expect(await membershipsOf(invitee)).toHaveLength(1);
    const log = await app.db.select().from(activityLog).where(and(eq(activityLog.orgId, orgId), eq(activityLog.action, "invitation.accepted"), eq(activityLog.actorId, invitee.id)));
    expect(log).toHaveLength(1);
    // The new member sees the org in their list.
    const orgs = await app.request("GET", "/api/orgs", { as: invitee });
    expect(orgs.body.items.map((o: any) => o.id)).toContain(orgId);
  });

  it("someone else signed in gets 403 INVITATION_EMAIL_MISMATCH and no row; the invitation stays pending", async () => {
    const { id, token } = await orgInvite("rightful@example.com");
    const res = await accept(token, stranger);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("INVITATION_EMAIL_MISMATCH");
    expect(res.body.error.message).toContain("rightful@example.com");
    expect(await membershipsOf(stranger)).toHaveLength(0);
    expect((await orgInvitationRow(id)).status).toBe("pending");
    const decline = await app.request("POST", `/api/invitations/${token}/decline`, { as: stranger });
    expect(decline.status).toBe(403);
    expect((await orgInvitationRow(id)).status).toBe("pending");
  });

  it("the right address but unverified gets 403 and no row", async () => {
    const unverified = await app.createUser({ email: "unverified@example.com", verified: false });
    const { id, token } = await orgInvite("unverified@example.com");
    const res = await accept(token, unverified);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("INVITATION_EMAIL_MISMATCH");
    expect(await membershipsOf(unverified)).toHaveLength(0);
    expect((await orgInvitationRow(id)).status).toBe("pending");
  });

  it("expired: 410 INVITATION_EXPIRED, lookup says expired, nothing granted", async () => {
    const late = await app.createUser({ email: "late@example.com" });
    const { id, token } = await orgInvite("late@example.com");
    await app.db.update(invitation).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitation.id, id));
    const res = await accept(token, late);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe("INVITATION_EXPIRED");
    expect((await app.request("GET", `/api/invitations/${token}`)).body.status).toBe("expired");
    expect(await membershipsOf(late)).toHaveLength(0);
    expect((await orgInvitationRow(id)).status).toBe("pending");
  });

  it("cancelled: 410 INVITATION_CANCELLED, nothing granted", async () => {
    const dropped = await app.createUser({ email: "dropped@example.com" });
    const { id, token } = await orgInvite("dropped@example.com");
    expect((await app.request("DELETE", `/api/orgs/${orgId}/invitations/${id}`, { as: owner })).status).toBe(200);
    const res = await accept(token, dropped);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe("INVITATION_CANCELLED");
    expect(await membershipsOf(dropped)).toHaveLength(0);
  });

  it("a resent invitation's old link cannot be accepted; the new one can", async () => {
    const u = await app.createUser({ email: "resent@example.com" });
    const { id, token: oldToken } = await orgInvite("resent@example.com");
    expect((await app.request("POST", `/api/orgs/${orgId}/invitations/${id}/resend`, { as: owner })).status).toBe(200);
    const newToken = (await lastEmail(app, "resent@example.com"))!.link!.split("/invite/")[1]!;
    expect((await accept(oldToken, u)).status).toBe(404);
    expect(await membershipsOf(u)).toHaveLength(0);
    expect((await accept(newToken, u)).status).toBe(200);
    expect(await membershipsOf(u)).toHaveLength(1);
  });

  it("accepting while already a member marks it accepted and keeps the existing role", async () => {
    const boss = await app.createUser({ email: "boss@example.com" });
    const { id, token } = await orgInvite("boss@example.com", "member");
    // They became an owner some other way after the invitation went out.
    await addMember(boss, "owner");
    const res = await accept(token, boss);
    expect(res.status).toBe(200);
    const rows = await membershipsOf(boss);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.role).toBe("owner");
    expect((await orgInvitationRow(id)).status).toBe("accepted");
  });
});

describe("declining", () => {
  it("the invitee declines: status declined, no membership, the link is dead for accepting", async () => {
    const u = await app.createUser({ email: "declines@example.com" });
    const { id, token } = await orgInvite("declines@example.com");
    const res = await app.request("POST", `/api/invitations/${token}/decline`, { as: u });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "declined" });
    expect((await orgInvitationRow(id)).status).toBe("rejected");
    expect((await app.request("GET", `/api/invitations/${token}`)).body.status).toBe("declined");
    const later = await accept(token, u);
    expect(later.status).toBe(410);
    expect(await membershipsOf(u)).toHaveLength(0);
    // Declining again is refused too (the invitation is finished).
    expect((await app.request("POST", `/api/invitations/${token}/decline`, { as: u })).status).toBe(410);
  });

  it("an accepted invitation cannot be declined", async () => {
    const u = await app.createUser({ email: "accepts-then-declines@example.com" });
    const { token } = await orgInvite("accepts-then-declines@example.com");
    expect((await accept(token, u)).status).toBe(200);
    const res = await app.request("POST", `/api/invitations/${token}/decline`, { as: u });
    expect(res.status).toBe(409);
    expect(await membershipsOf(u)).toHaveLength(1);
  });
});

describe("declining from the link, signed out (docs/adr/0002-decline-with-the-token.md)", () => {
  it("the token alone declines a project invitation: declined, nothing granted, logged without an account, link dead", async () => {
    const { id, token } = await projectInvite("phone-reader@example.com", "owner");
    const res = await app.request("POST", `/api/invitations/${token}/decline`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "declined" });
    const row = (await app.db.select().from(projectInvitations).where(eq(projectInvitations.id, id)))[0]!;
    expect(row.status).toBe("rejected");
    const log = await app.db.select().from(activityLog).where(and(eq(activityLog.targetId, id), eq(activityLog.action, "invitation.declined")));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actorId: null, actorName: "phone-reader@example.com" });
    expect(JSON.parse(log[0]!.data!)).toMatchObject({ projectId, signedOut: true });
    expect((await app.request("GET", `/api/invitations/${token}`)).body.status).toBe("declined");
    // Finished: a second decline and a later accept by the rightful person are refused; no membership appears.
    expect((await app.request("POST", `/api/invitations/${token}/decline`)).status).toBe(410);
    const later = await app.createUser({ email: "phone-reader@example.com" });
    expect((await accept(token, later)).status).toBe(410);
    expect(await projectMembershipsOf(later)).toHaveLength(0);
  });

  it("signed out cannot decline an accepted invitation, and an unknown token is 404", async () => {
    const u = await app.createUser({ email: "accepted-first@example.com" });
    const { token } = await orgInvite("accepted-first@example.com");
    expect((await accept(token, u)).status).toBe(200);
    expect((await app.request("POST", `/api/invitations/${token}/decline`)).status).toBe(409);
    expect(await membershipsOf(u)).toHaveLength(1);
    expect((await app.request("POST", `/api/invitations/${"B".repeat(43)}/decline`)).status).toBe(404);
  });

  it("signed in as the invited address but not verified yet: may decline (they could sign out and do it anyway)", async () => {
    const u = await app.createUser({ email: "not-yet-verified@example.com", verified: false });
    const { id, token } = await orgInvite("not-yet-verified@example.com");
    const res = await app.request("POST", `/api/invitations/${token}/decline`, { as: u });
    expect(res.status).toBe(200);
    expect((await orgInvitationRow(id)).status).toBe("rejected");
    const log = await app.db.select().from(activityLog).where(and(eq(activityLog.targetId, id), eq(activityLog.action, "invitation.declined")));
    expect(log[0]).toMatchObject({ actorId: u.id });
  });

  it("signed in as someone else: 403 INVITATION_EMAIL_MISMATCH naming both addresses, the invitation stays pending", async () => {
    const { id, token } = await orgInvite("their-own@example.com");
    const res = await app.request("POST", `/api/invitations/${token}/decline`, { as: stranger });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("INVITATION_EMAIL_MISMATCH");
    expect(res.body.error.message).toContain("their-own@example.com");
    expect(res.body.error.message).toContain(stranger.email);
    expect((await orgInvitationRow(id)).status).toBe("pending");
  });
});

describe("accepting a project invitation", () => {
  it("an outsider joins the org with the invitation's org role and the project with its role; lands in the project", async () => {
    const u = await app.createUser({ email: "reviewer@example.com" });
    const { id, token } = await projectInvite("reviewer@example.com", "owner", "admin");
    const view = await app.request("GET", `/api/invitations/${token}`);
    expect(view.body).toMatchObject({ project: { name: "Vitamin D Review" }, role: "owner", orgRole: "admin" });
    const res = await accept(token, u);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ orgId, orgSlug, projectId });
    expect((await membershipsOf(u)).map((m) => m.role)).toEqual(["admin"]);
    expect((await projectMembershipsOf(u)).map((m) => m.role)).toEqual(["owner"]);
    const row = (await app.db.select().from(projectInvitations).where(eq(projectInvitations.id, id)))[0]!;
    expect(row.status).toBe("accepted");
    expect((await accept(token, u)).status).toBe(409);
  });

  it("an existing org member keeps their org role and gains the project membership", async () => {
    const u = await app.createUser({ email: "already-admin@example.com" });
    await addMember(u, "admin");
    const { token } = await projectInvite("already-admin@example.com", "member", "member");
    expect((await accept(token, u)).status).toBe(200);
    expect((await membershipsOf(u)).map((m) => m.role)).toEqual(["admin"]);
    expect((await projectMembershipsOf(u)).map((m) => m.role)).toEqual(["member"]);
  });

  it("the wrong user gets 403 and neither membership", async () => {
    const { token } = await projectInvite("someone-else@example.com");
    const res = await accept(token, stranger);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("INVITATION_EMAIL_MISMATCH");
    expect(await membershipsOf(stranger)).toHaveLength(0);
    expect(await projectMembershipsOf(stranger)).toHaveLength(0);
  });

  it("expired and cancelled project invitations answer 410 and grant nothing", async () => {
    const u = await app.createUser({ email: "dead-project@example.com" });
    const a = await projectInvite("dead-project@example.com");
    await app.db.update(projectInvitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(projectInvitations.id, a.id));
    expect((await accept(a.token, u)).body.error.code).toBe("INVITATION_EXPIRED");
    // Re-inviting the address revives the same row with a new token; then cancel it.
    const b = await projectInvite("dead-project@example.com");
    expect(b.id).toBe(a.id);
    expect((await app.request("DELETE", `/api/orgs/${orgId}/projects/${projectId}/invitations/${b.id}`, { as: owner })).status).toBe(200);
    const res = await accept(b.token, u);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe("INVITATION_CANCELLED");
    expect(await membershipsOf(u)).toHaveLength(0);
    expect(await projectMembershipsOf(u)).toHaveLength(0);
  });
});

describe("races on the real D1", () => {
  it("20 parallel accepts of one invitation by its invitee: exactly one 200, one membership, one log entry", async () => {
    const u = await app.createUser({ email: "racer@example.com" });
    const { id, token } = await orgInvite("racer@example.com", "admin");
    const results = await Promise.all(Array.from({ length: 20 }, () => accept(token, u)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409)).toBe(true);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === "INVITATION_ALREADY_ACCEPTED")).toBe(true);
    const rows = await membershipsOf(u);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.role).toBe("admin");
    expect((await orgInvitationRow(id)).status).toBe("accepted");
    const log = await app.db.select().from(activityLog).where(and(eq(activityLog.action, "invitation.accepted"), eq(activityLog.actorId, u.id)));
    expect(log).toHaveLength(1);
  });

  it("accept racing cancel never yields both a membership and a cancelled invitation", async () => {
    const outcomes = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const email = `contested${i}@example.com`;
      const u = await app.createUser({ email });
      const { id, token } = await orgInvite(email);
      // Alternate who starts first so both orders get exercised.
      const calls = [() => accept(token, u), () => app.request("DELETE", `/api/orgs/${orgId}/invitations/${id}`, { as: owner })];
      if (i % 2) calls.reverse();
      const [r1, r2] = await Promise.all(calls.map((c) => c()));
      const [acceptRes, cancelRes] = i % 2 ? [r2!, r1!] : [r1!, r2!];
      const status = (await orgInvitationRow(id)).status;
      const members = await membershipsOf(u);
      if (status === "accepted") {
        expect(acceptRes.status).toBe(200);
        expect(cancelRes.status).toBe(409);
        expect(members).toHaveLength(1);
      } else {
        expect(status).toBe("canceled");
        expect(cancelRes.status).toBe(200);
        expect(acceptRes.status).toBe(410);
        expect(members).toHaveLength(0);
      }
      outcomes.add(status);
    }
    expect(outcomes.size).toBeGreaterThanOrEqual(1);
  });

  it("10 parallel accepts of a project invitation: one org membership, one project membership, one 200", async () => {
    const u = await app.createUser({ email: "project-racer@example.com" });
    const { token } = await projectInvite("project-racer@example.com", "member", "member");
    const results = await Promise.all(Array.from({ length: 10 }, () => accept(token, u)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    expect(await membershipsOf(u)).toHaveLength(1);
    expect(await projectMembershipsOf(u)).toHaveLength(1);
  });
});
