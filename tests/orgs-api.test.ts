/**
 * The workspace API of the foundation slice (PRODUCT.md section 6) on a real D1: identity, create, list, read, switch,
 * the error shape, the cross-site check, and where "/" sends someone (homeOrgSlug).
 */
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { member, organization, projects, session as sessionTable, user } from "~/db/schema";
import { homeOrgSlug } from "~/server/domain/orgs";
import { insertOrg } from "~/server/domain/org-writes";
import { createTestApp, type ApiResponse, type TestApp, type TestUser } from "./harness";

let app: TestApp;
beforeAll(async () => (app = await createTestApp()));
afterAll(() => app.close());

/** Every error body seen in this file, checked at the end for leaked internals. */
const errorBodies: unknown[] = [];
afterEach(() => vi.restoreAllMocks());

async function call(method: string, path: string, opts: Parameters<TestApp["request"]>[2] = {}): Promise<ApiResponse> {
  const res = await app.request(method, path, opts);
  if (res.status >= 400) errorBodies.push(res.body);
  return res;
}

function expectError(res: ApiResponse, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect(res.body.error.message.length).toBeGreaterThan(0);
}

async function orgRows() {
  return app.db.select().from(organization);
}

async function memberRows(orgId?: string) {
  return app.db.select().from(member).where(orgId ? eq(member.organizationId, orgId) : undefined);
}

async function activeOrgOf(u: TestUser) {
  const [row] = await app.db.select({ a: sessionTable.activeOrganizationId }).from(sessionTable).where(eq(sessionTable.id, u.sessionId));
  return row!.a;
}

async function createOrgAs(u: TestUser, body: unknown) {
  const res = await call("POST", "/api/orgs", { as: u, body });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string; slug: string; role: string; createdAt: string };
}

async function addMember(orgId: string, userId: string, role: "owner" | "admin" | "member", lastActiveAt: Date | null = null) {
  await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgId, userId, role, lastActiveAt });
}

describe("GET /api/me", () => {
  it("answers 401 AUTH_REQUIRED without a session", async () => {
    expectError(await call("GET", "/api/me"), 401, "AUTH_REQUIRED");
  });

  it("answers 401 for a forged or unknown session cookie", async () => {
    expectError(await call("GET", "/api/me", { as: "better-auth.session_token=forged.token" }), 401, "AUTH_REQUIRED");
  });

  it("answers 401 once the session row is gone", async () => {
    const u = await app.createUser();
    await app.db.delete(sessionTable).where(eq(sessionTable.id, u.sessionId));
    expectError(await call("GET", "/api/me", { as: u }), 401, "AUTH_REQUIRED");
  });

  it("returns exactly {user:{id,name,email,emailVerified,twoFactorEnabled,username,persona,profileCompleted,role,image}, activeOrgId}", async () => {
    const u = await app.createUser({ name: "Mia", email: "Mia@Example.com" });
    const res = await call("GET", "/api/me", { as: u });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user: { id: u.id, name: "Mia", email: "mia@example.com", emailVerified: true, twoFactorEnabled: false, username: null, persona: "researcher", profileCompleted: true, role: "user", image: null },
      activeOrgId: null,
    });
  });
});

