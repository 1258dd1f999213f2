/**
 * Project members on a real D1 through the JSON API: list, add an org member, change roles, remove, leave; the
 * last-owner rule (also under races), the "project member ⇒ org member" rule, duplicates, and bad input.
 */
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, member, projectMembers } from "~/db/schema";
import { createTestApp, type ApiResponse, type TestApp, type TestUser } from "./harness";

let app: TestApp;
let orgA: string;
let orgB: string;
let orgOwner: TestUser, orgAdmin: TestUser, owner1: TestUser, owner2: TestUser, plain: TestUser, candidate: TestUser, stranger: TestUser;

async function addOrgMember(orgId: string, userId: string, role: "owner" | "admin" | "member") {
  await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgId, userId, role });
}

function expectError(res: ApiResponse, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

const base = (projectId: string, rest = "") => `/api/orgs/${orgA}/projects/${projectId}/members${rest}`;

/** A project created by owner1 (owner), with extra members written directly. */
async function project(extra: { user: TestUser; role: "owner" | "member" }[] = []) {
  const res = await app.request("POST", `/api/orgs/${orgA}/projects`, { as: owner1, body: { name: "Members project" } });
  expect(res.status).toBe(201);
  if (extra.length) {
    await app.db.insert(projectMembers).values(extra.map((e) => ({ id: crypto.randomUUID(), projectId: res.body.id, userId: e.user.id, role: e.role })));
  }
  return res.body.id as string;
}

async function rows(projectId: string) {
  return app.db
    .select({ userId: projectMembers.userId, role: projectMembers.role })
    .from(projectMembers)
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(projectMembers.userId));
}

async function owners(projectId: string) {
  return (await rows(projectId)).filter((r) => r.role === "owner").length;
}

async function activity(action: string) {
  return app.db.select().from(activityLog).where(eq(activityLog.action, action));
}

beforeAll(async () => {
  app = await createTestApp();
  [orgOwner, orgAdmin, owner1, owner2, plain, candidate, stranger] = await Promise.all(
    ["Olga Owner", "Adam Admin", "Una Owner", "Dan Owner", "Paul Plain", "Cara Candidate", "Sam Stranger"].map((name) => app.createUser({ name })),
  );
  orgA = (await app.request("POST", "/api/orgs", { as: orgOwner, body: { name: "Org A" } })).body.id;
  orgB = (await app.request("POST", "/api/orgs", { as: stranger, body: { name: "Org B" } })).body.id;
  await addOrgMember(orgA, orgAdmin.id, "admin");
  for (const u of [owner1, owner2, plain, candidate]) await addOrgMember(orgA, u.id, "member");
});
afterAll(() => app.close());

describe("list", () => {
  it("lists {userId,name,email,role,joinedAt,image}, owners first", async () => {
    const id = await project([{ user: plain, role: "member" }]);
    const res = await app.request("GET", base(id), { as: plain });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { userId: owner1.id, name: "Una Owner", username: null, email: owner1.email, role: "owner", joinedAt: expect.any(String), image: null },
      { userId: plain.id, name: "Paul Plain", username: null, email: plain.email, role: "member", joinedAt: expect.any(String), image: null },
    ]);
    expect(new Date(res.body.items[0].joinedAt).toISOString()).toBe(res.body.items[0].joinedAt);
  });
});

