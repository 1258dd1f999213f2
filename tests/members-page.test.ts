import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMembersPage } from "~/server/pages/members";
import { runInScope } from "~/server/request-scope";
import { createTestApp, type TestApp } from "./harness";

let app: TestApp;
beforeAll(async () => (app = await createTestApp({ D1_METRICS: "1" })));
afterAll(() => app.close());

describe("the members page read", () => {
  it("gives admins the members and pending invitations in one round trip, and plain members no invitations", async () => {
    const owner = await app.createUser({ name: "Ada" });
    const plain = await app.createUser({ name: "Ben" });
    const org = (await app.request("POST", "/api/orgs", { as: owner, body: { name: "Roster Lab" } })).body;
    const invite = await app.request("POST", `/api/orgs/${org.id}/invitations`, { as: owner, body: { email: plain.email, role: "member" } });
    expect(invite.status).toBe(201);
    const token = /\/invite\/([\w-]+)/.exec((await app.request("GET", `/api/dev/emails?to=${plain.email}`)).body.items[0].text)![1];
    expect((await app.request("POST", `/api/invitations/${token}/accept`, { as: plain })).status).toBe(200);
    expect((await app.request("POST", `/api/orgs/${org.id}/invitations`, { as: owner, body: { email: "later@example.com", role: "admin" } })).status).toBe(201);

    const scope = { waitUntil: () => {}, d1RoundTrips: 0 };
    const forOwner = await runInScope(scope, () => getMembersPage(app.ctx, owner.id, org.slug, {}));
    expect(scope.d1RoundTrips).toBe(1);
    expect(forOwner.members.items.map((m) => m.name)).toEqual(["Ada", "Ben"]);
    expect(forOwner.invitations?.items.map((i) => [i.email, i.role])).toEqual([["later@example.com", "admin"]]);

    const forMember = await app.run((ctx) => getMembersPage(ctx, plain.id, org.slug, {}));
    expect(forMember.members.items).toHaveLength(2);
    expect(forMember.invitations).toBeNull();
  });
});

describe("the members page loader (what the page's server query returns)", () => {
  it("answers a refused link with the first page and the reason, and an old address with where it moved, in one trip each", async () => {
    const { loadPage } = await import("~/server/pages/page");
    const { membersPage } = await import("~/server/pages/members");
    const owner = await app.createUser({ name: "Cleo" });
    const org = (await app.request("POST", "/api/orgs", { as: owner, body: { name: "Moving Lab" } })).body;
    await app.request("GET", "/api/me", { as: owner });
    const headers = new Headers({ cookie: owner.cookie });
    const load = async (params: { slug: string; q?: string; cursor?: string; limit?: string }) => {
      const scope = { waitUntil: () => {}, d1RoundTrips: 0 };
      const loaded = await runInScope(scope, () => loadPage(app.ctx, headers, membersPage, { q: "", cursor: "", limit: "", trail: "", ...params }, false));
      return { trips: scope.d1RoundTrips, result: loaded!.result };
    };

    const refused = await load({ slug: org.slug, limit: "0", q: "x" });
    expect(refused.trips).toBe(1);
    expect(refused.result).toMatchObject({ data: { kind: "ok", q: "", limit: "", pageSize: 50, error: "Use at least 1.", members: [{ name: "Cleo" }] } });

    const renamed = await app.request("PATCH", `/api/orgs/${org.id}`, { as: owner, body: { slug: `${org.slug}-moved` } });
    expect(renamed.status).toBe(200);
    const moved = await load({ slug: org.slug, q: "Cl" });
    expect(moved.trips).toBe(1);
    expect(moved.result).toEqual({ data: { kind: "moved", to: `/orgs/${org.slug}-moved/members?q=Cl` } });

    const missing = await load({ slug: "no-such-lab" });
    expect(missing.result).toEqual({ data: null });
  });
});
