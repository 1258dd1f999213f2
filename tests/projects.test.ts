/**
 * Projects on a real D1 through the JSON API: the project permission table of PRODUCT.md section 2 for every kind of
 * caller, cross-org ids, the list per role, keyset pagination, search, bad input, and that refused calls change nothing.
 */
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, member, projectInvitations, projectMembers, projects } from "~/db/schema";
import { createDb } from "~/server/db";
import { getProjectOverview } from "~/server/domain/projects";
import { listProjects } from "~/server/pages/project-list";
import { createTestApp, type ApiResponse, type TestApp, type TestUser } from "./harness";

let app: TestApp;
let orgA: string;
let orgB: string;
/** Org A: owner, admin, plain members; org B: its owner, who is in no project of A. */
let orgOwner: TestUser, orgAdmin: TestUser, projOwner: TestUser, projMember: TestUser, outsider: TestUser, otherOrgUser: TestUser;
/** Admin of A and plain member of B: can see A's projects under A's URL, never under B's. */
let twoOrgAdmin: TestUser;
/** A plain org member of A used as the person to add, and one who is in every seeded project to be changed/removed. */
let addable: TestUser, colleague: TestUser;

async function addOrgMember(orgId: string, userId: string, role: "owner" | "admin" | "member") {
  await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgId, userId, role });
}

