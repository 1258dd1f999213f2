/**
 * Org invitations through the JSON API on a real D1: who may invite, list, resend and cancel; what is stored (only a
 * hash of the token); what is emailed; re-inviting; bad input.
 */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, invitation, member } from "~/db/schema";
import { APP_URL, createTestApp, lastEmail, type TestApp, type TestUser } from "./harness";

let app: TestApp;
let owner: TestUser, admin: TestUser, plain: TestUser, outsider: TestUser;
let orgId: string, otherOrgId: string;

async function addMember(orgId: string, u: TestUser, role: "owner" | "admin" | "member") {
  await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgId, userId: u.id, role });
}

async function createOrg(as: TestUser, name: string): Promise<string> {
  const res = await app.request("POST", "/api/orgs", { as, body: { name } });
  expect(res.status).toBe(201);
  return res.body.id;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

async function inviteLink(to: string): Promise<{ link: string; token: string }> {
  const mail = await lastEmail(app, to);
  expect(mail?.link).toMatch(new RegExp(`^${APP_URL}/invite/[A-Za-z0-9_-]{43}$`));
  return { link: mail!.link!, token: mail!.link!.split("/invite/")[1]! };
}

const rowsFor = (email: string, org = orgId) => app.db.select().from(invitation).where(and(eq(invitation.organizationId, org), eq(invitation.email, email)));
const allInvitations = () => app.db.select().from(invitation);

beforeAll(async () => {
  app = await createTestApp();
  [owner, admin, plain, outsider] = await Promise.all([
    app.createUser({ name: "Olive Owner" }),
    app.createUser({ name: "Adam Admin" }),
    app.createUser({ name: "Mia Member" }),
    app.createUser({ name: "Otto Outsider" }),
  ]);
  orgId = await createOrg(owner, "Evidence Lab");
  otherOrgId = await createOrg(outsider, "Other Lab");
  await addMember(orgId, admin, "admin");
  await addMember(orgId, plain, "member");
});
afterAll(() => app.close());

describe("creating org invitations", () => {
  it("an admin invites as member: 201 with the Invitation shape, never the token", async () => {
    const res = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: admin, body: { email: "  New.Person@Example.COM ", role: "member" } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      email: "new.person@example.com",
      role: "member",
      orgRole: "member",
      projectId: null,
      invitedBy: { id: admin.id, name: "Adam Admin" },
      status: "pending",
      expiresAt: expect.any(String),
      createdAt: expect.any(String),
      replaced: false,
    });
    const days = (Date.parse(res.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
  });

  it("the email lands in the dev mailbox with APP_URL/invite/<token>, and only the token's SHA-256 is stored", async () => {
    const { token } = await inviteLink("new.person@example.com");
    const mail = await lastEmail(app, "new.person@example.com");
    expect(mail!.subject).toContain("Evidence Lab");
    expect(mail!.text).toContain("Adam Admin");
    const [row] = await rowsFor("new.person@example.com");
    expect(row!.token).toBe(sha256(token));
    // The raw token appears in no column of any invitation row.
    for (const r of await allInvitations()) expect(JSON.stringify(r)).not.toContain(token);
    // The public page knows the link.
    const view = await app.request("GET", `/api/invitations/${token}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: "pending", email: "new.person@example.com", org: { name: "Evidence Lab" }, project: null, inviter: { name: "Adam Admin" }, role: "member", orgRole: "member" });
  });

  it("an admin may invite as admin but not as owner (403, no row)", async () => {
    expect((await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: admin, body: { email: "adm@example.com", role: "admin" } })).status).toBe(201);
    const res = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: admin, body: { email: "would-be-owner@example.com", role: "owner" } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
    expect(await rowsFor("would-be-owner@example.com")).toHaveLength(0);
  });

  it("an owner may invite as owner", async () => {
    const res = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body: { email: "co-owner@example.com", role: "owner" } });
    expect(res.status).toBe(201);
    expect(res.body.role).toBe("owner");
  });

  it("a plain member may not invite (403, no row, no email)", async () => {
    const res = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: plain, body: { email: "friend@example.com", role: "member" } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
    expect(await rowsFor("friend@example.com")).toHaveLength(0);
    expect(await lastEmail(app, "friend@example.com")).toBeNull();
  });

  it("a user of another org gets 404 and nothing is written", async () => {
    const res = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: outsider, body: { email: "spy@example.com", role: "member" } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
    expect(await rowsFor("spy@example.com")).toHaveLength(0);
    expect(await lastEmail(app, "spy@example.com")).toBeNull();
  });

  it("signed out: 401", async () => {
    const res = await app.request("POST", `/api/orgs/${orgId}/invitations`, { body: { email: "anon@example.com", role: "member" } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("AUTH_REQUIRED");
  });

  it("inviting a current member answers 409 ALREADY_MEMBER, whatever the case of the address", async () => {
    const res = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body: { email: plain.email.toUpperCase(), role: "admin" } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("ALREADY_MEMBER");
    expect(await rowsFor(plain.email)).toHaveLength(0);
  });

  it.each([
    [{ email: "ok@example.com", role: "superuser" }, "role"],
    [{ email: "ok@example.com", role: "owner,admin" }, "role"],
    [{ email: "ok@example.com", role: "" }, "role"],
    [{ email: "ok@example.com" }, "role"],
    [{ email: "not-an-email", role: "member" }, "email"],
    [{ email: "", role: "member" }, "email"],
    [{ email: 42, role: "member" }, "email"],
    [{ role: "member" }, "email"],
  ])("bad input %j → 400 on %s, no row", async (body, field) => {
    const before = (await allInvitations()).length;
    const res = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details.fields[field]).toBeTruthy();
    expect((await allInvitations()).length).toBe(before);
  });

  it("malformed JSON and bad org ids answer 400", async () => {
    const raw = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, rawBody: "{nope", headers: { "content-type": "application/json" } });
    expect(raw.status).toBe(400);
    const badId = await app.request("POST", `/api/orgs/${encodeURIComponent("x'; drop")}/invitations`, { as: owner, body: { email: "a@example.com", role: "member" } });
    expect(badId.status).toBe(400);
  });

  it("unknown fields are ignored (no orgId or status smuggling)", async () => {
    const res = await app.request("POST", `/api/orgs/${orgId}/invitations`, {
      as: owner,
      body: { email: "smuggler@example.com", role: "member", organizationId: otherOrgId, status: "accepted", token: "x" },
    });
    expect(res.status).toBe(201);
    const [row] = await rowsFor("smuggler@example.com");
    expect(row).toMatchObject({ organizationId: orgId, status: "pending" });
    expect(row!.token).not.toBe("x");
  });
});

describe("re-inviting a pending address", () => {
  it("updates the one pending row: new role, new token, new inviter; the old link dies", async () => {
    const email = "again@example.com";
    const first = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: admin, body: { email, role: "member" } });
    expect(first.status).toBe(201);
    const old = await inviteLink(email);
    const second = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body: { email: "AGAIN@example.com", role: "admin" } });
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body).toMatchObject({ role: "admin", invitedBy: { id: owner.id } });
    const rows = await rowsFor(email);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.role).toBe("admin");
    const fresh = await inviteLink(email);
    expect(fresh.token).not.toBe(old.token);
    expect((await app.request("GET", `/api/invitations/${old.token}`)).status).toBe(404);
    expect((await app.request("GET", `/api/invitations/${fresh.token}`)).body.status).toBe("pending");
    const log = await app.db.select().from(activityLog).where(and(eq(activityLog.orgId, orgId), eq(activityLog.targetId, first.body.id)));
    expect(log.map((l) => l.action).sort()).toEqual(["invitation.created", "invitation.updated"]);
  });

  it("five concurrent invitations of one address leave exactly one pending row", async () => {
    const email = "burst@example.com";
    const results = await Promise.all(
      Array.from({ length: 5 }, () => app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body: { email, role: "member" } })),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await rowsFor(email)).toHaveLength(1);
  });

  it("a finished (cancelled) invitation does not block a new one", async () => {
    const email = "second-chance@example.com";
    const first = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body: { email, role: "member" } });
    expect((await app.request("DELETE", `/api/orgs/${orgId}/invitations/${first.body.id}`, { as: owner })).status).toBe(200);
    const second = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body: { email, role: "member" } });
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect((await rowsFor(email)).map((r) => r.status).sort()).toEqual(["canceled", "pending"]);
  });
});

describe("listing org invitations", () => {
  it("admins and owners see pending invitations, newest first, never a token", async () => {
    for (const as of [admin, owner]) {
      const res = await app.request("GET", `/api/orgs/${orgId}/invitations`, { as });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(3);
      expect(res.body.items.every((i: any) => i.status === "pending" && i.projectId === null)).toBe(true);
      const stamps = res.body.items.map((i: any) => Date.parse(i.createdAt));
      expect([...stamps].sort((a, b) => b - a)).toEqual(stamps);
      for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual(["createdAt", "email", "expiresAt", "id", "invitedBy", "orgRole", "projectId", "role", "status"]);
      const hashes = (await allInvitations()).map((r) => r.token);
      for (const h of hashes) expect(JSON.stringify(res.body)).not.toContain(h);
    }
  });

  it("pages with limit and cursor without repeats", async () => {
    const all = (await app.request("GET", `/api/orgs/${orgId}/invitations?limit=100`, { as: owner })).body.items.map((i: any) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await app.request("GET", `/api/orgs/${orgId}/invitations?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { as: owner });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((i: any) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect((await app.request("GET", `/api/orgs/${orgId}/invitations?limit=0`, { as: owner })).status).toBe(400);
    expect((await app.request("GET", `/api/orgs/${orgId}/invitations?cursor=%%%`, { as: owner })).status).toBe(400);
  });

  it("a plain member gets 403, another org's user 404", async () => {
    expect((await app.request("GET", `/api/orgs/${orgId}/invitations`, { as: plain })).status).toBe(403);
    expect((await app.request("GET", `/api/orgs/${orgId}/invitations`, { as: outsider })).status).toBe(404);
  });
});

describe("resending and cancelling", () => {
  async function invite(email: string, role = "member", as = owner) {
    const res = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as, body: { email, role } });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, token: (await inviteLink(email)).token };
  }

  it("resend rotates token and expiry and sends again; the old link is dead, the new one works", async () => {
    const email = "resend@example.com";
    const { id, token: oldToken } = await invite(email);
    // Make it expired: resending is how an admin revives it.
    await app.db.update(invitation).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(invitation.id, id));
    expect((await app.request("GET", `/api/invitations/${oldToken}`)).body.status).toBe("expired");

    const res = await app.request("POST", `/api/orgs/${orgId}/invitations/${id}/resend`, { as: admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: "pending", invitedBy: { id: admin.id } });
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
    const { token: newToken } = await inviteLink(email);
    expect(newToken).not.toBe(oldToken);
    const [row] = await rowsFor(email);
    expect(row!.token).toBe(sha256(newToken));
    expect((await app.request("GET", `/api/invitations/${oldToken}`)).status).toBe(404);
    expect((await app.request("GET", `/api/invitations/${newToken}`)).body.status).toBe("pending");
  });

  it("a member cannot resend or cancel (403), an outsider gets 404, and nothing changes", async () => {
    const email = "guarded@example.com";
    const { id } = await invite(email);
    const [before] = await rowsFor(email);
    for (const [as, status] of [
      [plain, 403],
      [outsider, 404],
    ] as const) {
      expect((await app.request("POST", `/api/orgs/${orgId}/invitations/${id}/resend`, { as })).status).toBe(status);
      expect((await app.request("DELETE", `/api/orgs/${orgId}/invitations/${id}`, { as })).status).toBe(status);
    }
    // The invitation id under the outsider's own org is unknown there.
    expect((await app.request("DELETE", `/api/orgs/${otherOrgId}/invitations/${id}`, { as: outsider })).status).toBe(404);
    expect((await app.request("POST", `/api/orgs/${otherOrgId}/invitations/${id}/resend`, { as: outsider })).status).toBe(404);
    const [after] = await rowsFor(email);
    expect(after).toEqual(before);
  });

  it("an admin cannot resend an owner invitation (403) but may cancel it", async () => {
    const { id } = await invite("owner-to-be@example.com", "owner");
    expect((await app.request("POST", `/api/orgs/${orgId}/invitations/${id}/resend`, { as: admin })).status).toBe(403);
    expect((await app.request("DELETE", `/api/orgs/${orgId}/invitations/${id}`, { as: admin })).status).toBe(200);
  });

  it("cancel kills the link: the page shows cancelled, the list drops it, a second cancel is 410", async () => {
    const email = "cancel-me@example.com";
    const { id, token } = await invite(email);
    const res = await app.request("DELETE", `/api/orgs/${orgId}/invitations/${id}`, { as: admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: "cancelled" });
    expect((await app.request("GET", `/api/invitations/${token}`)).body.status).toBe("cancelled");
    const list = await app.request("GET", `/api/orgs/${orgId}/invitations?limit=100`, { as: owner });
    expect(list.body.items.map((i: any) => i.id)).not.toContain(id);
    const again = await app.request("DELETE", `/api/orgs/${orgId}/invitations/${id}`, { as: admin });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe("INVITATION_CANCELLED");
    expect((await app.request("POST", `/api/orgs/${orgId}/invitations/${id}/resend`, { as: admin })).status).toBe(410);
    const log = await app.db.select().from(activityLog).where(and(eq(activityLog.targetId, id), eq(activityLog.action, "invitation.cancelled")));
    expect(log).toHaveLength(1);
    expect(log[0]!.actorId).toBe(admin.id);
  });

  it("unknown invitation ids answer 404", async () => {
    expect((await app.request("DELETE", `/api/orgs/${orgId}/invitations/nope`, { as: owner })).status).toBe(404);
    expect((await app.request("POST", `/api/orgs/${orgId}/invitations/nope/resend`, { as: owner })).status).toBe(404);
  });
});
