/**
 * Org settings through the real API on a real D1: rename and slug change (admin+), delete (owner), refused for the
 * other roles and for outsiders with no row changed; slug conflicts and races; old slugs leading to the new one.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, invitation, member, organization, orgSlugHistory, projectInvitations, projectMembers, projects, session } from "~/db/schema";
import { getActivityPage } from "~/server/pages/activity";
import { getMembersPage } from "~/server/pages/members";
import { movedTo } from "~/server/pages/org";
import { getSettingsPage } from "~/server/pages/settings";
import { findMovedOrgSlug } from "~/server/domain/org-settings";
import { createTestApp, type TestApp } from "./harness";
import { activityRows, addMember, addProject, makeOrg, type OrgFixture } from "./org-fixtures";

let app: TestApp;
let other: OrgFixture;
beforeAll(async () => {
  app = await createTestApp();
  other = await makeOrg(app, "Other org");
});
afterAll(() => app.close());

let n = 0;
const uniqueSlug = (base: string) => `${base}-${++n}-${crypto.randomUUID().slice(0, 6)}`;

async function orgRow(orgId: string) {
  return (await app.db.select().from(organization).where(eq(organization.id, orgId)))[0] ?? null;
}

async function snapshot(orgId: string) {
  const org = await orgRow(orgId);
  return { name: org?.name, slug: org?.slug, activity: (await activityRows(app, orgId)).length };
}

describe("PATCH /api/orgs/:orgId", () => {
  it("admins and owners rename the org and change its slug; each change is logged", async () => {
    const f = await makeOrg(app);
    const slug = uniqueSlug("renamed");
    const res = await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: f.admin, body: { name: "  Renamed Team  ", slug } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: f.orgId, name: "Renamed Team", slug, role: "admin", requireTwoFactor: false, createdAt: expect.any(String) });
    expect(await orgRow(f.orgId)).toMatchObject({ name: "Renamed Team", slug });

    const res2 = await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: f.owner, body: { name: "Owner's name" } });
    expect(res2.status).toBe(200);
    expect(await orgRow(f.orgId)).toMatchObject({ name: "Owner's name", slug });

    const log = await activityRows(app, f.orgId);
    const renamed = log.filter((a) => a.action === "org.renamed").map((a) => [a.actorId, JSON.parse(a.data!)]);
    expect(renamed).toEqual(
      expect.arrayContaining([
        [f.admin.id, { from: "Team", to: "Renamed Team" }],
        [f.owner.id, { from: "Renamed Team", to: "Owner's name" }],
      ]),
    );
    expect(log.filter((a) => a.action === "org.slug_changed").map((a) => JSON.parse(a.data!))).toEqual([{ from: f.slug, to: slug }]);
  });

  it("a plain member may not: 403, nothing changes", async () => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    const res = await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: f.member, body: { name: "Mine now", slug: uniqueSlug("mine") } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
    expect(await snapshot(f.orgId)).toEqual(before);
  });

  it("a user of another org gets 404, nothing changes", async () => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    const res = await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: other.owner, body: { name: "Taken over" } });
    expect(res.status).toBe(404);
    expect(await snapshot(f.orgId)).toEqual(before);
  });

  it("a slug in use is 409 SLUG_TAKEN with a field message", async () => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    const res = await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: f.owner, body: { name: "New name", slug: other.slug } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("SLUG_TAKEN");
    expect(res.body.error.details.fields.slug).toEqual(expect.any(String));
    expect(await snapshot(f.orgId)).toEqual(before);
  });

  it.each([
    [{ slug: "new" }, "slug"],
    [{ slug: "settings" }, "slug"],
    [{ slug: "Has Spaces" }, "slug"],
    [{ slug: "-dash" }, "slug"],
    [{ slug: "x" }, "slug"],
    [{ slug: 42 }, "slug"],
    [{ name: "" }, "name"],
    [{ name: "   " }, "name"],
    [{ name: "x".repeat(101) }, "name"],
    [{ name: null }, "name"],
  ])("bad input %j is 400 on %s, nothing changes", async (body, field) => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    const res = await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: f.owner, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details.fields[field]).toEqual(expect.any(String));
    expect(await snapshot(f.orgId)).toEqual(before);
  });

  it("unknown fields are ignored; an empty change changes nothing", async () => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    const res = await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: f.admin, body: { id: "other-id", createdAt: 0, role: "owner" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: f.orgId, role: "admin" });
    expect(await snapshot(f.orgId)).toEqual(before);
  });

  it("two orgs racing for one slug: one gets it, the other SLUG_TAKEN, nothing half-written", async () => {
    for (let i = 0; i < 5; i++) {
      const a = await makeOrg(app);
      const b = await makeOrg(app);
      const slug = uniqueSlug("contested");
      const results = await Promise.all([
        app.request("PATCH", `/api/orgs/${a.orgId}`, { as: a.owner, body: { slug } }),
        app.request("PATCH", `/api/orgs/${b.orgId}`, { as: b.owner, body: { slug } }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results[0]!.status === 200 ? a : b;
      const loser = winner === a ? b : a;
      expect((await orgRow(winner.orgId))!.slug).toBe(slug);
      expect((await orgRow(loser.orgId))!.slug).toBe(loser.slug);
      expect((await activityRows(app, loser.orgId)).filter((x) => x.action === "org.slug_changed")).toHaveLength(0);
      expect(await app.db.select().from(orgSlugHistory).where(eq(orgSlugHistory.slug, loser.slug))).toHaveLength(0);
    }
  });

  it("old slugs lead members to the new one, and reveal nothing to others", async () => {
    const f = await makeOrg(app);
    const first = f.slug;
    const second = uniqueSlug("second");
    const third = uniqueSlug("third");
    expect((await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: f.owner, body: { slug: second } })).status).toBe(200);
    expect((await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: f.owner, body: { slug: third } })).status).toBe(200);
    for (const old of [first, second]) {
      expect(await app.run((ctx) => findMovedOrgSlug(ctx, f.member.id, old))).toBe(third);
      expect(await app.run((ctx) => findMovedOrgSlug(ctx, other.owner.id, old))).toBeNull();
    }
    // The page reads say where the org went, in the same round trip.
    const err = await app.run((ctx) => getMembersPage(ctx, f.member.id, first)).catch((e) => e);
    expect(err.code).toBe("NOT_FOUND");
    expect(movedTo(err)).toBe(third);
    expect(movedTo(await app.run((ctx) => getSettingsPage(ctx, f.admin.id, second)).catch((e) => e))).toBe(third);
    expect(movedTo(await app.run((ctx) => getActivityPage(ctx, f.admin.id, second)).catch((e) => e))).toBe(third);
    expect(movedTo(await app.run((ctx) => getMembersPage(ctx, other.owner.id, first)).catch((e) => e))).toBeNull();

    // Moving back to an old slug makes it current again.
    expect((await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: f.owner, body: { slug: first } })).status).toBe(200);
    expect(await app.run((ctx) => findMovedOrgSlug(ctx, f.member.id, first))).toBeNull();
    expect(await app.run((ctx) => findMovedOrgSlug(ctx, f.member.id, third))).toBe(first);
    expect((await app.run((ctx) => getMembersPage(ctx, f.member.id, first))).org.id).toBe(f.orgId);
  });

  it("an old slug taken by another org belongs to that org", async () => {
    const f = await makeOrg(app);
    const old = f.slug;
    expect((await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: f.owner, body: { slug: uniqueSlug("moved") } })).status).toBe(200);
    const g = await makeOrg(app);
    expect((await app.request("PATCH", `/api/orgs/${g.orgId}`, { as: g.owner, body: { slug: old } })).status).toBe(200);
    await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: g.orgId, userId: f.member.id, role: "member" });
    expect(await app.run((ctx) => findMovedOrgSlug(ctx, f.member.id, old))).toBeNull();
    expect((await app.run((ctx) => getMembersPage(ctx, f.member.id, old))).org.id).toBe(g.orgId);
  });

  it("the settings page read gives the org, the caller's role and the counts", async () => {
    const f = await makeOrg(app);
    await addProject(app, f.orgId, f.owner.id, [[f.owner.id, "owner"]]);
    const page = await app.run((ctx) => getSettingsPage(ctx, f.member.id, f.slug));
    expect(page.org).toMatchObject({ id: f.orgId, slug: f.slug, role: "member", memberCount: 3, projectCount: 1 });
    await expect(app.run((ctx) => getSettingsPage(ctx, other.owner.id, f.slug))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("DELETE /api/orgs/:orgId", () => {
  it("members and admins may not delete (403), outsiders get 404; nothing changes", async () => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    for (const as of [f.member, f.admin]) {
      const res = await app.request("DELETE", `/api/orgs/${f.orgId}`, { as });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    }
    expect((await app.request("DELETE", `/api/orgs/${f.orgId}`, { as: other.owner })).status).toBe(404);
    expect(await snapshot(f.orgId)).toEqual(before);
    expect((await app.db.select().from(member).where(eq(member.organizationId, f.orgId))).length).toBe(3);
  });

  it("an owner deletes the org with its projects, memberships, invitations and log; sessions forget it", async () => {
    const f = await makeOrg(app);
    const g = await makeOrg(app);
    const p = await addProject(app, f.orgId, f.owner.id, [
      [f.owner.id, "owner"],
      [f.member.id, "member"],
    ]);
    const kept = await addProject(app, g.orgId, g.owner.id, [[g.owner.id, "owner"]]);
    const expires = new Date(Date.now() + 86_400_000);
    await app.db.insert(invitation).values({ id: crypto.randomUUID(), email: "x@example.com", inviterId: f.owner.id, organizationId: f.orgId, role: "member", token: crypto.randomUUID(), expiresAt: expires });
    await app.db.insert(projectInvitations).values({ id: crypto.randomUUID(), orgId: f.orgId, projectId: p, email: "y@example.com", token: crypto.randomUUID(), invitedBy: f.owner.id, expiresAt: expires });
    await app.db.update(session).set({ activeOrganizationId: f.orgId }).where(eq(session.id, f.member.sessionId));
    expect((await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: f.owner, body: { slug: uniqueSlug("doomed") } })).status).toBe(200);

    const res = await app.request("DELETE", `/api/orgs/${f.orgId}`, { as: f.owner });
    expect(res.status).toBe(204);
    expect(await orgRow(f.orgId)).toBeNull();
    expect(await app.db.select().from(member).where(eq(member.organizationId, f.orgId))).toHaveLength(0);
    expect(await app.db.select().from(projects).where(eq(projects.orgId, f.orgId))).toHaveLength(0);
    expect(await app.db.select().from(projectMembers).where(eq(projectMembers.projectId, p))).toHaveLength(0);
    expect(await app.db.select().from(invitation).where(eq(invitation.organizationId, f.orgId))).toHaveLength(0);
    expect(await app.db.select().from(projectInvitations).where(eq(projectInvitations.orgId, f.orgId))).toHaveLength(0);
    expect(await app.db.select().from(activityLog).where(eq(activityLog.orgId, f.orgId))).toHaveLength(0);
    expect(await app.db.select().from(orgSlugHistory).where(eq(orgSlugHistory.orgId, f.orgId))).toHaveLength(0);
    const s = await app.db.select({ active: session.activeOrganizationId }).from(session).where(eq(session.id, f.member.sessionId));
    expect(s[0]!.active).toBeNull();
    // Other orgs are untouched, and the people still exist and can sign in elsewhere.
    expect(await app.db.select().from(projects).where(eq(projects.id, kept))).toHaveLength(1);
    expect((await app.request("GET", "/api/me", { as: f.member })).status).toBe(200);
    expect((await app.request("GET", `/api/orgs/${f.orgId}`, { as: f.owner })).status).toBe(404);
    expect((await app.request("DELETE", `/api/orgs/${f.orgId}`, { as: f.owner })).status).toBe(404);
  });

  it("an owner demoted while deleting cannot delete", async () => {
    const f = await makeOrg(app);
    const b = await addMember(app, f.orgId, "owner");
    // b demotes f.owner and f.owner deletes at the same time: either the delete wins or it is refused.
    const [demote, del] = await Promise.all([
      app.request("PATCH", `/api/orgs/${f.orgId}/members/${f.owner.id}`, { as: b, body: { role: "member" } }),
      app.request("DELETE", `/api/orgs/${f.orgId}`, { as: f.owner }),
    ]);
    const org = await orgRow(f.orgId);
    if (del.status === 204) expect(org).toBeNull();
    else {
      expect(del.status).toBe(403);
      expect(demote.status).toBe(200);
      expect(org).not.toBeNull();
    }
  });
});
