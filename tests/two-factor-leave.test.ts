/**
 * A member without two-factor can still leave a workspace that requires it (the rule's list of actions open without
 * two-factor, src/server/domain/access.ts), through the JSON API on a real D1; every other door stays shut.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { member, organization, user } from "~/db/schema";
import { createTestApp, type TestApp } from "./harness";
import { activityRows, makeOrg, memberRows } from "./org-fixtures";

let app: TestApp;
beforeAll(async () => (app = await createTestApp()));
afterAll(() => app.close());

async function strictOrg(name: string) {
  const f = await makeOrg(app, name);
  await app.db.update(user).set({ twoFactorEnabled: true }).where(eq(user.id, f.owner.id));
  await app.db.update(organization).set({ requireTwoFactor: true }).where(eq(organization.id, f.orgId));
  return f;
}

describe("leaving a workspace that requires two-factor", () => {
  it("a member without two-factor leaves, and the activity says so", async () => {
    const f = await strictOrg("Leave Freely");
    expect((await app.request("GET", `/api/orgs/${f.orgId}`, { as: f.member })).body.error.code).toBe("TWO_FACTOR_REQUIRED");
    const res = await app.request("DELETE", `/api/orgs/${f.orgId}/members/${f.member.id}`, { as: f.member });
    expect(res.status).toBe(204);
    expect((await memberRows(app, f.orgId)).some((m) => m.userId === f.member.id)).toBe(false);
    expect((await activityRows(app, f.orgId)).some((a) => a.action === "member.left" && a.actorId === f.member.id)).toBe(true);
    // Gone: the workspace is now NOT_FOUND for them, like any workspace they are not in.
    expect((await app.request("GET", `/api/orgs/${f.orgId}`, { as: f.member })).status).toBe(404);
  });

  it("removing someone else is still refused for want of two-factor, and nothing changes", async () => {
    const f = await strictOrg("Still Strict");
    // The admin may remove members, but not without two-factor in this workspace.
    const res = await app.request("DELETE", `/api/orgs/${f.orgId}/members/${f.member.id}`, { as: f.admin });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("TWO_FACTOR_REQUIRED");
    expect(await app.db.select().from(member).where(and(eq(member.organizationId, f.orgId), eq(member.userId, f.member.id)))).toHaveLength(1);
  });

  it("the last owner still cannot leave, with or without two-factor", async () => {
    const f = await strictOrg("Owner Stays");
    const res = await app.request("DELETE", `/api/orgs/${f.orgId}/members/${f.owner.id}`, { as: f.owner });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("LAST_OWNER");
  });
});
