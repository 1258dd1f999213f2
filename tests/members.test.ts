/**
 * Org members through the real API on a real D1: the list (search, keyset pagination, index use), role changes and
 * removal for every row of PRODUCT.md section 2 that concerns members, allowed and refused, and the last-owner races.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { member, projectMembers, session, user } from "~/db/schema";
import { membersListQuery } from "~/server/domain/members";
import { getMembersPage } from "~/server/pages/members";
import { createTestApp, type TestApp, type TestUser } from "./harness";
import { activityRows, addMember, addProject, makeOrg, memberRows, projectRoleOf, roleOf, type OrgFixture } from "./org-fixtures";

let app: TestApp;
let other: OrgFixture; // a second org: its people are outsiders to every org made in a test
beforeAll(async () => {
  app = await createTestApp();
  other = await makeOrg(app, "Other org");
});
afterAll(() => app.close());

const membersPath = (orgId: string, userId?: string) => `/api/orgs/${orgId}/members${userId ? `/${userId}` : ""}`;
const patchRole = (f: { orgId: string }, as: TestUser, userId: string, body: unknown) => app.request("PATCH", membersPath(f.orgId, userId), { as, body });
const remove = (f: { orgId: string }, as: TestUser, userId: string) => app.request("DELETE", membersPath(f.orgId, userId), { as });

/** Everything a refused write must leave untouched. */
async function snapshot(orgId: string) {
  const rows = await memberRows(app, orgId);
  return { members: rows.map((r) => `${r.userId}:${r.role}`).sort(), activity: (await activityRows(app, orgId)).length };
}