describe("POST /api/orgs", () => {
  let owner: TestUser;
  beforeAll(async () => (owner = await app.createUser({ name: "Olga" })));

  it("creates the org with the caller as its only owner, in one batch", async () => {
    const batch = vi.spyOn(app.db, "batch");
    const before = Date.now();
    const res = await call("POST", "/api/orgs", { as: owner, body: { name: "  Evidence Lab  " } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), name: "Evidence Lab", slug: "evidence-lab", role: "owner", requireTwoFactor: false, createdAt: expect.any(String) });
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    expect(Math.abs(new Date(res.body.createdAt).getTime() - before)).toBeLessThan(5_000);

    const [org] = await app.db.select().from(organization).where(eq(organization.id, res.body.id));
    expect(org).toMatchObject({ name: "Evidence Lab", slug: "evidence-lab" });
    expect(org!.createdAt.toISOString()).toBe(res.body.createdAt);
    const members = await memberRows(res.body.id);
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ userId: owner.id, role: "owner" });

    // The org and its owner membership go in the same batch, so neither can exist without the other.
    const sqlOf = (q: unknown) => (q as { toSQL(): { sql: string } }).toSQL().sql;
    const writes = batch.mock.calls.filter((c) => c[0].some((q) => /^insert into "organization"/.test(sqlOf(q))));
    expect(writes).toHaveLength(1);
    expect(writes[0]![0].some((q) => /^insert into "member"/.test(sqlOf(q)))).toBe(true);
  });

  it("writes nothing when the owner membership cannot be written (the batch is atomic)", async () => {
    const before = await orgRows();
    // A user id that does not exist makes the member insert fail its foreign key, after the org insert.
    await expect(app.run((ctx) => insertOrg(ctx, "no-such-user", "Ghost Org", "ghost-org"))).rejects.toThrow();
    expect(await orgRows()).toEqual(before);
  });

  it("derives the slug from accented names", async () => {
    expect((await createOrgAs(owner, { name: "Café Zürich Ärzte" })).slug).toBe("cafe-zurich-arzte");
    expect((await createOrgAs(owner, { name: "Revue systématique -- 2024!" })).slug).toBe("revue-systematique-2024");
  });

  it("falls back to a usable slug when the name has no ASCII letters", async () => {
    const a = await createOrgAs(owner, { name: "日本語チーム" });
    expect(a.name).toBe("日本語チーム");
    expect(a.slug).toMatch(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/);
    expect(a.slug.length).toBeGreaterThanOrEqual(2);
    const b = await createOrgAs(owner, { name: "Ελληνικά" });
    expect(b.slug).toMatch(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/);
    expect(b.slug).not.toBe(a.slug);
  });

  it("pads a one-character derived slug", async () => {
    const org = await createOrgAs(owner, { name: "X" });
    expect(org.slug.length).toBeGreaterThanOrEqual(2);
    expect(org.slug).toMatch(/^x/);
  });

  it("gives a colliding derived slug a unique one instead of failing", async () => {
    const first = await createOrgAs(owner, { name: "Cochrane Group" });
    const second = await createOrgAs(owner, { name: "Cochrane Group" });
    expect(first.slug).toBe("cochrane-group");
    expect(second.slug).not.toBe(first.slug);
    expect(second.slug).toMatch(/^cochrane-group-[a-z0-9]+$/);
    expect((await orgRows()).filter((o) => o.name === "Cochrane Group")).toHaveLength(2);
  });

  it("never derives a reserved slug", async () => {
    for (const name of ["New", "API", "Settings"]) {
      const org = await createOrgAs(owner, { name });
      expect(["new", "api", "settings"]).not.toContain(org.slug);
      expect(org.slug).toMatch(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/);
    }
  });

  it("uses an explicit slug, lower-cased and trimmed", async () => {
    const org = await createOrgAs(owner, { name: "Anything", slug: "  My-Team-1 " });
    expect(org.slug).toBe("my-team-1");
  });

  it("answers 409 SLUG_TAKEN for a taken explicit slug, with details.fields.slug, and writes nothing", async () => {
    await createOrgAs(owner, { name: "Taken", slug: "taken-slug" });
    const before = await orgRows();
    const membersBefore = await memberRows();
    const res = await call("POST", "/api/orgs", { as: owner, body: { name: "Other", slug: "taken-slug" } });
    expectError(res, 409, "SLUG_TAKEN");
    expect(res.body.error.details.fields.slug).toEqual(expect.any(String));
    expect(await orgRows()).toEqual(before);
    expect(await memberRows()).toEqual(membersBefore);
  });

  it("refuses the reserved slug 'new' with a field message", async () => {
    const res = await call("POST", "/api/orgs", { as: owner, body: { name: "New things", slug: "new" } });
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details.fields.slug).toEqual(expect.any(String));
  });

  const invalid: [string, { body?: unknown; rawBody?: string; headers?: Record<string, string> }, string][] = [
    ["an empty name", { body: { name: "" } }, "name"],
    ["a blank name", { body: { name: "   " } }, "name"],
    ["a missing name", { body: {} }, "name"],
    ["a 101-character name", { body: { name: "a".repeat(101) } }, "name"],
    ["a number as name", { body: { name: 42 } }, "name"],
    ["an object as name", { body: { name: { first: "x" } } }, "name"],
    ["null as name", { body: { name: null } }, "name"],
    ["a slug with bad characters", { body: { name: "Fine", slug: "bad slug!" } }, "slug"],
    ["a slug with a leading dash", { body: { name: "Fine", slug: "-lead" } }, "slug"],
    ["a slug with an underscore", { body: { name: "Fine", slug: "under_score" } }, "slug"],
    ["a 49-character slug", { body: { name: "Fine", slug: "a".repeat(49) } }, "slug"],
    ["a number as slug", { body: { name: "Fine", slug: 12345 } }, "slug"],
    ["a form-encoded body", { rawBody: "name=Fine", headers: { "content-type": "application/x-www-form-urlencoded" } }, "body"],
    ["a text/plain JSON body", { rawBody: JSON.stringify({ name: "Fine" }), headers: { "content-type": "text/plain" } }, "body"],
    ["malformed JSON", { rawBody: '{"name": "Fine"', headers: { "content-type": "application/json" } }, "body"],
    ["an array body", { body: [{ name: "Fine" }] }, "body"],
    ["a string body", { body: "Fine" }, "body"],
    ["a null body", { rawBody: "null", headers: { "content-type": "application/json" } }, "body"],
  ];

  for (const [label, opts, field] of invalid) {
    it(`answers 400 VALIDATION_FAILED for ${label} and writes nothing`, async () => {
      const before = await orgRows();
      const res = await call("POST", "/api/orgs", { as: owner, ...opts });
      expectError(res, 400, "VALIDATION_FAILED");
      expect(res.body.error.details.fields[field]).toEqual(expect.any(String));
      expect(await orgRows()).toEqual(before);
    });
  }

  it("accepts a 100-character name", async () => {
    const org = await createOrgAs(owner, { name: "b".repeat(100) });
    expect(org.name).toHaveLength(100);
    expect(org.slug.length).toBeLessThanOrEqual(48);
  });

  it("ignores extra fields such as role, id and orgId: they change nothing", async () => {
    const victim = await app.createUser();
    const victimOrg = await createOrgAs(victim, { name: "Victim Org" });
    const smuggledId = "smuggled-org-id";
    const res = await call("POST", "/api/orgs", {
      as: owner,
      body: { name: "Honest Org", id: smuggledId, orgId: victimOrg.id, organizationId: victimOrg.id, role: "member", userId: victim.id, createdAt: "2000-01-01T00:00:00.000Z" },
    });
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe(smuggledId);
    expect(res.body.role).toBe("owner");
    expect(res.body.createdAt).not.toBe("2000-01-01T00:00:00.000Z");
    expect(await app.db.select().from(organization).where(eq(organization.id, smuggledId))).toEqual([]);

    const members = await memberRows(res.body.id);
    expect(members).toEqual([expect.objectContaining({ userId: owner.id, role: "owner" })]);
    // The other org is untouched: still one owner, the victim.
    expect(await memberRows(victimOrg.id)).toEqual([expect.objectContaining({ userId: victim.id, role: "owner" })]);
  });

  it("answers 401 without a session and writes nothing", async () => {
    const before = await orgRows();
    expectError(await call("POST", "/api/orgs", { body: { name: "Anonymous" } }), 401, "AUTH_REQUIRED");
    expect(await orgRows()).toEqual(before);
  });
});

