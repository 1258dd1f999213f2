/**
 * DELETE /api/me on the built Worker (the deployed bundle, not the sources): with a password (Better Auth's scrypt as
 * bundled) and without one, through the same door a browser uses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_URL, BUILT_WORKER, createTestApp, type TestApp } from "../harness";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({}, { worker: BUILT_WORKER });
});
afterAll(() => app.close());

const remove = (cookie: string, body: unknown) =>
  app.fetchWorker("/api/me", { method: "DELETE", headers: { cookie, origin: APP_URL, "content-type": "application/json" }, body: JSON.stringify(body) });

describe("DELETE /api/me, built", () => {
  it("deletes a person without a password who signed in just now", async () => {
    const u = await app.createUser({ name: "Built Leaver" });
    const res = await remove(u.cookie, { confirmEmail: u.email });
    expect(res.status).toBe(204);
    expect((await app.request("GET", "/api/me", { as: u })).status).toBe(401);
  });

  it("checks the password with the bundled hashing, then deletes", async () => {
    const u = await app.signInWithPassword();
    const wrong = await remove(u.cookie, { confirmEmail: u.email, password: "not it at all" });
    expect(wrong.status).toBe(400);
    const res = await remove(u.cookie, { confirmEmail: u.email, password: "correct horse battery" });
    expect(res.status).toBe(204);
  });
});