describe("GET /api/orgs/:orgId/members", () => {
  it("any member may read the list: name, email, role and join date", async () => {
    const f = await makeOrg(app);
    for (const as of [f.member, f.admin, f.owner]) {
      const res = await app.request("GET", membersPath(f.orgId), { as });
      expect(res.status).toBe(200);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items.map((m: any) => m.name)).toEqual(["Adam Admin", "Mia Member", "Olive Owner"]);
      expect(res.body.items[0]).toEqual({ userId: f.admin.id, name: "Adam Admin", username: null, email: f.admin.email, role: "admin", joinedAt: expect.any(String), image: null });
      expect(new Date(res.body.items[0].joinedAt).toISOString()).toBe(res.body.items[0].joinedAt);
    }
  });

  it("a user of another org gets 404, a signed-out caller 401", async () => {
    const f = await makeOrg(app);
    const res = await app.request("GET", membersPath(f.orgId), { as: other.owner });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
    expect((await app.request("GET", membersPath(f.orgId))).status).toBe(401);
    expect((await app.request("GET", membersPath("no-such-org"), { as: f.owner })).status).toBe(404);
  });

  it("searches the start of the name or email, case-insensitively, with LIKE wildcards taken literally", async () => {
    const f = await makeOrg(app);
    const pct = await addMember(app, f.orgId, "member", "100% Sure");
    const under = await addMember(app, f.orgId, "member", "Snake Case", "snake_case@example.com");
    await addMember(app, f.orgId, "member", "Snakeycase", "snakeycase@example.com");
    const search = async (q: string) => (await app.request("GET", `${membersPath(f.orgId)}?q=${encodeURIComponent(q)}`, { as: f.member })).body.items.map((m: any) => m.userId);
    expect(await search("mia")).toEqual([f.member.id]);
    expect(await search("MIA MEM")).toEqual([f.member.id]);
    expect(await search(f.admin.email.slice(0, 12))).toEqual([f.admin.id]);
    expect(await search("100%")).toEqual([pct.id]);
    expect(await search("%")).toEqual([]);
    expect(await search("snake_")).toEqual([under.id]);
    expect(await search("nobody-like-this")).toEqual([]);
  });

  it("walks 120 members page by page, everyone exactly once, in name order then id", async () => {
    const f = await makeOrg(app);
    // Mixed case and duplicate names: the order is case-insensitive and ties fall back to the user id.
    const names = Array.from({ length: 117 }, (_, i) => [`alex ${i % 10}`, `Bea ${i % 7}`, `CARL`, `dora ${i}`][i % 4]!);
    for (const name of names) await addMember(app, f.orgId, "member", name);
    const all: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: any } = await app.request("GET", `${membersPath(f.orgId)}${cursor ? `?cursor=${cursor}` : ""}`, { as: f.member });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(50);
      all.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(all).toHaveLength(120);
    expect(new Set(all.map((m) => m.userId)).size).toBe(120);
    const key = (m: any) => [m.name.toLowerCase(), m.userId] as const;
    const sorted = [...all].sort((a, b) => (key(a)[0] < key(b)[0] ? -1 : key(a)[0] > key(b)[0] ? 1 : key(a)[1] < key(b)[1] ? -1 : 1));
    expect(all.map((m) => m.userId)).toEqual(sorted.map((m) => m.userId));

    // A search pages the same way.
    const carls: string[] = [];
    cursor = null;
    do {
      const res: { body: any } = await app.request("GET", `${membersPath(f.orgId)}?q=carl&limit=7${cursor ? `&cursor=${cursor}` : ""}`, { as: f.member });
      carls.push(...res.body.items.map((m: any) => m.userId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(carls).toHaveLength(names.filter((n) => n === "CARL").length);
    expect(new Set(carls).size).toBe(carls.length);
  });

  it("a page is read from the name index: no sort and no scan of the whole org", async () => {
    const q = membersListQuery(app.ctx, { orgId: "org" }, { limit: 50, cursor: "WyJhIiwiYiJd" }).toSQL();
    const plan = await app.bindings.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
      .bind(...q.params)
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail).join("\n");
    expect(details).toContain("member_org_sort_idx");
    expect(details).not.toContain("TEMP B-TREE");
  });

  it("renaming a user re-sorts them (the sort key follows user.name)", async () => {
    const f = await makeOrg(app);
    await app.db.update(user).set({ name: "Aaron Member" }).where(eq(user.id, f.member.id));
    const res = await app.request("GET", membersPath(f.orgId), { as: f.owner });
    expect(res.body.items.map((m: any) => m.name)).toEqual(["Aaron Member", "Adam Admin", "Olive Owner"]);
  });

  it("bad limits and cursors are 400 VALIDATION_FAILED", async () => {
    const f = await makeOrg(app);
    for (const qs of ["limit=0", "limit=101", "limit=abc", "cursor=!!!", "cursor=bm90LWpzb24", "cursor=WzEsMl0"]) {
      const res = await app.request("GET", `${membersPath(f.orgId)}?${qs}`, { as: f.owner });
      expect(res.status, qs).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
    }
    const ok = await app.request("GET", `${membersPath(f.orgId)}?limit=2`, { as: f.owner });
    expect(ok.body.items).toHaveLength(2);
    expect(ok.body.nextCursor).toEqual(expect.any(String));
  });

  it("the members page reads org and first page by slug in one call", async () => {
    const f = await makeOrg(app);
    const page = await app.run((ctx) => getMembersPage(ctx, f.member.id, f.slug));
    expect(page.org).toMatchObject({ id: f.orgId, slug: f.slug, role: "member" });
    expect(page.members.items).toHaveLength(3);
    await expect(app.run((ctx) => getMembersPage(ctx, other.owner.id, f.slug))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("PATCH /api/orgs/:orgId/members/:userId (role changes)", () => {
  it("a plain member may change no one's role, not even their own", async () => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    for (const [target, role] of [
      [f.member.id, "admin"],
      [f.admin.id, "member"],
      [f.owner.id, "member"],
    ] as const) {
      const res = await patchRole(f, f.member, target, { role });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    }
    expect(await snapshot(f.orgId)).toEqual(before);
  });

  it("an admin moves people between member and admin", async () => {
    const f = await makeOrg(app);
    const res = await patchRole(f, f.admin, f.member.id, { role: "admin" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: f.member.id, role: "admin", name: "Mia Member", email: f.member.email });
    expect(await roleOf(app, f.orgId, f.member.id)).toBe("admin");
    expect((await patchRole(f, f.admin, f.member.id, { role: "member" })).status).toBe(200);
    expect(await roleOf(app, f.orgId, f.member.id)).toBe("member");
    const log = (await activityRows(app, f.orgId)).filter((a) => a.action === "member.role_changed");
    expect(log).toHaveLength(2);
    expect(log.map((a) => JSON.parse(a.data!))).toEqual(expect.arrayContaining([{ from: "member", to: "admin" }, { from: "admin", to: "member" }]));
    expect(log.every((a) => a.actorId === f.admin.id && a.targetId === f.member.id && a.targetLabel === "Mia Member")).toBe(true);
  });

  it("an admin may neither grant owner nor touch an owner", async () => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    for (const [target, role] of [
      [f.member.id, "owner"],
      [f.admin.id, "owner"],
      [f.owner.id, "admin"],
      [f.owner.id, "member"],
    ] as const) {
      const res = await patchRole(f, f.admin, target, { role });
      expect(res.status, `${target} -> ${role}`).toBe(403);
    }
    expect(await snapshot(f.orgId)).toEqual(before);
  });

  it("an owner grants and takes away owner, and may step down while another owner remains", async () => {
    const f = await makeOrg(app);
    expect((await patchRole(f, f.owner, f.member.id, { role: "owner" })).status).toBe(200);
    expect(await roleOf(app, f.orgId, f.member.id)).toBe("owner");
    expect((await patchRole(f, f.owner, f.member.id, { role: "admin" })).status).toBe(200);
    expect(await roleOf(app, f.orgId, f.member.id)).toBe("admin");
    expect((await patchRole(f, f.owner, f.admin.id, { role: "owner" })).status).toBe(200);
    // Hand-over: with Adam an owner, Olive steps down.
    const res = await patchRole(f, f.owner, f.owner.id, { role: "member" });
    expect(res.status).toBe(200);
    expect(await roleOf(app, f.orgId, f.owner.id)).toBe("member");
  });

  it("the last owner cannot be demoted: 409 LAST_OWNER, nothing changes", async () => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    for (const role of ["admin", "member"]) {
      const res = await patchRole(f, f.owner, f.owner.id, { role });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("LAST_OWNER");
    }
    expect(await snapshot(f.orgId)).toEqual(before);
  });

  it("setting the role someone already has changes nothing and logs nothing", async () => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    const res = await patchRole(f, f.admin, f.member.id, { role: "member" });
    expect(res.status).toBe(200);
    expect(res.body.role).toBe("member");
    expect(await snapshot(f.orgId)).toEqual(before);
  });

  it.each([["superuser"], ["owner,admin"], [""], [5], [null], [undefined], [["admin"]]])("bad role %j is 400 and changes nothing", async (role) => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    const res = await patchRole(f, f.owner, f.member.id, role === undefined ? {} : { role });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details.fields.role).toEqual(expect.any(String));
    expect(await snapshot(f.orgId)).toEqual(before);
  });

  it("garbage bodies are 400", async () => {
    const f = await makeOrg(app);
    for (const rawBody of ["{", "[]", '"admin"']) {
      const res = await app.request("PATCH", membersPath(f.orgId, f.member.id), { as: f.owner, rawBody, headers: { "content-type": "application/json" } });
      expect(res.status, rawBody).toBe(400);
    }
  });

  it("unknown fields are ignored, never applied", async () => {
    const f = await makeOrg(app);
    const res = await patchRole(f, f.owner, f.member.id, { role: "admin", organizationId: other.orgId, userId: f.owner.id });
    expect(res.status).toBe(200);
    expect(await roleOf(app, f.orgId, f.member.id)).toBe("admin");
    expect(await roleOf(app, f.orgId, f.owner.id)).toBe("owner");
    expect(await roleOf(app, other.orgId, f.member.id)).toBeNull();
  });

  it("a user of another org gets 404 and changes nothing", async () => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    for (const target of [f.member.id, f.owner.id]) {
      const res = await patchRole(f, other.owner, target, { role: "admin" });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
    }
    expect(await snapshot(f.orgId)).toEqual(before);
  });

  it("cross-org user ids are 404, for owners too", async () => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    const otherBefore = await snapshot(other.orgId);
    const res = await patchRole(f, f.owner, other.member.id, { role: "admin" });
    expect(res.status).toBe(404);
    // An owner of org A naming org B in the path with a member of B: not a member of B, so 404.
    expect((await patchRole(other, f.owner, other.member.id, { role: "admin" })).status).toBe(404);
    expect((await patchRole(f, f.owner, "no-such-user", { role: "admin" })).status).toBe(404);
    expect(await snapshot(f.orgId)).toEqual(before);
    expect(await snapshot(other.orgId)).toEqual(otherBefore);
  });

  it("malformed ids are 400", async () => {
    const f = await makeOrg(app);
    const res = await app.request("PATCH", `/api/orgs/${f.orgId}/members/${encodeURIComponent("a b;c")}`, { as: f.owner, body: { role: "admin" } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.userId).toEqual(expect.any(String));
  });
});

