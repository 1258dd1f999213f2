/**
 * Unlinking sign-in methods under a race: two requests at once, each removing one of a person's last two methods,
 * must never leave the person with none. Real concurrent requests to Better Auth's /unlink-account on a real D1.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { account } from "~/db/schema";
import { createTestApp, type TestApp, type TestUser } from "./harness";

let app: TestApp;
beforeAll(async () => (app = await createTestApp()));
afterAll(() => app.close());

/** Two provider accounts for `u`, written directly (linking itself is tested in social-accounts.test.ts). */
async function twoMethods(u: TestUser): Promise<[string, string]> {
  const ids: [string, string] = [crypto.randomUUID(), crypto.randomUUID()];
  await app.db.insert(account).values([
    { id: ids[0], accountId: `orcid-${u.id}`, providerId: "orcid", userId: u.id },
    { id: ids[1], accountId: `google-${u.id}`, providerId: "google", userId: u.id },
  ]);
  return ids;
}

describe("unlinking at the same time", () => {
  it("two concurrent unlinks of the last two methods leave one, and the other request is refused", async () => {
    for (let round = 0; round < 6; round++) {
      const u = await app.createUser({ email: `race-${round}-${crypto.randomUUID().slice(0, 6)}@example.org` });
      const [a, b] = await twoMethods(u);
      const answers = await Promise.all([a, b].map((accountId) => app.request("POST", "/api/auth/unlink-account", { as: u, body: { accountId } })));
      const left = await app.db.select({ id: account.id }).from(account).where(eq(account.userId, u.id));
      expect(left, `round ${round}: ${answers.map((r) => r.status).join(", ")}`).toHaveLength(1);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 400]);
      expect(answers.find((r) => r.status === 400)!.body.code).toBe("FAILED_TO_UNLINK_LAST_ACCOUNT");
    }
  });

  it("one after the other, the second is refused too", async () => {
    const u = await app.createUser({ email: "race-serial@example.org" });
    const [a, b] = await twoMethods(u);
    expect((await app.request("POST", "/api/auth/unlink-account", { as: u, body: { accountId: a } })).status).toBe(200);
    const second = await app.request("POST", "/api/auth/unlink-account", { as: u, body: { accountId: b } });
    expect(second.status).toBe(400);
    expect(await app.db.select().from(account).where(eq(account.userId, u.id))).toHaveLength(1);
  });
});
