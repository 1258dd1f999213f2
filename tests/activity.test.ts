/**
 * The org activity log through the real API on a real D1: admins and owners read it (members 403, outsiders 404),
 * newest first, keyset-paginated, with the documented item shape; writes log in the same batch as the change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog } from "~/db/schema";
import { activityListQuery, logActivity } from "~/server/domain/activity";
import { getActivityPage } from "~/server/pages/activity";
import { createTestApp, type TestApp } from "./harness";
import { activityRows, makeOrg, type OrgFixture } from "./org-fixtures";

let app: TestApp;
let other: OrgFixture;
beforeAll(async () => {
  app = await createTestApp();
  other = await makeOrg(app, "Other org");
});
afterAll(() => app.close());

/** Log rows written directly with distinct, known times (1 s apart, oldest first). */
async function seedLog(f: OrgFixture, count: number): Promise<string[]> {
  const ids: string[] = [];
  const start = Date.now() - count * 1000;
  for (let i = 0; i < count; i++) {
    const id = crypto.randomUUID();
    ids.push(id);
    await app.db.insert(activityLog).values({
      id,
      orgId: f.orgId,
      actorId: f.owner.id,
      actorName: "Olive Owner",
      action: "invitation.created",
      targetType: "invitation",
      targetId: `inv-${i}`,
      targetLabel: `person${i}@example.com`,
      data: JSON.stringify({ role: "member", i }),
      createdAt: new Date(start + i * 1000),
    });
  }
  return ids;
}

