import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./harness";

let app: TestApp;
beforeAll(async () => (app = await createTestApp()));
afterAll(() => app.close());

describe("harness", () => {
  it("a direct session is accepted by Better Auth", async () => {
    const u = await app.createUser({ name: "Ann" });
    const res = await app.request("GET", "/api/me", { as: u });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: u.id, email: u.email, name: "Ann", emailVerified: true });
  });
});