describe("DELETE /api/orgs/:orgId/members/:userId (remove, leave)", () => {
  it("a plain member may remove no one", async () => {
    const f = await makeOrg(app);
    const peer = await addMember(app, f.orgId, "member");
    const before = await snapshot(f.orgId);
    for (const target of [peer.id, f.admin.id, f.owner.id]) {
      const res = await remove(f, f.member, target);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    }
    expect(await snapshot(f.orgId)).toEqual(before);
  });

  it("an admin removes members and admins, never owners", async () => {
    const f = await makeOrg(app);
    const admin2 = await addMember(app, f.orgId, "admin");
    const res = await remove(f, f.admin, f.member.id);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect(await roleOf(app, f.orgId, f.member.id)).toBeNull();
    expect((await remove(f, f.admin, admin2.id)).status).toBe(204);
    const before = await snapshot(f.orgId);
    const refused = await remove(f, f.admin, f.owner.id);
    expect(refused.status).toBe(403);
    expect(await snapshot(f.orgId)).toEqual(before);
    const log = (await activityRows(app, f.orgId)).filter((a) => a.action === "member.removed");
    expect(log.map((a) => a.targetId).sort()).toEqual([f.member.id, admin2.id].sort());
    expect(log.every((a) => a.actorId === f.admin.id)).toBe(true);
  });

  it("an owner removes anyone, another owner included", async () => {
    const f = await makeOrg(app);
    const owner2 = await addMember(app, f.orgId, "owner");
    for (const target of [f.member.id, f.admin.id, owner2.id]) expect((await remove(f, f.owner, target)).status).toBe(204);
    expect((await memberRows(app, f.orgId)).map((m) => m.userId)).toEqual([f.owner.id]);
  });

  it("anyone may leave; leaving is logged as member.left", async () => {
    const f = await makeOrg(app);
    const owner2 = await addMember(app, f.orgId, "owner");
    for (const u of [f.member, f.admin, owner2]) {
      const res = await remove(f, u, u.id);
      expect(res.status).toBe(204);
      expect(await roleOf(app, f.orgId, u.id)).toBeNull();
    }
    const left = (await activityRows(app, f.orgId)).filter((a) => a.action === "member.left");
    expect(left.map((a) => a.actorId).sort()).toEqual([f.member.id, f.admin.id, owner2.id].sort());
    expect(left.every((a) => a.actorId === a.targetId)).toBe(true);
  });

  it("the last owner can neither leave nor be removed", async () => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    const res = await remove(f, f.owner, f.owner.id);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("LAST_OWNER");
    expect(await snapshot(f.orgId)).toEqual(before);
  });

  it("a user of another org gets 404 and changes nothing; cross-org user ids are 404", async () => {
    const f = await makeOrg(app);
    const before = await snapshot(f.orgId);
    const otherBefore = await snapshot(other.orgId);
    expect((await remove(f, other.owner, f.member.id)).status).toBe(404);
    expect((await remove(f, other.owner, other.owner.id)).status).toBe(404);
    expect((await remove(f, f.owner, other.member.id)).status).toBe(404);
    expect((await remove(other, f.owner, other.member.id)).status).toBe(404);
    expect(await snapshot(f.orgId)).toEqual(before);
    expect(await snapshot(other.orgId)).toEqual(otherBefore);
  });

  it("removal takes the person's project memberships in this org, not in others, and their active org", async () => {
    const f = await makeOrg(app);
    const g = await makeOrg(app, "Second org");
    await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: g.orgId, userId: f.member.id, role: "member" });
    const p1 = await addProject(app, f.orgId, f.owner.id, [
      [f.owner.id, "owner"],
      [f.member.id, "member"],
    ]);
    const p2 = await addProject(app, f.orgId, f.owner.id, [[f.member.id, "member"]]);
    const elsewhere = await addProject(app, g.orgId, g.owner.id, [
      [g.owner.id, "owner"],
      [f.member.id, "member"],
    ]);
    await app.db.update(session).set({ activeOrganizationId: f.orgId }).where(eq(session.id, f.member.sessionId));
    const otherSession = await app.createUser(); // someone else's session on the same org must keep it
    await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: f.orgId, userId: otherSession.id, role: "member" });
    await app.db.update(session).set({ activeOrganizationId: f.orgId }).where(eq(session.id, otherSession.sessionId));

    expect((await remove(f, f.admin, f.member.id)).status).toBe(204);
    expect(await projectRoleOf(app, p1, f.member.id)).toBeNull();
    expect(await projectRoleOf(app, p2, f.member.id)).toBeNull();
    expect(await projectRoleOf(app, p1, f.owner.id)).toBe("owner");
    expect(await projectRoleOf(app, elsewhere, f.member.id)).toBe("member");
    expect(await roleOf(app, g.orgId, f.member.id)).toBe("member");
    const sessions = await app.db.select({ id: session.id, active: session.activeOrganizationId }).from(session).where(eq(session.id, f.member.sessionId));
    expect(sessions[0]!.active).toBeNull();
    const kept = await app.db.select({ active: session.activeOrganizationId }).from(session).where(eq(session.id, otherSession.sessionId));
    expect(kept[0]!.active).toBe(f.orgId);
  });

  it("a refused removal leaves project memberships alone", async () => {
    const f = await makeOrg(app);
    const p = await addProject(app, f.orgId, f.owner.id, [[f.owner.id, "owner"]]);
    await app.db.update(session).set({ activeOrganizationId: f.orgId }).where(eq(session.id, f.owner.sessionId));
    expect((await remove(f, f.admin, f.owner.id)).status).toBe(403);
    expect((await remove(f, f.owner, f.owner.id)).status).toBe(409);
    expect(await projectRoleOf(app, p, f.owner.id)).toBe("owner");
    const s = await app.db.select({ active: session.activeOrganizationId }).from(session).where(eq(session.id, f.owner.sessionId));
    expect(s[0]!.active).toBe(f.orgId);
  });

  it("a project the person solely owned passes to its longest-standing member", async () => {
    const f = await makeOrg(app);
    const late = await addMember(app, f.orgId, "member");
    const solo = await addProject(app, f.orgId, f.member.id, [
      [f.member.id, "owner"],
      [f.admin.id, "member"],
      [late.id, "member"],
    ]);
    const shared = await addProject(app, f.orgId, f.member.id, [
      [f.member.id, "owner"],
      [f.owner.id, "owner"],
      [late.id, "member"],
    ]);
    expect((await remove(f, f.member, f.member.id)).status).toBe(204);
    expect(await projectRoleOf(app, solo, f.admin.id)).toBe("owner");
    expect(await projectRoleOf(app, solo, late.id)).toBe("member");
    expect(await projectRoleOf(app, shared, late.id)).toBe("member");
    expect(await projectRoleOf(app, shared, f.owner.id)).toBe("owner");
  });

  it("a removed member's next request to the org answers 404", async () => {
    const f = await makeOrg(app);
    expect((await app.request("GET", `/api/orgs/${f.orgId}`, { as: f.member })).status).toBe(200);
    expect((await remove(f, f.owner, f.member.id)).status).toBe(204);
    for (const path of [`/api/orgs/${f.orgId}`, membersPath(f.orgId)]) {
      const res = await app.request("GET", path, { as: f.member });
      expect(res.status, path).toBe(404);
    }
    expect((await remove(f, f.member, f.member.id)).status).toBe(404);
    expect((await app.request("GET", "/api/orgs", { as: f.member })).body.items.map((o: any) => o.id)).not.toContain(f.orgId);
  });
});

