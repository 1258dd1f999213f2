/**
 * The site admin's column of the authorization matrix: the admin routes of tests/authz-matrix-admin.ts called by a site
 * admin (a person in no workspace) on the matrix's world, through the real API handler on a real D1. A refused call must
 * change no row; an allowed one is undone before the next cell (WorldGuard). The nine other subjects' 404s are run by
 * tests/authz-matrix.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session, user } from "~/db/schema";
import { adminApiEntries, siteAdminCells } from "./authz-matrix-admin";
import { buildWorld, fillBody, fillPath, resolveIds, splitRoute, WorldGuard, type World } from "./authz-world";
import { createTestApp, TEST_SECRET, type TestApp } from "./harness";

let app: TestApp;
let world: World;
let guard: WorldGuard;
let adminId: string;
let cookie: string;

async function signCookie(value: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(TEST_SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(value));
  return encodeURIComponent(`${value}.${btoa(String.fromCharCode(...new Uint8Array(sig)))}`);
}

beforeAll(async () => {
  app = await createTestApp();
  world = await buildWorld(app);
  // The admin as sign-in leaves them (role set by the gate from ADMIN_EMAILS), written directly like the world.
  adminId = crypto.randomUUID();
  const token = crypto.randomUUID().replace(/-/g, "");
  await app.db.batch([
    app.db.insert(user).values({ id: adminId, name: "Site Admin", email: "site-admin@example.test", emailVerified: true, role: "admin" }),
    app.db.insert(session).values({ id: crypto.randomUUID(), token, userId: adminId, expiresAt: new Date(Date.now() + 30 * 86_400_000) }),
  ]);
  cookie = `better-auth.session_token=${await signCookie(token)}`;
  guard = await WorldGuard.start(app);
});
afterAll(() => app?.close());

describe("a site admin on the admin routes", () => {
  it("has a column for every admin route", () => {
    expect(Object.keys(siteAdminCells).sort()).toEqual(adminApiEntries.map((e) => e.route).sort());
  });

  for (const entry of adminApiEntries) {
    it(entry.route, async () => {
      const problems: string[] = [];
      const { method, path } = splitRoute(entry.route);
      for (const [row, status] of siteAdminCells[entry.route]!) {
        const ids = resolveIds(world, row as never, "noOrg", path);
        if (row === "self") ids.userId = adminId;
        const res = await app.request(method, fillPath(path, ids), { as: cookie, body: fillBody(entry.rows[row]?.body as Record<string, unknown> | undefined, ids) });
        const changed = await guard.changes();
        if (res.status !== status) problems.push(`[${row}] expected ${status}, got ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`);
        if (res.status >= 400 && changed.length) problems.push(`[${row}] refused but changed ${changed.join(", ")}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