describe("GET /api/orgs/:orgId/activity", () => {
  it("admins and owners read it; plain members get 403, outsiders 404, signed-out 401", async () => {
    const f = await makeOrg(app);
    await seedLog(f, 2);
    for (const as of [f.admin, f.owner]) {
      const res = await app.request("GET", `/api/orgs/${f.orgId}/activity`, { as });
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(2);
    }
    const member = await app.request("GET", `/api/orgs/${f.orgId}/activity`, { as: f.member });
    expect(member.status).toBe(403);
    expect(member.body.error.code).toBe("FORBIDDEN");
    const outsider = await app.request("GET", `/api/orgs/${f.orgId}/activity`, { as: other.owner });
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.code).toBe("NOT_FOUND");
    expect((await app.request("GET", `/api/orgs/${f.orgId}/activity`)).status).toBe(401);
  });

  it("items have the documented shape, newest first", async () => {
    const f = await makeOrg(app);
    const ids = await seedLog(f, 3);
    const res = await app.request("GET", `/api/orgs/${f.orgId}/activity`, { as: f.admin });
    expect(res.body.items.map((i: any) => i.id)).toEqual([...ids].reverse());
    expect(res.body.items[0]).toEqual({
      id: ids[2],
      actor: { id: f.owner.id, name: "Olive Owner", image: null },
      action: "invitation.created",
      target: { type: "invitation", id: "inv-2", label: "person2@example.com" },
      data: { role: "member", i: 2 },
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(res.body.nextCursor).toBeNull();
  });

  it("an entry without a target has target null", async () => {
    const f = await makeOrg(app);
    await app.run((ctx) => logActivity(ctx, { orgId: f.orgId, actor: { id: f.owner.id, name: "Olive Owner" }, action: "org.created" }).then(() => undefined));
    const res = await app.request("GET", `/api/orgs/${f.orgId}/activity`, { as: f.owner });
    expect(res.body.items[0]).toMatchObject({ action: "org.created", target: null, data: null });
  });

  it("walks every entry exactly once across pages, including entries written in the same millisecond", async () => {
    const f = await makeOrg(app);
    const ids = await seedLog(f, 23);
    // Same timestamp: the id breaks the tie, so no entry is skipped or repeated at a page boundary.
    const same = new Date(Date.now() - 500);
    for (let i = 0; i < 4; i++) {
      const id = crypto.randomUUID();
      ids.push(id);
      await app.db.insert(activityLog).values({ id, orgId: f.orgId, actorId: f.owner.id, actorName: "Olive Owner", action: "org.renamed", createdAt: same });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: any } = await app.request("GET", `/api/orgs/${f.orgId}/activity?limit=5${cursor ? `&cursor=${cursor}` : ""}`, { as: f.admin });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: any) => i.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(6);
    expect(seen).toHaveLength(27);
    expect(new Set(seen)).toEqual(new Set(ids));
    const times = (await activityRows(app, f.orgId)).reduce((m, r) => m.set(r.id, r.createdAt.getTime()), new Map<string, number>());
    const ordered = seen.map((id) => times.get(id)!);
    expect(ordered).toEqual([...ordered].sort((a, b) => b - a));
  });

  it("never shows another org's entries", async () => {
    const f = await makeOrg(app);
    await seedLog(other, 3);
    await seedLog(f, 1);
    const res = await app.request("GET", `/api/orgs/${f.orgId}/activity?limit=100`, { as: f.owner });
    expect(res.body.items).toHaveLength(1);
  });

  it("bad limits and cursors are 400", async () => {
    const f = await makeOrg(app);
    for (const qs of ["limit=0", "limit=101", "limit=x", "cursor=%25%25", "cursor=WyJhIiwiYiJd"]) {
      const res = await app.request("GET", `/api/orgs/${f.orgId}/activity?${qs}`, { as: f.owner });
      expect(res.status, qs).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
    }
  });

  it("a page is read backwards along the (orgId, createdAt, id) index, without sorting", async () => {
    const q = activityListQuery(app.ctx, { orgId: "org" }, { limit: 50, cursor: "WzE3MDAwMDAwMDAwMDAsImEiXQ" }).toSQL();
    const plan = await app.bindings.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
      .bind(...q.params)
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail).join("\n");
    expect(details).toContain("activity_org_created_idx");
    expect(details).not.toContain("TEMP B-TREE");
  });

  it("the activity page read: admins get the org and the first page by slug; members 403", async () => {
    const f = await makeOrg(app);
    await seedLog(f, 2);
    const page = await app.run((ctx) => getActivityPage(ctx, f.admin.id, f.slug));
    expect(page.org).toMatchObject({ id: f.orgId, role: "admin" });
    expect(page.activity.items).toHaveLength(2);
    await expect(app.run((ctx) => getActivityPage(ctx, f.member.id, f.slug))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(app.run((ctx) => getActivityPage(ctx, other.owner.id, f.slug))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("what the member and settings writes log", () => {
  it("role change, removal, leaving, rename: one entry each, with who, what, whom", async () => {
    const f = await makeOrg(app);
    const req = (method: string, path: string, as: any, body?: unknown) => app.request(method, path, { as, body });
    expect((await req("PATCH", `/api/orgs/${f.orgId}/members/${f.member.id}`, f.owner, { role: "admin" })).status).toBe(200);
    expect((await req("PATCH", `/api/orgs/${f.orgId}`, f.admin, { name: "Renamed" })).status).toBe(200);
    expect((await req("DELETE", `/api/orgs/${f.orgId}/members/${f.member.id}`, f.admin)).status).toBe(204);
    expect((await req("DELETE", `/api/orgs/${f.orgId}/members/${f.admin.id}`, f.admin)).status).toBe(204);
    const res = await req("GET", `/api/orgs/${f.orgId}/activity`, f.owner);
    const summary = res.body.items.map((i: any) => [i.action, i.actor.name, i.target?.label ?? null, i.data]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ["member.role_changed", "Olive Owner", "Mia Member", { from: "member", to: "admin" }],
        ["org.renamed", "Adam Admin", "Renamed", { from: "Team", to: "Renamed" }],
        ["member.removed", "Adam Admin", "Mia Member", { role: "admin" }],
        ["member.left", "Adam Admin", "Adam Admin", { role: "admin" }],
      ]),
    );
    expect(summary).toHaveLength(4);
  });

  it("refused writes log nothing", async () => {
    const f = await makeOrg(app);
    await app.request("PATCH", `/api/orgs/${f.orgId}/members/${f.owner.id}`, { as: f.admin, body: { role: "member" } });
    await app.request("PATCH", `/api/orgs/${f.orgId}/members/${f.owner.id}`, { as: f.owner, body: { role: "member" } });
    await app.request("DELETE", `/api/orgs/${f.orgId}/members/${f.owner.id}`, { as: f.owner });
    await app.request("DELETE", `/api/orgs/${f.orgId}/members/${f.admin.id}`, { as: f.member });
    await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: f.member, body: { name: "Nope" } });
    await app.request("PATCH", `/api/orgs/${f.orgId}`, { as: f.owner, body: { slug: other.slug } });
    expect(await activityRows(app, f.orgId)).toHaveLength(0);
  });
});