describe("races on the real D1", () => {
  it("two owners leaving at once: one leaves, the other gets LAST_OWNER (x20)", async () => {
    for (let i = 0; i < 20; i++) {
      const f = await makeOrg(app, `Race ${i}`);
      const b = await addMember(app, f.orgId, "owner", "Second Owner");
      const results = await Promise.all([remove(f, f.owner, f.owner.id), remove(f, b, b.id)]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([204, 409]);
      expect(results.find((r) => r.status === 409)!.body.error.code).toBe("LAST_OWNER");
      const owners = (await memberRows(app, f.orgId)).filter((m) => m.role === "owner");
      expect(owners).toHaveLength(1);
      expect((await activityRows(app, f.orgId)).filter((a) => a.action === "member.left")).toHaveLength(1);
    }
  });

  it("two owners stepping down to admin at once: exactly one succeeds (x10)", async () => {
    for (let i = 0; i < 10; i++) {
      const f = await makeOrg(app, `Demote ${i}`);
      const b = await addMember(app, f.orgId, "owner");
      const results = await Promise.all([patchRole(f, f.owner, f.owner.id, { role: "admin" }), patchRole(f, b, b.id, { role: "admin" })]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect((await memberRows(app, f.orgId)).filter((m) => m.role === "owner")).toHaveLength(1);
      expect((await activityRows(app, f.orgId)).filter((a) => a.action === "member.role_changed")).toHaveLength(1);
    }
  });

  it("an owner removing the other owner while that one removes them: one owner remains (x10)", async () => {
    for (let i = 0; i < 10; i++) {
      const f = await makeOrg(app, `Duel ${i}`);
      const b = await addMember(app, f.orgId, "owner");
      const results = await Promise.all([remove(f, f.owner, b.id), remove(f, b, f.owner.id)]);
      const owners = (await memberRows(app, f.orgId)).filter((m) => m.role === "owner");
      expect(owners).toHaveLength(1);
      expect(results.filter((r) => r.status === 204)).toHaveLength(1);
      // The loser is no longer a member by the time its write is decided again.
      expect(results.find((r) => r.status !== 204)!.status).toBe(404);
    }
  });

  it("the same member removed twice at once: removed once, logged once", async () => {
    const f = await makeOrg(app);
    const results = await Promise.all([remove(f, f.owner, f.member.id), remove(f, f.admin, f.member.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 404]);
    expect((await activityRows(app, f.orgId)).filter((a) => a.action === "member.removed")).toHaveLength(1);
    const pm = await app.db.select().from(projectMembers).where(and(eq(projectMembers.userId, f.member.id)));
    expect(pm).toHaveLength(0);
  });
});