function expectError(res: ApiResponse, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

async function createProjectAs(u: TestUser, orgId: string, body: Record<string, unknown> = { name: "Trial appraisal" }) {
  const res = await app.request("POST", `/api/orgs/${orgId}/projects`, { as: u, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; role: string; memberCount: number; updatedAt: string };
}

/** A project of org A owned by projOwner, with projMember and colleague as plain members. */
async function seedProject(name = "Seeded project") {
  const p = await createProjectAs(projOwner, orgA, { name, description: "About trials" });
  await app.db.insert(projectMembers).values([
    { id: crypto.randomUUID(), projectId: p.id, userId: projMember.id, role: "member" },
    { id: crypto.randomUUID(), projectId: p.id, userId: colleague.id, role: "member" },
  ]);
  return p.id;
}

/** Everything a project call could change, to assert that a refused call changed nothing. */
async function snapshot(projectId: string) {
  return {
    project: await app.db.select().from(projects).where(eq(projects.id, projectId)),
    members: await app.db.select().from(projectMembers).where(eq(projectMembers.projectId, projectId)).orderBy(asc(projectMembers.userId)),
    invitations: await app.db.select().from(projectInvitations).where(eq(projectInvitations.projectId, projectId)),
    activity: (await app.db.select({ id: activityLog.id }).from(activityLog)).length,
  };
}

beforeAll(async () => {
  app = await createTestApp();
  [orgOwner, orgAdmin, projOwner, projMember, outsider, otherOrgUser, twoOrgAdmin, addable, colleague] = await Promise.all(
    ["Olga Owner", "Adam Admin", "Pia Projectowner", "Max Member", "Otto Outsider", "Bea Elsewhere", "Tom Twoorgs", "Ada Addable", "Cleo Colleague"].map((name) =>
      app.createUser({ name }),
    ),
  );
  const a = await app.request("POST", "/api/orgs", { as: orgOwner, body: { name: "Org A" } });
  const b = await app.request("POST", "/api/orgs", { as: otherOrgUser, body: { name: "Org B" } });
  orgA = a.body.id;
  orgB = b.body.id;
  await addOrgMember(orgA, orgAdmin.id, "admin");
  await addOrgMember(orgA, projOwner.id, "member");
  await addOrgMember(orgA, projMember.id, "member");
  await addOrgMember(orgA, outsider.id, "member");
  await addOrgMember(orgA, addable.id, "member");
  await addOrgMember(orgA, colleague.id, "member");
  await addOrgMember(orgA, twoOrgAdmin.id, "admin");
  await addOrgMember(orgB, twoOrgAdmin.id, "member");
});
afterAll(() => app.close());

// ---------------------------------------------------------------- the permission table

type Actor = "projOwner" | "projMember" | "outsider" | "orgAdmin" | "orgOwner" | "otherOrgUser";
const actors = (): Record<Actor, TestUser> => ({ projOwner, projMember, outsider, orgAdmin, orgOwner, otherOrgUser });

interface Action {
  name: string;
  run(u: TestUser, projectId: string): Promise<ApiResponse>;
  /** Expected status per caller; 404 and 403 must leave every row as it was. */
  expect: Record<Actor, number>;
}

const p = (projectId: string, rest = "") => `/api/orgs/${orgA}/projects/${projectId}${rest}`;
const actions: Action[] = [
  {
    name: "see the project",
    run: (u, id) => app.request("GET", p(id), { as: u }),
    expect: { projOwner: 200, projMember: 200, outsider: 404, orgAdmin: 200, orgOwner: 200, otherOrgUser: 404 },
  },
  {
    name: "see its members",
    run: (u, id) => app.request("GET", p(id, "/members"), { as: u }),
    expect: { projOwner: 200, projMember: 200, outsider: 404, orgAdmin: 200, orgOwner: 200, otherOrgUser: 404 },
  },
  {
    name: "rename it and edit its description",
    run: (u, id) => app.request("PATCH", p(id), { as: u, body: { name: "Renamed", description: "New words" } }),
    expect: { projOwner: 200, projMember: 200, outsider: 404, orgAdmin: 200, orgOwner: 200, otherOrgUser: 404 },
  },
  {
    name: "add an org member",
    run: (u, id) => app.request("POST", p(id, "/members"), { as: u, body: { userId: addable.id, role: "member" } }),
    expect: { projOwner: 201, projMember: 403, outsider: 404, orgAdmin: 201, orgOwner: 201, otherOrgUser: 404 },
  },
  {
    name: "change a project role",
    run: (u, id) => app.request("PATCH", p(id, `/members/${colleague.id}`), { as: u, body: { role: "owner" } }),
    expect: { projOwner: 200, projMember: 403, outsider: 404, orgAdmin: 200, orgOwner: 200, otherOrgUser: 404 },
  },
  {
    name: "remove a member",
    run: (u, id) => app.request("DELETE", p(id, `/members/${colleague.id}`), { as: u }),
    expect: { projOwner: 204, projMember: 403, outsider: 404, orgAdmin: 204, orgOwner: 204, otherOrgUser: 404 },
  },
  {
    // The seeded project's only owner is projOwner, so leaving is "yes, unless the last owner".
    name: "leave the project",
    run: (u, id) => app.request("DELETE", p(id, `/members/${u.id}`), { as: u }),
    expect: { projOwner: 409, projMember: 204, outsider: 404, orgAdmin: 404, orgOwner: 404, otherOrgUser: 404 },
  },
  {
    name: "delete the project",
    run: (u, id) => app.request("DELETE", p(id), { as: u }),
    expect: { projOwner: 204, projMember: 403, outsider: 404, orgAdmin: 204, orgOwner: 204, otherOrgUser: 404 },
  },
];

describe("project permission table (PRODUCT.md section 2)", () => {
  for (const action of actions) {
    for (const actor of Object.keys(action.expect) as Actor[]) {
      const status = action.expect[actor];
      it(`${actor}: ${action.name} -> ${status}`, async () => {
        const id = await seedProject(`${action.name} by ${actor}`);
        const before = await snapshot(id);
        const res = await action.run(actors()[actor], id);
        expect(res.status, JSON.stringify(res.body)).toBe(status);
        if (status === 404) expectError(res, 404, "NOT_FOUND");
        if (status === 403) expectError(res, 403, "FORBIDDEN");
        if (status === 409) expectError(res, 409, "LAST_OWNER");
        if (status >= 400) expect(await snapshot(id)).toEqual(before);
        else expect((await snapshot(id)).activity).toBe(before.activity + (action.name.startsWith("see") ? 0 : 1));
      });
    }
  }

  it("the successful writes did what they say", async () => {
    const id = await seedProject("Effects");
    expect((await app.request("PATCH", p(id), { as: projMember, body: { name: "  Effects 2  ", description: "" } })).body).toMatchObject({
      name: "Effects 2",
      description: null,
      role: "member",
    });
    expect((await app.request("POST", p(id, "/members"), { as: orgAdmin, body: { userId: addable.id, role: "owner" } })).body).toMatchObject({
      userId: addable.id,
      role: "owner",
      name: "Ada Addable",
      email: addable.email,
    });
    expect((await app.request("PATCH", p(id, `/members/${projMember.id}`), { as: projOwner, body: { role: "owner" } })).body.role).toBe("owner");
    await app.request("DELETE", p(id, `/members/${projMember.id}`), { as: orgOwner });
    await app.request("DELETE", p(id, `/members/${colleague.id}`), { as: colleague });
    const rows = await app.db.select({ userId: projectMembers.userId, role: projectMembers.role }).from(projectMembers).where(eq(projectMembers.projectId, id));
    expect(rows.sort((a, b) => a.userId.localeCompare(b.userId))).toEqual(
      [
        { userId: projOwner.id, role: "owner" },
        { userId: addable.id, role: "owner" },
      ].sort((a, b) => a.userId.localeCompare(b.userId)),
    );
    expect((await app.request("DELETE", p(id), { as: orgAdmin })).status).toBe(204);
    expect(await app.db.select().from(projects).where(eq(projects.id, id))).toEqual([]);
    expect(await app.db.select().from(projectMembers).where(eq(projectMembers.projectId, id))).toEqual([]);
  });

  it("a signed-out caller gets 401 on every project route", async () => {
    const id = await seedProject();
    for (const [method, path] of [
      ["GET", `/api/orgs/${orgA}/projects`],
      ["POST", `/api/orgs/${orgA}/projects`],
      ["GET", p(id)],
      ["PATCH", p(id)],
      ["DELETE", p(id)],
      ["GET", p(id, "/members")],
      ["POST", p(id, "/members")],
      ["PATCH", p(id, `/members/${projMember.id}`)],
      ["DELETE", p(id, `/members/${projMember.id}`)],
    ] as const) {
      expectError(await app.request(method, path, { body: method === "GET" ? undefined : {} }), 401, "AUTH_REQUIRED");
    }
  });
});

describe("cross-org ids", () => {
  it("a project id under another org's URL is 404 for every method, even for someone who may see it under its own org", async () => {
    const id = await seedProject("Under A only");
    const before = await snapshot(id);
    const under = (rest = "") => `/api/orgs/${orgB}/projects/${id}${rest}`;
    // twoOrgAdmin is admin of A (sees the project there) and member of B; otherOrgUser owns B.
    expect((await app.request("GET", `/api/orgs/${orgA}/projects/${id}`, { as: twoOrgAdmin })).status).toBe(200);
    for (const u of [twoOrgAdmin, otherOrgUser]) {
      for (const [method, path, body] of [
        ["GET", under(), undefined],
        ["PATCH", under(), { name: "Hijacked" }],
        ["DELETE", under(), undefined],
        ["GET", under("/members"), undefined],
        ["POST", under("/members"), { userId: u.id, role: "owner" }],
        ["PATCH", under(`/members/${projOwner.id}`), { role: "member" }],
        ["DELETE", under(`/members/${projOwner.id}`), undefined],
      ] as const) {
        expectError(await app.request(method, path, { as: u, body }), 404, "NOT_FOUND");
      }
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it("a user of another org cannot list or create projects in an org they are not in", async () => {
    expectError(await app.request("GET", `/api/orgs/${orgA}/projects`, { as: otherOrgUser }), 404, "NOT_FOUND");
    const count = (await app.db.select().from(projects)).length;
    expectError(await app.request("POST", `/api/orgs/${orgA}/projects`, { as: otherOrgUser, body: { name: "Sneaky" } }), 404, "NOT_FOUND");
    expect((await app.db.select().from(projects)).length).toBe(count);
  });

  it("an unknown org or project id is 404, a malformed one 400", async () => {
    expectError(await app.request("GET", `/api/orgs/${orgA}/projects/does-not-exist`, { as: orgOwner }), 404, "NOT_FOUND");
    expectError(await app.request("GET", `/api/orgs/nope/projects`, { as: orgOwner }), 404, "NOT_FOUND");
    expectError(await app.request("GET", `/api/orgs/${orgA}/projects/${encodeURIComponent("a'b")}`, { as: orgOwner }), 400, "VALIDATION_FAILED");
  });
});

// ---------------------------------------------------------------- create, read, edit

describe("create and read", () => {
  it("any org member creates a project and becomes its owner, in one write with an activity row", async () => {
    const before = (await app.db.select().from(activityLog).where(eq(activityLog.action, "project.created"))).length;
    const created = await createProjectAs(outsider, orgA, { name: "  Outsider's review  ", description: "  Scoping  ", role: "member", orgId: orgB, id: "chosen" });
    expect(created).toMatchObject({ orgId: orgA, name: "Outsider's review", description: "Scoping", role: "owner", memberCount: 1 });
    expect(created.id).not.toBe("chosen");
    expect(new Date(created.updatedAt).toISOString()).toBe(created.updatedAt);
    const rows = await app.db.select().from(projectMembers).where(eq(projectMembers.projectId, created.id));
    expect(rows).toEqual([expect.objectContaining({ userId: outsider.id, role: "owner" })]);
    const logs = await app.db.select().from(activityLog).where(eq(activityLog.action, "project.created"));
    expect(logs.length).toBe(before + 1);
    expect(logs.find((l) => l.targetId === created.id)).toMatchObject({ orgId: orgA, actorId: outsider.id, actorName: "Otto Outsider", targetLabel: "Outsider's review" });
    const got = await app.request("GET", `/api/orgs/${orgA}/projects/${created.id}`, { as: outsider });
    expect(got.body).toEqual({ ...created });
  });

  it("PATCH bumps updatedAt and logs; an empty PATCH changes nothing", async () => {
    const id = await seedProject("Bump me");
    await app.db.update(projects).set({ updatedAt: new Date("2020-01-01T00:00:00Z") }).where(eq(projects.id, id));
    const res = await app.request("PATCH", p(id), { as: projMember, body: { description: "Changed" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "Bump me", description: "Changed", memberCount: 3 });
    expect(new Date(res.body.updatedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const log = await app.db.select().from(activityLog).where(and(eq(activityLog.action, "project.updated"), eq(activityLog.targetId, id)));
    expect(log).toHaveLength(1);
    const before = await snapshot(id);
    expect((await app.request("PATCH", p(id), { as: projMember, body: {} })).status).toBe(200);
    expect((await app.request("PATCH", p(id), { as: projMember, body: { description: "Changed" } })).status).toBe(200);
    expect(await snapshot(id)).toEqual(before);
  });

  it("the overview returns project, members and the caller's rights in one batch", async () => {
    const id = await seedProject("Overview");
    const asMember = await app.run((ctx) => getProjectOverview(ctx, projMember.id, orgA, id));
    expect(asMember.project).toMatchObject({ id, name: "Overview", role: "member", memberCount: 3 });
    // Owners first, then by name.
    expect(asMember.members.map((m) => [m.name, m.role])).toEqual([
      ["Pia Projectowner", "owner"],
      ["Cleo Colleague", "member"],
      ["Max Member", "member"],
    ]);
    expect(asMember.members[0]).toEqual({ userId: projOwner.id, name: "Pia Projectowner", username: null, email: projOwner.email, role: "owner", joinedAt: expect.any(String), image: null });
    expect(asMember.rights).toEqual({ canEdit: true, canManageMembers: false, canDelete: false, canLeave: true });
    const asAdmin = await app.run((ctx) => getProjectOverview(ctx, orgAdmin.id, orgA, id));
    expect(asAdmin.project.role).toBeNull();
    expect(asAdmin.rights).toEqual({ canEdit: true, canManageMembers: true, canDelete: true, canLeave: false });
    await expect(app.run((ctx) => getProjectOverview(ctx, outsider.id, orgA, id))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("bad input changes nothing", () => {
  it("names empty, blank or over 255 characters and descriptions over 2,000 are 400 with field messages", async () => {
    const count = (await app.db.select().from(projects)).length;
    for (const [body, field] of [
      [{}, "name"],
      [{ name: "" }, "name"],
      [{ name: "   " }, "name"],
      [{ name: "x".repeat(256) }, "name"],
      [{ name: 42 }, "name"],
      [{ name: "Fine", description: "d".repeat(2001) }, "description"],
      [{ name: "Fine", description: 7 }, "description"],
    ] as const) {
      const res = await app.request("POST", `/api/orgs/${orgA}/projects`, { as: projOwner, body });
      expectError(res, 400, "VALIDATION_FAILED");
      expect(Object.keys(res.body.error.details.fields)).toContain(field);
    }
    expect((await app.db.select().from(projects)).length).toBe(count);
    // The limits themselves are accepted.
    await createProjectAs(projOwner, orgA, { name: "x".repeat(255), description: "d".repeat(2000) });
  });

  it("a PATCH with a bad field changes nothing, not even the good field", async () => {
    const id = await seedProject("Keep me");
    const before = await snapshot(id);
    for (const body of [{ name: "" }, { name: "y".repeat(256) }, { name: "Good", description: "d".repeat(2001) }]) {
      expectError(await app.request("PATCH", p(id), { as: projOwner, body }), 400, "VALIDATION_FAILED");
    }
    expectError(await app.request("PATCH", p(id), { as: projOwner, rawBody: "{nope", headers: { "content-type": "application/json" } }), 400, "VALIDATION_FAILED");
    expect(await snapshot(id)).toEqual(before);
  });

  it("bad list parameters are 400", async () => {
    for (const qs of ["limit=0", "limit=101", "limit=abc", "cursor=not-a-cursor", `q=${"q".repeat(101)}`]) {
      expectError(await app.request("GET", `/api/orgs/${orgA}/projects?${qs}`, { as: orgOwner }), 400, "VALIDATION_FAILED");
    }
  });
});

// ---------------------------------------------------------------- list and pagination

describe("project list", () => {
  let orgC: string;
  let cOwner: TestUser, cAdmin: TestUser, cMember: TestUser, cNobody: TestUser;
  const mine = new Set<string>();
  const all: { id: string; name: string; updatedAt: Date }[] = [];

  beforeAll(async () => {
    [cOwner, cAdmin, cMember, cNobody] = await Promise.all(["C Owner", "C Admin", "C Member", "C Nobody"].map((name) => app.createUser({ name })));
    orgC = (await app.request("POST", "/api/orgs", { as: cOwner, body: { name: "Org C" } })).body.id;
    await addOrgMember(orgC, cAdmin.id, "admin");
    await addOrgMember(orgC, cMember.id, "member");
    await addOrgMember(orgC, cNobody.id, "member");
    // 130 projects written directly (fast), with many equal updatedAt seconds so the id tie-break is exercised.
    const base = Date.UTC(2025, 0, 1) / 1000;
    const stmts = [];
    for (let i = 0; i < 130; i++) {
      const id = crypto.randomUUID();
      const updatedAt = new Date((base + Math.floor(i / 7)) * 1000);
      const name = `Study ${String(i).padStart(3, "0")}${i === 5 ? " 100%_done" : ""}`;
      all.push({ id, name, updatedAt });
      stmts.push(app.db.insert(projects).values({ id, name, orgId: orgC, createdBy: cOwner.id, updatedAt }));
      stmts.push(app.db.insert(projectMembers).values({ id: crypto.randomUUID(), projectId: id, userId: cOwner.id, role: "owner" }));
      if (i % 3 === 0) {
        mine.add(id);
        stmts.push(app.db.insert(projectMembers).values({ id: crypto.randomUUID(), projectId: id, userId: cMember.id, role: i % 2 ? "owner" : "member" }));
      }
    }
    await app.db.batch(stmts as [(typeof stmts)[number], ...typeof stmts]);
    all.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? 1 : -1));
  });

  async function walk(u: TestUser, limit: number, q?: string) {
    const seen: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: URLSearchParams = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}), ...(q ? { q } : {}) });
      const res: ApiResponse = await app.request("GET", `/api/orgs/${orgC}/projects?${qs}`, { as: u });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (++pages > 200) throw new Error("pagination does not end");
    } while (cursor);
    return seen;
  }

  it("org admins and owners page through all 130 projects, each exactly once, newest update first", async () => {
    for (const u of [cAdmin, cOwner]) {
      const seen = await walk(u, 17);
      expect(seen.map((s) => s.id)).toEqual(all.map((a) => a.id));
    }
  });

  it("an admin sees role null where not a member, with member counts", async () => {
    const seen = await walk(cAdmin, 100);
    expect(seen.every((s) => s.role === null && s.orgId === orgC)).toBe(true);
    for (const s of seen) expect(s.memberCount).toBe(mine.has(s.id) ? 2 : 1);
    const asOwner = await walk(cOwner, 100);
    expect(asOwner.every((s) => s.role === "owner")).toBe(true);
  });

  it("a plain member sees only their projects, paged in the same order, with their role", async () => {
    const seen = await walk(cMember, 9);
    expect(seen.map((s) => s.id)).toEqual(all.filter((a) => mine.has(a.id)).map((a) => a.id));
    expect(new Set(seen.map((s) => s.role))).toEqual(new Set(["owner", "member"]));
    expect(await walk(cNobody, 50)).toEqual([]);
  });

  it("search matches the start of the name, treats % and _ literally, and pages too", async () => {
    const expected = all.filter((a) => a.name.startsWith("Study 01")).map((a) => a.id);
    expect(expected).toHaveLength(10);
    expect((await walk(cAdmin, 3, "study 01")).map((s) => s.id)).toEqual(expected);
    expect((await walk(cAdmin, 5, "study 005 100%_")).map((s) => s.name)).toEqual(["Study 005 100%_done"]);
    expect(await walk(cAdmin, 5, "Study 00_")).toHaveLength(0);
    expect(await walk(cAdmin, 5, "%")).toHaveLength(0);
    expect((await walk(cMember, 2, "study 01")).map((s) => s.id)).toEqual(expected.filter((id) => mine.has(id)));
    expect(mine.size).toBeGreaterThan(0);
  });

  it("a project edit moves it to the top", async () => {
    const last = all[all.length - 1]!.id;
    await app.request("PATCH", `/api/orgs/${orgC}/projects/${last}`, { as: cAdmin, body: { name: "Study 000 renamed" } });
    const res = await app.request("GET", `/api/orgs/${orgC}/projects?limit=1`, { as: cAdmin });
    expect(res.body.items[0]).toMatchObject({ id: last, name: "Study 000 renamed" });
  });

  it("lists in one D1 round trip; both variants start from the caller's member row; admins walk the index with no sort", async () => {
    for (const u of [cAdmin, cMember]) {
      const { ctx, trips } = countingContext();
      const page = await listProjects(ctx, u.id, orgC, { limit: 10 });
      expect(page.items).toHaveLength(10);
      expect(trips.length).toBe(1);
      // [membership, all-projects variant, own-projects variant]
      const [, all, own] = await Promise.all(trips[0]!.map(({ sql, params }) => queryPlan(sql, params)));
      expect(all!.split("\n")[0]).toMatch(/SEARCH member USING INDEX member_org_user_uq \(organizationId=\? AND userId=\?\)/);
      expect(all).toMatch(/SEARCH projects USING INDEX projects_org_updated_idx/);
      expect(all).not.toMatch(/TEMP B-TREE|SCAN/);
      expect(own!.split("\n")[0]).toMatch(/SEARCH member USING INDEX member_org_user_uq/);
      expect(own).toMatch(/SEARCH project_members USING INDEX project_members_userId_idx/);
      expect(own).not.toMatch(/projects_org_updated_idx|SCAN/);
    }
  });

  it("the overview is one round trip", async () => {
    const { ctx, trips } = countingContext();
    const first = all.find((a) => mine.has(a.id))!.id;
    const o = await getProjectOverview(ctx, cMember.id, orgC, first);
    expect(o.project.id).toBe(first);
    expect(trips.length).toBe(1);
  });
});

/** A context whose D1 records each round trip (a batch, or one statement) with its SQL and parameters. */
function countingContext() {
  const trips: { sql: string; params: unknown[] }[][] = [];
  const d1 = app.bindings.DB;
  class Stmt {
    constructor(readonly sql: string, readonly params: unknown[] = []) {}
    real() {
      return d1.prepare(this.sql).bind(...this.params);
    }
    bind(...params: unknown[]) {
      return new Stmt(this.sql, params);
    }
    all() {
      trips.push([this]);
      return this.real().all();
    }
    raw(opts?: any) {
      trips.push([this]);
      return this.real().raw(opts);
    }
    run() {
      trips.push([this]);
      return this.real().run();
    }
    first(col?: any) {
      trips.push([this]);
      return this.real().first(col);
    }
  }
  const counting = {
    prepare: (sql: string) => new Stmt(sql),
    batch: (stmts: Stmt[]) => {
      trips.push(stmts);
      return d1.batch(stmts.map((s) => s.real()));
    },
  } as unknown as D1Database;
  return { ctx: { ...app.ctx, db: createDb(counting) }, trips };
}

async function queryPlan(sql: string, params: unknown[]): Promise<string> {
  const rows = (await app.bindings.DB.prepare(`explain query plan ${sql}`).bind(...params).all()).results as { detail: string }[];
  return rows.map((r) => r.detail).join("\n");
}
