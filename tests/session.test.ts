import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session } from "~/db/schema";
import { getSessionWithOrgs, SESSION_EXPIRES_IN_S } from "~/server/session";
import { createTestApp, type TestApp } from "./harness";

let app: TestApp;
beforeAll(async () => (app = await createTestApp({ D1_METRICS: "1" })));
afterAll(() => app.close());

describe("session resolution", () => {
  it("accepts a signed cookie and refuses a tampered one", async () => {
    const u = await app.createUser();
    expect((await app.request("GET", "/api/me", { as: u })).status).toBe(200);
    const [name, value] = u.cookie.split("=");
    const decoded = decodeURIComponent(value!);
    const tampered = `${name}=${encodeURIComponent(`x${decoded.slice(1)}`)}`;
    expect((await app.request("GET", "/api/me", { as: tampered })).status).toBe(401);
    const unsigned = `${name}=${decoded.split(".")[0]}`;
    expect((await app.request("GET", "/api/me", { as: unsigned })).status).toBe(401);
    expect((await app.request("GET", "/api/me", { as: `${name}=%E0%A4%A` })).status).toBe(401);
  });

  it("refuses an expired session and a revoked one at once", async () => {
    const u = await app.createUser();
    await app.db.update(session).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(session.id, u.sessionId));
    expect((await app.request("GET", "/api/me", { as: u })).status).toBe(401);
    const v = await app.createUser();
    await app.db.delete(session).where(eq(session.id, v.sessionId));
    expect((await app.request("GET", "/api/orgs", { as: v })).status).toBe(401);
  });

  it("extends a session used after a day and re-issues its cookie; a fresh one is left alone", async () => {
    const u = await app.createUser();
    const fullLifetime = new Date(Date.now() + SESSION_EXPIRES_IN_S * 1000);
    await app.db.update(session).set({ expiresAt: fullLifetime }).where(eq(session.id, u.sessionId));
    const fresh = await app.request("GET", "/api/me", { as: u });
    expect(fresh.headers.get("set-cookie")).toBeNull();

    const twoDaysIn = new Date(Date.now() + (SESSION_EXPIRES_IN_S - 2 * 86_400) * 1000);
    await app.db.update(session).set({ expiresAt: twoDaysIn }).where(eq(session.id, u.sessionId));
    const res = await app.request("GET", "/api/me", { as: u });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/^better-auth\.session_token=[^;]+; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax/);
    const [row] = await app.db.select().from(session).where(eq(session.id, u.sessionId));
    expect(row!.expiresAt.getTime()).toBeGreaterThan(Date.now() + (SESSION_EXPIRES_IN_S - 60) * 1000);
  });

  it("an authenticated read costs one D1 round trip (session, membership and data in one batch)", async () => {
    const u = await app.createUser();
    const org = (await app.request("POST", "/api/orgs", { as: u, body: { name: "Budget Lab" } })).body;
    const project = (await app.request("POST", `/api/orgs/${org.id}/projects`, { as: u, body: { name: "Counted" } })).body;
    const reads = [
      "/api/me",
      "/api/orgs",
      `/api/orgs/${org.id}`,
      `/api/orgs/${org.id}/members`,
      `/api/orgs/${org.id}/projects`,
      `/api/orgs/${org.id}/projects/${project.id}`,
      `/api/orgs/${org.id}/projects/${project.id}/members`,
      `/api/orgs/${org.id}/activity`,
    ];
    for (const path of reads) {
      const before = Number((await app.request("GET", "/api/me", { as: u })).headers.get("x-d1-round-trips"));
      const res = await app.request("GET", path, { as: u });
      expect(res.status, path).toBe(200);
      const trips = Number(res.headers.get("x-d1-round-trips")) - before;
      expect(trips, path).toBe(1);
    }
  });

  it("refuses signed-out reads without a round trip, and outsiders after one", async () => {
    const u = await app.createUser();
    const outsider = await app.createUser();
    const org = (await app.request("POST", "/api/orgs", { as: u, body: { name: "Closed Lab" } })).body;
    // The outsider's first request extends their new session (a background write): made here, before counting.
    await app.request("GET", "/api/me", { as: outsider });
    const before = Number((await app.request("GET", "/api/me", { as: u })).headers.get("x-d1-round-trips"));
    const anon = await app.request("GET", `/api/orgs/${org.id}/members`);
    expect(anon.status).toBe(401);
    expect(Number(anon.headers.get("x-d1-round-trips")) - before).toBe(0);
    const other = await app.request("GET", `/api/orgs/${org.id}/members`, { as: outsider });
    expect(other.status).toBe(404);
    expect(Number(other.headers.get("x-d1-round-trips")) - before).toBe(1);
  });

  it("reads the session and the person's workspaces in one round trip", async () => {
    const u = await app.createUser({ name: "Orla" });
    const other = await app.createUser();
    await app.request("POST", "/api/orgs", { as: u, body: { name: "Zeta Lab" } });
    await app.request("POST", "/api/orgs", { as: u, body: { name: "alpha group" } });
    await app.request("POST", "/api/orgs", { as: other, body: { name: "Not Orla's" } });
    const headers = new Headers({ cookie: u.cookie });
    const before = app.ctx.db; // same context the API used
    const found = await app.run((ctx) => getSessionWithOrgs(ctx, headers));
    expect(before).toBe(app.ctx.db);
    expect(found?.session.user.id).toBe(u.id);
    expect(found?.orgs.map((o) => [o.name, o.role])).toEqual([
      ["alpha group", "owner"],
      ["Zeta Lab", "owner"],
    ]);
    await app.db.update(session).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(session.id, u.sessionId));
    expect(await app.run((ctx) => getSessionWithOrgs(ctx, headers))).toBeNull();
  });
});
