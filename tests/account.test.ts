import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session } from "~/db/schema";
import { revokeOwnSession } from "~/server/domain/account";
import { getAccountPage } from "~/server/pages/account";
import { AppError } from "~/server/errors";
import { getSession } from "~/server/session";
import { createTestApp, type TestApp, type TestUser } from "./harness";

let app: TestApp;
beforeAll(async () => (app = await createTestApp()));
afterAll(() => app.close());

async function current(u: TestUser) {
  const s = await app.run((ctx) => getSession(ctx, new Headers({ cookie: u.cookie })));
  if (!s) throw new Error("no session");
  return s;
}

async function secondSession(u: TestUser): Promise<string> {
  const id = crypto.randomUUID();
  await app.db.insert(session).values({ id, token: crypto.randomUUID(), userId: u.id, expiresAt: new Date(Date.now() + 86_400_000), userAgent: "Other browser" });
  return id;
}

describe("account sessions", () => {
  it("lists only the caller's live sessions, this one first", async () => {
    const u = await app.createUser();
    const other = await app.createUser();
    await secondSession(u);
    await secondSession(other);
    const page = await app.run(async (ctx) => getAccountPage(ctx, await current(u)));
    expect(page.sessions).toHaveLength(2);
    expect(page.sessions[0]!.current).toBe(true);
    expect(page.sessions[0]!.id).toBe(u.sessionId);
    expect(page.hasPassword).toBe(false);
  });

  it("revokes another of the caller's sessions, never someone else's or the current one", async () => {
    const u = await app.createUser();
    const mallory = await app.createUser();
    const mine = await secondSession(u);
    const theirs = await secondSession(mallory);
    const headers = new Headers({ cookie: u.cookie, origin: app.bindings.APP_URL! });

    const refused = await app.run((ctx) => revokeOwnSession(ctx, headers, theirs)).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused.code).toBe("NOT_FOUND");
    expect(await app.db.select().from(session).where(eq(session.id, theirs))).toHaveLength(1);

    const self = await app.run((ctx) => revokeOwnSession(ctx, headers, u.sessionId)).catch((e) => e);
    expect(self.code).toBe("VALIDATION_FAILED");

    expect(await app.run((ctx) => revokeOwnSession(ctx, headers, mine))).toEqual({ revoked: mine });
    expect(await app.db.select().from(session).where(eq(session.id, mine))).toHaveLength(0);
    expect(await app.db.select().from(session).where(eq(session.id, u.sessionId))).toHaveLength(1);
  });
});

describe("revokeOwnSession's refusals carry their own codes (the action passes them on, never INTERNAL)", () => {
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => "ok",
      (e) => (e instanceof AppError ? e.code : `not an AppError: ${String(e)}`),
    );

  it("AUTH_REQUIRED signed out, VALIDATION_FAILED for a malformed id, NOT_FOUND for unknown or someone else's", async () => {
    const u = await app.createUser();
    const other = await app.createUser();
    const theirs = await secondSession(other);
    const mine = await secondSession(u);
    const headers = new Headers({ cookie: u.cookie, origin: app.bindings.APP_URL! });
    const signedOut = new Headers({ origin: app.bindings.APP_URL! });
    const revoke = (id: unknown, h = headers) => codeOf(app.run((ctx) => revokeOwnSession(ctx, h, id)));

    expect(await revoke(mine, signedOut)).toBe("AUTH_REQUIRED");
    // Signed out comes first, whatever the id.
    expect(await revoke(42, signedOut)).toBe("AUTH_REQUIRED");
    for (const malformed of ["", "x".repeat(500), 42, null, { id: mine }]) expect(await revoke(malformed), JSON.stringify(malformed)).toBe("VALIDATION_FAILED");
    expect(await revoke(crypto.randomUUID())).toBe("NOT_FOUND");
    expect(await revoke(theirs)).toBe("NOT_FOUND");
    expect(await revoke(u.sessionId)).toBe("VALIDATION_FAILED");

    expect(await app.db.select().from(session).where(eq(session.id, theirs))).toHaveLength(1);
    expect(await app.db.select().from(session).where(eq(session.id, mine))).toHaveLength(1);
    expect(await revoke(mine)).toBe("ok");
    expect(await app.db.select().from(session).where(eq(session.id, mine))).toHaveLength(0);
  });
});