describe("GET /api/orgs and GET /api/orgs/:orgId", () => {
  let alice: TestUser;
  let bob: TestUser;
  let aliceOrg: { id: string; name: string; slug: string };
  let bobOrg: { id: string; name: string; slug: string };
  let shared: { id: string; name: string; slug: string };

  beforeAll(async () => {
    alice = await app.createUser({ name: "Alice" });
    bob = await app.createUser({ name: "Bob" });
    aliceOrg = await createOrgAs(alice, { name: "Alpha Reviews" });
    bobOrg = await createOrgAs(bob, { name: "Bob's Secret Lab", slug: "bobs-secret-lab" });
    shared = await createOrgAs(bob, { name: "Shared Space" });
    await addMember(shared.id, alice.id, "admin");
    const carol = await app.createUser();
    await addMember(shared.id, carol.id, "member");
    await app.db.insert(projects).values([
      { id: crypto.randomUUID(), name: "P1", orgId: shared.id, createdBy: bob.id },
      { id: crypto.randomUUID(), name: "P2", orgId: shared.id, createdBy: bob.id },
      { id: crypto.randomUUID(), name: "Other org's project", orgId: bobOrg.id, createdBy: bob.id },
    ]);
  });

  it("lists only the caller's orgs, each with the caller's role", async () => {
    const res = await call("GET", "/api/orgs", { as: alice });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        { id: aliceOrg.id, name: "Alpha Reviews", slug: aliceOrg.slug, role: "owner", requireTwoFactor: false, createdAt: expect.any(String), logo: null },
        { id: shared.id, name: "Shared Space", slug: shared.slug, role: "admin", requireTwoFactor: false, createdAt: expect.any(String), logo: null },
      ]),
    );
    expect(JSON.stringify(res.body)).not.toContain(bobOrg.id);
  });

  it("lists nothing for a user without orgs", async () => {
    const loner = await app.createUser();
    const res = await call("GET", "/api/orgs", { as: loner });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
  });

  it("GET /api/orgs needs a session", async () => {
    expectError(await call("GET", "/api/orgs"), 401, "AUTH_REQUIRED");
  });

  it("returns the org with memberCount and projectCount", async () => {
    const res = await call("GET", `/api/orgs/${shared.id}`, { as: alice });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: shared.id,
      name: "Shared Space",
      slug: shared.slug,
      role: "admin",
      requireTwoFactor: false,
      createdAt: expect.any(String),
      memberCount: 3,
      projectCount: 2,
    });
    const mine = await call("GET", `/api/orgs/${aliceOrg.id}`, { as: alice });
    expect(mine.body).toMatchObject({ role: "owner", memberCount: 1, projectCount: 0 });
  });

  it("answers 404 for another user's org and reveals nothing about it", async () => {
    const foreign = await call("GET", `/api/orgs/${bobOrg.id}`, { as: alice });
    const missing = await call("GET", `/api/orgs/${crypto.randomUUID()}`, { as: alice });
    expectError(foreign, 404, "NOT_FOUND");
    expect(foreign.body).toEqual(missing.body);
    const text = JSON.stringify(foreign.body);
    for (const secret of ["Bob's Secret Lab", "bobs-secret-lab", bob.id, bob.email]) expect(text).not.toContain(secret);
  });

  it("answers 400 for a malformed org id", async () => {
    const res = await call("GET", `/api/orgs/${"x".repeat(65)}`, { as: alice });
    expectError(res, 400, "VALIDATION_FAILED");
  });

  it("loses access as soon as the membership row is gone", async () => {
    const dave = await app.createUser();
    await addMember(shared.id, dave.id, "member");
    expect((await call("GET", `/api/orgs/${shared.id}`, { as: dave })).status).toBe(200);
    await app.db.delete(member).where(and(eq(member.organizationId, shared.id), eq(member.userId, dave.id)));
    expectError(await call("GET", `/api/orgs/${shared.id}`, { as: dave }), 404, "NOT_FOUND");
  });
});