describe("add", () => {
  it("adds an org member with the given role and logs it in the same write", async () => {
    const id = await project();
    const res = await app.request("POST", base(id), { as: owner1, body: { userId: candidate.id, role: "owner", orgId: orgB } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ userId: candidate.id, name: "Cara Candidate", username: null, email: candidate.email, role: "owner", joinedAt: expect.any(String), image: null });
    expect(await rows(id)).toEqual([
      { userId: owner1.id, role: "owner" },
      { userId: candidate.id, role: "owner" },
    ].sort((a, b) => a.userId.localeCompare(b.userId)));
    const log = (await activity("project.member_added")).filter((l) => l.targetId === candidate.id && JSON.parse(l.data!).projectId === id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ orgId: orgA, actorId: owner1.id, actorName: "Una Owner", targetLabel: "Cara Candidate" });
  });

  it("role defaults to member", async () => {
    const id = await project();
    expect((await app.request("POST", base(id), { as: owner1, body: { userId: plain.id } })).body.role).toBe("member");
  });

  it("a duplicate add is 409 ALREADY_MEMBER and changes nothing", async () => {
    const id = await project([{ user: plain, role: "member" }]);
    const before = await rows(id);
    const logs = (await activity("project.member_added")).length;
    expectError(await app.request("POST", base(id), { as: owner1, body: { userId: plain.id, role: "owner" } }), 409, "ALREADY_MEMBER");
    expectError(await app.request("POST", base(id), { as: owner1, body: { userId: owner1.id, role: "member" } }), 409, "ALREADY_MEMBER");
    expect(await rows(id)).toEqual(before);
    expect((await activity("project.member_added")).length).toBe(logs);
  });

  it("ten adds of the same person at once yield one membership, one 201, nine 409s and one log row", async () => {
    const id = await project();
    const logs = (await activity("project.member_added")).length;
    const results = await Promise.all(Array.from({ length: 10 }, () => app.request("POST", base(id), { as: owner1, body: { userId: candidate.id, role: "member" } })));
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    for (const r of results.filter((r) => r.status === 409)) expect(r.body.error.code).toBe("ALREADY_MEMBER");
    expect((await rows(id)).filter((r) => r.userId === candidate.id)).toHaveLength(1);
    expect((await activity("project.member_added")).length).toBe(logs + 1);
  });

  it("a user who is not in this org is 404 for their id (another org's member, or no such user); nothing written", async () => {
    const id = await project();
    const before = await rows(id);
    for (const userId of [stranger.id, "no-such-user"]) {
      const res = await app.request("POST", base(id), { as: orgOwner, body: { userId, role: "member" } });
      expectError(res, 404, "NOT_FOUND");
      expect(res.body.error.details.fields.userId).toEqual(expect.any(String));
    }
    expect(await rows(id)).toEqual(before);
  });

  it("bad bodies are 400 with field messages and change nothing", async () => {
    const id = await project();
    const before = await rows(id);
    for (const [body, field] of [
      [{ userId: plain.id, role: "admin" }, "role"],
      [{ userId: plain.id, role: "OWNER" }, "role"],
      [{ role: "member" }, "userId"],
      [{ userId: "", role: "member" }, "userId"],
      [{ userId: "a b'c", role: "member" }, "userId"],
      [{ userId: 12, role: "member" }, "userId"],
    ] as const) {
      const res = await app.request("POST", base(id), { as: owner1, body });
      expectError(res, 400, "VALIDATION_FAILED");
      expect(Object.keys(res.body.error.details.fields)).toContain(field);
    }
    expect(await rows(id)).toEqual(before);
  });
});

describe("change role", () => {
  it("promotes and demotes, logging each change", async () => {
    const id = await project([{ user: plain, role: "member" }]);
    expect((await app.request("PATCH", base(id, `/${plain.id}`), { as: owner1, body: { role: "owner" } })).body).toMatchObject({ userId: plain.id, role: "owner" });
    expect((await app.request("PATCH", base(id, `/${owner1.id}`), { as: plain, body: { role: "member" } })).body.role).toBe("member");
    expect(await rows(id)).toEqual(
      [
        { userId: owner1.id, role: "member" },
        { userId: plain.id, role: "owner" },
      ].sort((a, b) => a.userId.localeCompare(b.userId)),
    );
    const log = (await activity("project.member_role_changed")).filter((l) => JSON.parse(l.data!).projectId === id);
    expect(log.map((l) => JSON.parse(l.data!))).toEqual(
      expect.arrayContaining([expect.objectContaining({ from: "member", to: "owner" }), expect.objectContaining({ from: "owner", to: "member" })]),
    );
  });

  it("the last owner cannot be demoted, by themselves or by an org owner: 409 LAST_OWNER, nothing logged", async () => {
    const id = await project([{ user: plain, role: "member" }]);
    const before = await rows(id);
    const logs = (await activity("project.member_role_changed")).length;
    for (const u of [owner1, orgOwner, orgAdmin]) {
      const res = await app.request("PATCH", base(id, `/${owner1.id}`), { as: u, body: { role: "member" } });
      expectError(res, 409, "LAST_OWNER");
      expect(res.body.error.message).toMatch(/project/);
    }
    expect(await rows(id)).toEqual(before);
    expect((await activity("project.member_role_changed")).length).toBe(logs);
  });

  it("unknown roles are 400, someone not in the project 404, the same role a no-op", async () => {
    const id = await project([{ user: plain, role: "member" }]);
    const before = await rows(id);
    for (const role of ["admin", "", null, 3]) {
      expectError(await app.request("PATCH", base(id, `/${plain.id}`), { as: owner1, body: { role } }), 400, "VALIDATION_FAILED");
    }
    expectError(await app.request("PATCH", base(id, `/${candidate.id}`), { as: owner1, body: { role: "owner" } }), 404, "NOT_FOUND");
    expectError(await app.request("PATCH", base(id, `/${stranger.id}`), { as: owner1, body: { role: "owner" } }), 404, "NOT_FOUND");
    const logs = (await activity("project.member_role_changed")).length;
    expect((await app.request("PATCH", base(id, `/${plain.id}`), { as: owner1, body: { role: "member" } })).status).toBe(200);
    expect((await activity("project.member_role_changed")).length).toBe(logs);
    expect(await rows(id)).toEqual(before);
  });
});

