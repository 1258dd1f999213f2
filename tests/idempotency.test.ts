/**
 * Idempotency-Key on the API's create and resend routes (issue 12): a retry with the same key and body gets the first
 * answer, marked replayed, and writes nothing (no second project, no second email); the same key with another body is
 * refused; two requests racing with one key write once; keys belong to their caller. The lost-answer case itself (the
 * write committed, the answer never came) is in tests/d1-faults.test.ts.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projects } from "~/db/schema";
import { domainState } from "./db-state";
import { createTestApp, type ApiResponse, type TestApp, type TestUser } from "./harness";
import { addProject, makeOrg } from "./org-fixtures";

let app: TestApp;
let owner: TestUser;
let orgId: string;
let projectId: string;

beforeAll(async () => {
  app = await createTestApp();
  ({ orgId, owner } = await makeOrg(app, "Idempotent Lab"));
  projectId = await addProject(app, orgId, owner.id, [[owner.id, "owner"]]);
});

afterAll(async () => {
  await app?.close();
});

const fresh = () => `${crypto.randomUUID().slice(0, 8)}@example.com`;
const post = (path: string, key: string, body?: unknown, as: TestUser = owner): Promise<ApiResponse> =>
  app.request("POST", path, { as, body, headers: { "idempotency-key": key } });

/** Each route that takes a key: its path, a body, and the status of its success. */
const routes: { name: string; target: () => Promise<{ path: string; body?: () => unknown; status: number }> }[] = [
  { name: "org create", target: async () => ({ path: "/api/orgs", body: () => ({ name: "Keyed Workspace" }), status: 201 }) },
  { name: "project create", target: async () => ({ path: `/api/orgs/${orgId}/projects`, body: () => ({ name: "Keyed Project" }), status: 201 }) },
  {
    name: "org invitation create",
    target: async () => {
      const email = fresh();
      return { path: `/api/orgs/${orgId}/invitations`, body: () => ({ email, role: "member" }), status: 201 };
    },
  },
  {
    name: "project invitation create",
    target: async () => {
      const email = fresh();
      return { path: `/api/orgs/${orgId}/projects/${projectId}/invitations`, body: () => ({ email, role: "member" }), status: 201 };
    },
  },
  {
    name: "org invitation resend",
    target: async () => {
      const inv = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body: { email: fresh(), role: "member" } });
      return { path: `/api/orgs/${orgId}/invitations/${inv.body.id}/resend`, status: 200 };
    },
  },
  {
    name: "project invitation resend",
    target: async () => {
      const inv = await app.request("POST", `/api/orgs/${orgId}/projects/${projectId}/invitations`, { as: owner, body: { email: fresh(), role: "member" } });
      return { path: `/api/orgs/${orgId}/projects/${projectId}/invitations/${inv.body.id}/resend`, status: 200 };
    },
  },
];

describe("Idempotency-Key", () => {
  for (const route of routes) {
    it(`${route.name}: a retry with the same key gets the first answer and writes nothing`, async () => {
      const { path, body, status } = await route.target();
      const key = crypto.randomUUID();
      const first = await post(path, key, body?.());
      expect(first.status, JSON.stringify(first.body)).toBe(status);
      expect(first.headers.get("idempotent-replayed")).toBeNull();
      const after = await domainState(app);

      const again = await post(path, key, body?.());
      expect(again.status).toBe(status);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(await domainState(app)).toBe(after);

      // Without the key, the same request is a new one.
      const unkeyed = await app.request("POST", path, { as: owner, body: body?.() });
      expect(unkeyed.status).toBe(status);
      expect(await domainState(app)).not.toBe(after);
    });

    it(`${route.name}: the same key with another request is refused and writes nothing`, async () => {
      const { path, body, status } = await route.target();
      const key = crypto.randomUUID();
      expect((await post(path, key, body?.())).status).toBe(status);
      const before = await domainState(app);
      const other = await post(path, key, { ...(body?.() as object), name: "Another name", email: fresh() });
      expect(other.status).toBe(422);
      expect(other.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
      expect(await domainState(app)).toBe(before);
    });
  }

  it("two requests racing with one key create one project, and both get its answer", async () => {
    const key = crypto.randomUUID();
    const count = async () => (await app.db.select().from(projects).where(eq(projects.orgId, orgId))).length;
    const before = await count();
    const [a, b] = await Promise.all([post(`/api/orgs/${orgId}/projects`, key, { name: "Raced" }), post(`/api/orgs/${orgId}/projects`, key, { name: "Raced" })]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body).toEqual(b.body);
    expect(await count()).toBe(before + 1);
  });

  it("a key belongs to its caller: another person's request with the same key is their own", async () => {
    const key = crypto.randomUUID();
    const mine = await post("/api/orgs", key, { name: "Mine" });
    const someone = await app.createUser();
    const theirs = await post("/api/orgs", key, { name: "Mine" }, someone);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it("a malformed key is a 400 and writes nothing", async () => {
    const before = await domainState(app);
    for (const key of ["", " ", "x".repeat(256), "clé", "a b"]) {
      const res = await post(`/api/orgs/${orgId}/projects`, key, { name: "Bad key" });
      expect(res.status, JSON.stringify(key)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
    }
    expect(await domainState(app)).toBe(before);
  });

  it("routes that name what they change ignore the header", async () => {
    const key = crypto.randomUUID();
    const res = await app.request("PATCH", `/api/orgs/${orgId}/projects/${projectId}`, { as: owner, body: { name: "Renamed once" }, headers: { "idempotency-key": key } });
    expect(res.status).toBe(200);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
  });
});