describe("POST /api/orgs/:orgId/active", () => {
  let u: TestUser;
  let first: { id: string };
  let second: { id: string };

  beforeAll(async () => {
    u = await app.createUser();
    first = await createOrgAs(u, { name: "First Workspace" });
    second = await createOrgAs(u, { name: "Second Workspace" });
  });

  it("sets the session's active org; /api/me shows it", async () => {
    const res = await call("POST", `/api/orgs/${second.id}/active`, { as: u });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ activeOrgId: second.id });
    expect(await activeOrgOf(u)).toBe(second.id);
    expect((await call("GET", "/api/me", { as: u })).body.activeOrgId).toBe(second.id);

    const back = await call("POST", `/api/orgs/${first.id}/active`, { as: u });
    expect(back.body).toEqual({ activeOrgId: first.id });
    expect(await activeOrgOf(u)).toBe(first.id);
    expect((await call("GET", "/api/me", { as: u })).body.activeOrgId).toBe(first.id);
  });

  it("records when the member last used the org", async () => {
    await app.db.update(member).set({ lastActiveAt: null }).where(eq(member.organizationId, second.id));
    await call("POST", `/api/orgs/${second.id}/active`, { as: u });
    const [row] = await memberRows(second.id);
    expect(row!.lastActiveAt).toBeInstanceOf(Date);
    expect(Math.abs(row!.lastActiveAt!.getTime() - Date.now())).toBeLessThan(5_000);
  });

  it("only changes the caller's own session", async () => {
    const otherSession = await app.createUser();
    await addMember(second.id, otherSession.id, "member");
    await call("POST", `/api/orgs/${first.id}/active`, { as: u });
    expect(await activeOrgOf(otherSession)).toBeNull();
  });

  it("answers 404 for an org the caller is not a member of, and leaves the session alone", async () => {
    const stranger = await app.createUser();
    const foreign = await createOrgAs(stranger, { name: "Stranger Things" });
    const before = await activeOrgOf(u);
    const res = await call("POST", `/api/orgs/${foreign.id}/active`, { as: u });
    expectError(res, 404, "NOT_FOUND");
    expect(JSON.stringify(res.body)).not.toContain("Stranger Things");
    expect(await activeOrgOf(u)).toBe(before);
    expectError(await call("POST", `/api/orgs/${crypto.randomUUID()}/active`, { as: u }), 404, "NOT_FOUND");
  });

  it("answers 401 without a session", async () => {
    expectError(await call("POST", `/api/orgs/${first.id}/active`), 401, "AUTH_REQUIRED");
  });
});

