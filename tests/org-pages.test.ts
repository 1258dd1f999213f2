/**
 * What the workspace pages need from the domain (issue 10): counts for "1–50 of 61", the owner count that tells a last
 * owner before they try, "replaced" on re-inviting, bulk invitations with one result per address, activity filters
 * by person and kind of action, and the project list's "only mine" with the admins a plain member can ask.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLastOwner } from "~/lib/permissions";
import { inviteManyToOrg, splitAddresses } from "~/server/domain/invitations";
import { getActivityPage } from "~/server/pages/activity";
import { getMembersPage } from "~/server/pages/members";
import { listProjectsBySlug } from "~/server/pages/project-list";
import { getSettingsPage } from "~/server/pages/settings";
import { runInScope } from "~/server/request-scope";
import { createTestApp, type TestApp, type TestUser } from "./harness";

let app: TestApp;
beforeAll(async () => (app = await createTestApp({ D1_METRICS: "1" })));
afterAll(() => app.close());

async function join(owner: TestUser, orgId: string, who: TestUser, role: "member" | "admin" | "owner") {
  const invite = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body: { email: who.email, role } });
  expect(invite.status).toBe(201);
  const mails = (await app.request("GET", `/api/dev/emails?to=${who.email}`)).body.items;
  const token = /\/invite\/([\w-]+)/.exec(mails[0].text)![1];
  expect((await app.request("POST", `/api/invitations/${token}/accept`, { as: who })).status).toBe(200);
}

async function newOrg(owner: TestUser, name: string) {
  return (await app.request("POST", "/api/orgs", { as: owner, body: { name } })).body as { id: string; slug: string };
}

describe("the members page read", () => {
  it("counts the members (and the search's matches) and the owners in the same single round trip", async () => {
    const owner = await app.createUser({ name: "Ada Owner" });
    const admin = await app.createUser({ name: "Ben Admin" });
    const plain = await app.createUser({ name: "Cy Plain" });
    const org = await newOrg(owner, "Count Lab");
    await join(owner, org.id, admin, "admin");
    await join(owner, org.id, plain, "member");

    const scope = { waitUntil: () => {}, d1RoundTrips: 0 };
    const page = await runInScope(scope, () => getMembersPage(app.ctx, owner.id, org.slug, { limit: 2 }));
    expect(scope.d1RoundTrips).toBe(1);
    expect(page.members.items).toHaveLength(2);
    expect(page.members.total).toBe(3);
    expect(page.ownerCount).toBe(1);
    expect((await app.run((ctx) => getMembersPage(ctx, plain.id, org.slug, { q: "ben" }))).members.total).toBe(1);

    const settings = await app.run((ctx) => getSettingsPage(ctx, owner.id, org.slug));
    expect(settings.org.ownerCount).toBe(1);
  });

  it("isLastOwner: only an owner who is the only one", () => {
    expect(isLastOwner("owner", 1)).toBe(true);
    expect(isLastOwner("owner", 2)).toBe(false);
    expect(isLastOwner("admin", 1)).toBe(false);
  });
});

describe("invitations", () => {
  it("says when a re-invitation replaced a pending one, and never returns the token through the API", async () => {
    const owner = await app.createUser({ name: "Dee" });
    const org = await newOrg(owner, "Replace Lab");
    const first = await app.request("POST", `/api/orgs/${org.id}/invitations`, { as: owner, body: { email: "again@example.com", role: "member" } });
    expect(first.status).toBe(201);
    expect(first.body.replaced).toBe(false);
    const second = await app.request("POST", `/api/orgs/${org.id}/invitations`, { as: owner, body: { email: "again@example.com", role: "admin" } });
    expect(second.status).toBe(201);
    expect(second.body.replaced).toBe(true);
    expect(second.body.id).toBe(first.body.id);
    expect(JSON.stringify(second.body)).not.toMatch(/\/invite\//);
    expect(second.body).not.toHaveProperty("link");
  });

  it("invites many pasted addresses with one result each: sent, replaced, already a member, invalid", async () => {
    const owner = await app.createUser({ name: "Eve" });
    const member = await app.createUser({ name: "Fay" });
    const org = await newOrg(owner, "Bulk Lab");
    await join(owner, org.id, member, "member");
    await app.request("POST", `/api/orgs/${org.id}/invitations`, { as: owner, body: { email: "pending@example.com", role: "member" } });

    const pasted = `new1@example.com, PENDING@example.com\n${member.email.toUpperCase()}; not-an-address\nnew1@example.com`;
    expect(splitAddresses(pasted)).toHaveLength(4);
    const results = await app.run((ctx) => inviteManyToOrg(ctx, new Headers({ cookie: owner.cookie }), { orgId: org.id }, { emails: pasted, role: "member" }));
    expect(results.map((r) => [r.email, r.outcome])).toEqual([
      ["new1@example.com", "sent"],
      ["pending@example.com", "replaced"],
      [member.email.toLowerCase(), "member"],
      ["not-an-address", "invalid"],
    ]);
    const sent = results[0]!;
    expect("invitation" in sent && sent.invitation.link).toMatch(/\/invite\/[\w-]{43}$/);
    const invalid = results[3]!;
    expect("reason" in invalid && invalid.reason).toBe("Enter a valid email address.");
    const pending = (await app.request("GET", `/api/orgs/${org.id}/invitations`, { as: owner })).body.items.map((i: { email: string }) => i.email);
    expect(pending.sort()).toEqual(["new1@example.com", "pending@example.com"]);
  });

  it("refuses an empty or too long list, and the owner role from an admin, before sending anything", async () => {
    const owner = await app.createUser({ name: "Gus" });
    const admin = await app.createUser({ name: "Hal" });
    const org = await newOrg(owner, "Refuse Lab");
    await join(owner, org.id, admin, "admin");
    const as = (u: TestUser) => new Headers({ cookie: u.cookie });
    await expect(app.run((ctx) => inviteManyToOrg(ctx, as(owner), { orgId: org.id }, { emails: " , ", role: "member" }))).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    const many = Array.from({ length: 51 }, (_, i) => `p${i}@example.com`).join(",");
    await expect(app.run((ctx) => inviteManyToOrg(ctx, as(owner), { orgId: org.id }, { emails: many, role: "member" }))).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(app.run((ctx) => inviteManyToOrg(ctx, as(admin), { orgId: org.id }, { emails: "x@example.com", role: "owner" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await app.request("GET", `/api/orgs/${org.id}/invitations`, { as: owner })).body.items).toHaveLength(0);
  });
});

describe("activity filters", () => {
  it("filters by person and by kind of action, in the page read and the API; refuses an unknown kind", async () => {
    const owner = await app.createUser({ name: "Ida" });
    const admin = await app.createUser({ name: "Jo" });
    const org = await newOrg(owner, "Filter Lab");
    await join(owner, org.id, admin, "admin");
    await app.request("POST", `/api/orgs/${org.id}/invitations`, { as: admin, body: { email: "k@example.com", role: "member" } });

    const byAdmin = await app.run((ctx) => getActivityPage(ctx, owner.id, org.slug, { actor: admin.id }));
    expect(byAdmin.activity.items.length).toBeGreaterThan(0);
    expect(byAdmin.activity.items.every((i) => i.actor.id === admin.id)).toBe(true);
    expect(byAdmin.people.map((p) => p.name).sort()).toEqual(["Ida", "Jo"]);

    const invites = await app.request("GET", `/api/orgs/${org.id}/activity?action=invitation.created`, { as: owner });
    expect(invites.status).toBe(200);
    expect(invites.body.items.map((i: { actor: { name: string } }) => i.actor.name).sort()).toEqual(["Ida", "Jo"]);
    const both = await app.request("GET", `/api/orgs/${org.id}/activity?action=invitation.created&actor=${admin.id}`, { as: owner });
    expect(both.body.items).toHaveLength(1);

    const bad = await app.request("GET", `/api/orgs/${org.id}/activity?action=drop.tables`, { as: owner });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.action).toBeTruthy();
  });
});

describe("the project list", () => {
  it("gives admins 'only mine', counts the list, and names admins and owners for a plain member", async () => {
    const owner = await app.createUser({ name: "Lea Owner" });
    const plain = await app.createUser({ name: "Max Plain" });
    const org = await newOrg(owner, "List Lab");
    await join(owner, org.id, plain, "member");
    for (const name of ["One", "Two", "Three"]) expect((await app.request("POST", `/api/orgs/${org.id}/projects`, { as: owner, body: { name } })).status).toBe(201);
    expect((await app.request("POST", `/api/orgs/${org.id}/projects`, { as: plain, body: { name: "Max's" } })).status).toBe(201);

    const scope = { waitUntil: () => {}, d1RoundTrips: 0 };
    const all = await runInScope(scope, () => listProjectsBySlug(app.ctx, owner.id, org.slug, { limit: 2 }));
    expect(scope.d1RoundTrips).toBe(1);
    expect(all.total).toBe(4);
    expect(all.page.items).toHaveLength(2);
    const mine = await app.run((ctx) => listProjectsBySlug(ctx, owner.id, org.slug, { mine: "1" }));
    expect(mine.total).toBe(3);
    expect(mine.page.items.map((p) => p.name).sort()).toEqual(["One", "Three", "Two"]);

    const forPlain = await app.run((ctx) => listProjectsBySlug(ctx, plain.id, org.slug, {}));
    expect(forPlain.page.items.map((p) => p.name)).toEqual(["Max's"]);
    expect(forPlain.total).toBe(1);
    expect(forPlain.managers).toEqual(["Lea Owner"]);
    const api = await app.request("GET", `/api/orgs/${org.id}/projects?mine=1&q=t`, { as: owner });
    expect(api.status).toBe(200);
    expect(api.body.items.map((p: { name: string }) => p.name).sort()).toEqual(["Three", "Two"]);
  });
});
