import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getProjectPageBySlug } from "~/server/pages/projects";
import { createTestApp, type TestApp } from "./harness";

let app: TestApp;
beforeAll(async () => (app = await createTestApp({ D1_METRICS: "1" })));
afterAll(() => app.close());

describe("the project page read", () => {
  it("returns the project, members and pending invitations in one round trip, and hides it from the wrong people", async () => {
    const owner = await app.createUser({ name: "Owen" });
    const outsider = await app.createUser();
    const plain = await app.createUser();
    const org = (await app.request("POST", "/api/orgs", { as: owner, body: { name: "Page Lab" } })).body;
    const other = (await app.request("POST", "/api/orgs", { as: outsider, body: { name: "Other Lab" } })).body;
    const project = (await app.request("POST", `/api/orgs/${org.id}/projects`, { as: owner, body: { name: "Trial" } })).body;
    const invited = await app.request("POST", `/api/orgs/${org.id}/projects/${project.id}/invitations`, { as: owner, body: { email: "guest@example.com", role: "member" } });
    expect(invited.status).toBe(201);
    const inv = await app.request("POST", `/api/orgs/${org.id}/invitations`, { as: owner, body: { email: plain.email, role: "member" } });
    expect(inv.status).toBe(201);

    const scope = { waitUntil: () => {}, d1RoundTrips: 0 };
    const { runInScope } = await import("~/server/request-scope");
    const page = await runInScope(scope, () => getProjectPageBySlug(app.ctx, owner.id, org.slug, project.id));
    expect(scope.d1RoundTrips).toBe(1);
    expect(page.project.name).toBe("Trial");
    expect(page.members.map((m) => [m.name, m.role])).toEqual([["Owen", "owner"]]);
    expect(page.invitations.map((i) => i.email)).toEqual(["guest@example.com"]);
    expect(page.membership.org.id).toBe(org.id);

    // Under another org's address, or for someone outside the org: not found.
    await expect(app.run((ctx) => getProjectPageBySlug(ctx, outsider.id, other.slug, project.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(app.run((ctx) => getProjectPageBySlug(ctx, outsider.id, org.slug, project.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
