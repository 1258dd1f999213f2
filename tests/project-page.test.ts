import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getProjectPageBySlug } from "~/server/pages/projects";
import { createTestApp, type TestApp } from "./harness";
import { addMember } from "./org-fixtures";

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

describe("the project page loader (what the page's server query returns)", () => {
  it("reads the session and the page in one round trip, and tells a missing project from a missing org", async () => {
    const { loadPage } = await import("~/server/pages/page");
    const { projectPage } = await import("~/server/pages/projects");
    const { runInScope } = await import("~/server/request-scope");
    const owner = await app.createUser({ name: "Lena" });
    const outsider = await app.createUser();
    const org = (await app.request("POST", "/api/orgs", { as: owner, body: { name: "Loader Lab" } })).body;
    const project = (await app.request("POST", `/api/orgs/${org.id}/projects`, { as: owner, body: { name: "Hidden" } })).body;
    // Moe is in the org, not in the project: a plain member may not see it.
    const plain = await addMember(app, org.id, "member", "Moe");
    // Each user's first request may extend their new session (a background write): made before counting.
    for (const u of [owner, plain, outsider]) await app.request("GET", "/api/me", { as: u });

    const load = async (u: { cookie: string }, projectId: string) => {
      const scope = { waitUntil: () => {}, d1RoundTrips: 0 };
      const loaded = await runInScope(scope, () => loadPage(app.ctx, new Headers({ cookie: u.cookie }), projectPage, { slug: org.slug, projectId }, true));
      return { trips: scope.d1RoundTrips, loaded: loaded! };
    };

    const mine = await load(owner, project.id);
    expect(mine.trips).toBe(1);
    expect(mine.loaded.orgs?.map((o) => o.slug)).toEqual([org.slug]);
    expect(mine.loaded.result).toMatchObject({ data: { kind: "ok", viewerId: owner.id, project: { name: "Hidden" }, rights: { canDelete: true } } });

    // The add-member picker's first names come in the same trip, for those who manage the project's members only.
    const ok = mine.loaded.result as { data: { candidates?: { name: string }[] } };
    expect(ok.data.candidates?.map((m) => m.name).sort()).toEqual(["Lena", "Moe"]);
    await app.request("POST", `/api/orgs/${org.id}/projects/${project.id}/members`, { as: owner, body: { userId: plain.id, role: "member" } });
    const asMember = await load(plain, project.id);
    expect(asMember.trips).toBe(1);
    expect(asMember.loaded.result).toMatchObject({ data: { kind: "ok", rights: { canManageMembers: false } } });
    expect((asMember.loaded.result as { data: { candidates?: unknown } }).data.candidates).toBeUndefined();
    await app.request("DELETE", `/api/orgs/${org.id}/projects/${project.id}/members/${plain.id}`, { as: owner });

    const hidden = await load(plain, project.id);
    expect(hidden.trips).toBe(1);
    expect(hidden.loaded.result).toEqual({ data: { kind: "project-missing", org: { id: org.id, name: "Loader Lab", slug: org.slug, role: "member" } } });

    const other = await load(outsider, project.id);
    expect(other.trips).toBe(1);
    expect(other.loaded.result).toEqual({ data: { kind: "org-missing" } });

    // Signed out: nothing read, no data.
    expect(await loadPage(app.ctx, new Headers(), projectPage, { slug: org.slug, projectId: project.id }, true)).toBeNull();
  });
});
