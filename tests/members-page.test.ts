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