describe("remove and leave", () => {
  it("an owner removes a member; a member leaves; each logged with its own action", async () => {
    const id = await project([
      { user: plain, role: "member" },
      { user: candidate, role: "member" },
    ]);
    expect((await app.request("DELETE", base(id, `/${plain.id}`), { as: owner1 })).status).toBe(204);
    expect((await app.request("DELETE", base(id, `/${candidate.id}`), { as: candidate })).status).toBe(204);
    expect(await rows(id)).toEqual([{ userId: owner1.id, role: "owner" }]);
    expect((await activity("project.member_removed")).filter((l) => l.targetId === plain.id && JSON.parse(l.data!).projectId === id)).toHaveLength(1);
    expect((await activity("project.member_left")).filter((l) => l.actorId === candidate.id && JSON.parse(l.data!).projectId === id)).toHaveLength(1);
    // A left member lost access at once.
    expectError(await app.request("GET", `/api/orgs/${orgA}/projects/${id}`, { as: candidate }), 404, "NOT_FOUND");
  });

  it("the last owner cannot leave or be removed (409 LAST_OWNER); with a second owner they can", async () => {
    const id = await project([{ user: plain, role: "member" }]);
    const before = await rows(id);
    expectError(await app.request("DELETE", base(id, `/${owner1.id}`), { as: owner1 }), 409, "LAST_OWNER");
    expectError(await app.request("DELETE", base(id, `/${owner1.id}`), { as: orgAdmin }), 409, "LAST_OWNER");
    expectError(await app.request("DELETE", base(id, `/${owner1.id}`), { as: orgOwner }), 409, "LAST_OWNER");
    expect(await rows(id)).toEqual(before);
    await app.request("PATCH", base(id, `/${plain.id}`), { as: owner1, body: { role: "owner" } });
    expect((await app.request("DELETE", base(id, `/${owner1.id}`), { as: owner1 })).status).toBe(204);
    expect(await rows(id)).toEqual([{ userId: plain.id, role: "owner" }]);
  });

  it("removing someone not in the project is 404", async () => {
    const id = await project();
    expectError(await app.request("DELETE", base(id, `/${candidate.id}`), { as: owner1 }), 404, "NOT_FOUND");
    expectError(await app.request("DELETE", base(id, `/${stranger.id}`), { as: owner1 }), 404, "NOT_FOUND");
  });

  it("org admins can give an ownerless project an owner, by promoting or adding", async () => {
    const id = await project([{ user: plain, role: "member" }]);
    // What removing the only owner from the org leaves behind (that write belongs to the org members domain).
    await app.db.delete(projectMembers).where(and(eq(projectMembers.projectId, id), eq(projectMembers.userId, owner1.id)));
    expect(await owners(id)).toBe(0);
    // Nobody in the project can manage it now, but org admins still can.
    expectError(await app.request("PATCH", base(id, `/${plain.id}`), { as: plain, body: { role: "owner" } }), 403, "FORBIDDEN");
    expect((await app.request("PATCH", base(id, `/${plain.id}`), { as: orgAdmin, body: { role: "owner" } })).status).toBe(200);
    expect(await owners(id)).toBe(1);

    const id2 = await project();
    await app.db.delete(projectMembers).where(eq(projectMembers.projectId, id2));
    expect((await app.request("POST", base(id2), { as: orgOwner, body: { userId: candidate.id, role: "owner" } })).status).toBe(201);
    expect(await rows(id2)).toEqual([{ userId: candidate.id, role: "owner" }]);
  });
});

describe("races on the real D1", () => {
  it("two owners stepping down at once always leave an owner (demote, 20 rounds)", async () => {
    for (let round = 0; round < 20; round++) {
      const id = await project([{ user: owner2, role: "owner" }]);
      const results = await Promise.all([
        app.request("PATCH", base(id, `/${owner1.id}`), { as: owner1, body: { role: "member" } }),
        app.request("PATCH", base(id, `/${owner2.id}`), { as: owner2, body: { role: "member" } }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.error.code).toBe("LAST_OWNER");
      expect(await owners(id)).toBe(1);
    }
  });

  it("two owners leaving at once always leave an owner (leave, 20 rounds)", async () => {
    for (let round = 0; round < 20; round++) {
      const id = await project([{ user: owner2, role: "owner" }]);
      const results = await Promise.all([
        app.request("DELETE", base(id, `/${owner1.id}`), { as: owner1 }),
        app.request("DELETE", base(id, `/${owner2.id}`), { as: owner2 }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([204, 409]);
      expect(await owners(id)).toBe(1);
      expect(await rows(id)).toHaveLength(1);
    }
  });

  it("an owner leaving while an org admin demotes the other owner leaves an owner (20 rounds)", async () => {
    for (let round = 0; round < 20; round++) {
      const id = await project([{ user: owner2, role: "owner" }]);
      const logsBefore = (await app.db.select().from(activityLog)).length;
      const results = await Promise.all([
        app.request("DELETE", base(id, `/${owner1.id}`), { as: owner1 }),
        app.request("PATCH", base(id, `/${owner2.id}`), { as: orgAdmin, body: { role: "member" } }),
      ]);
      expect(results.filter((r) => r.status === 409)).toHaveLength(1);
      expect(await owners(id)).toBe(1);
      // Exactly one of the two changes happened, and exactly one was logged.
      expect((await app.db.select().from(activityLog)).length).toBe(logsBefore + 1);
    }
  });
});