describe("cross-site requests", () => {
  let u: TestUser;
  let org: { id: string };
  beforeAll(async () => {
    u = await app.createUser();
    org = await createOrgAs(u, { name: "Guarded" });
  });

  const foreignHeaders: [string, Record<string, string>][] = [
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["an Origin on another port", { origin: "http://localhost:3001" }],
    ["Origin: null", { origin: "null" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: cross-site with a same-origin Origin", { origin: "http://localhost:3000", "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site (a sibling subdomain)", { "sec-fetch-site": "same-site" }],
  ];

  for (const [label, headers] of foreignHeaders) {
    it(`refuses every state-changing request with ${label}: 403 CSRF_REJECTED, no row changed`, async () => {
      // Without an Origin of its own, the harness would add the app's; an empty one stands for "no Origin header".
      const h = { origin: "", ...headers };
      const orgsBefore = await orgRows();
      const membersBefore = await memberRows();
      const sessionsBefore = await app.db.select().from(sessionTable);
      const usersBefore = await app.db.select().from(user);

      const attempts = [
        await call("POST", "/api/orgs", { as: u, body: { name: "Forged" }, headers: h }),
        await call("POST", `/api/orgs/${org.id}/active`, { as: u, headers: h }),
        await call("POST", "/api/auth/sign-up/email", { body: { name: "Forged", email: "forged@example.com", password: "password123" }, headers: h }),
        await call("POST", "/api/auth/sign-out", { as: u, headers: h }),
      ];
      for (const res of attempts) expectError(res, 403, "CSRF_REJECTED");

      expect(await orgRows()).toEqual(orgsBefore);
      expect(await memberRows()).toEqual(membersBefore);
      expect(await app.db.select().from(sessionTable)).toEqual(sessionsBefore);
      expect(await app.db.select().from(user)).toEqual(usersBefore);
    });
  }

  it("refuses a foreign Referer when there is no Origin", async () => {
    const before = await orgRows();
    const res = await call("POST", "/api/orgs", { as: u, body: { name: "Forged" }, headers: { origin: "", referer: "https://evil.example/page" } });
    expectError(res, 403, "CSRF_REJECTED");
    expect(await orgRows()).toEqual(before);
  });

  it("accepts same-origin requests", async () => {
    const res = await call("POST", "/api/orgs", { as: u, body: { name: "Same Origin" }, headers: { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" } });
    expect(res.status).toBe(201);
  });

  it("lets reads through whatever the Origin (they change nothing)", async () => {
    const res = await call("GET", "/api/orgs", { as: u, headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(200);
  });
});

describe("unknown routes and internal errors", () => {
  it("answers 404 with the error shape for an unknown API route", async () => {
    const u = await app.createUser();
    expectError(await call("GET", "/api/nope", { as: u }), 404, "NOT_FOUND");
    expectError(await call("GET", "/api/orgs/a/b/c", { as: u }), 404, "NOT_FOUND");
    expectError(await call("POST", "/api/does-not-exist", { as: u, body: {} }), 404, "NOT_FOUND");
    // Without a session too: an unknown route is not a reason to ask for sign-in.
    expectError(await call("GET", "/api/nope"), 404, "NOT_FOUND");
  });

  it("answers a wrong method on a known route with the error shape", async () => {
    const res = await call("DELETE", "/api/me/export", { as: await app.createUser() });
    expect(res.status).toBe(405);
    expect(res.body.error.code).toBe("METHOD_NOT_ALLOWED");
    expect(res.headers.get("allow")).toBe("GET");
  });

  it("turns an unexpected database failure into 500 INTERNAL without SQL or stack", async () => {
    const u = await app.createUser();
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(app.db, "batch").mockRejectedValueOnce(
      Object.assign(new Error('D1_ERROR: no such table: organization: SQLITE_ERROR at insert into "organization" ("id") values (?)'), { stack: "Error\n    at createOrg (src/server/domain/orgs.ts:60:5)" }),
    );
    const res = await call("POST", "/api/orgs", { as: u, body: { name: "Boom" } });
    expectError(res, 500, "INTERNAL");
    expect(Object.keys(res.body.error)).toEqual(["code", "message"]);
  });

  it("no error body in this file contains SQL, driver errors or a stack trace", () => {
    expect(errorBodies.length).toBeGreaterThan(40);
    for (const body of errorBodies) {
      const text = JSON.stringify(body);
      expect(text).not.toMatch(/\b(select|insert|update|delete)\b.*\b(from|into|set)\b/i);
      expect(text).not.toMatch(/sqlite|D1_ERROR|constraint|drizzle|no such table/i);
      expect(text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules/);
    }
  });
});

describe("homeOrgSlug: where / sends a signed-in user", () => {
  const home = (userId: string, active: string | null) => app.run((ctx) => homeOrgSlug(ctx, userId, active));

  it("is null for a user without orgs, whatever the session says", async () => {
    const u = await app.createUser();
    expect(await home(u.id, null)).toBeNull();
    expect(await home(u.id, crypto.randomUUID())).toBeNull();
  });

  describe("with three orgs", () => {
    let u: TestUser;
    let older: { id: string; slug: string };
    let recent: { id: string; slug: string };
    let never: { id: string; slug: string };

    beforeAll(async () => {
      u = await app.createUser();
      const other = await app.createUser();
      older = await createOrgAs(other, { name: "Older Org" });
      recent = await createOrgAs(other, { name: "Recent Org" });
      never = await createOrgAs(other, { name: "Never Used Org" });
      await addMember(older.id, u.id, "member", new Date(Date.now() - 3 * 86_400_000));
      await addMember(recent.id, u.id, "admin", new Date(Date.now() - 60_000));
      await addMember(never.id, u.id, "member", null);
    });

    it("prefers the session's active org, even when another was used more recently", async () => {
      expect(await home(u.id, older.id)).toBe(older.slug);
      expect(await home(u.id, never.id)).toBe(never.slug);
    });

    it("without an active org, picks the most recently used one", async () => {
      expect(await home(u.id, null)).toBe(recent.slug);
    });

    it("ignores an active org id of an org that does not exist", async () => {
      expect(await home(u.id, crypto.randomUUID())).toBe(recent.slug);
    });

    it("ignores a stale active org id of an org the user has left", async () => {
      const left = await createOrgAs(await app.createUser(), { name: "Left Behind" });
      await addMember(left.id, u.id, "member", new Date());
      expect(await home(u.id, left.id)).toBe(left.slug);
      await app.db.delete(member).where(and(eq(member.organizationId, left.id), eq(member.userId, u.id)));
      expect(await home(u.id, left.id)).toBe(recent.slug);
    });

    it("follows switching through the API", async () => {
      await call("POST", `/api/orgs/${older.id}/active`, { as: u });
      // The session now points at it, and it is also the most recently used.
      expect(await home(u.id, await activeOrgOf(u))).toBe(older.slug);
      expect(await home(u.id, null)).toBe(older.slug);
    });
  });
});
