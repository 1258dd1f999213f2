/**
 * D1 read replication through the Sessions API (issue 12, src/server/d1-session.ts), with D1_SESSIONS=1 as in
 * production: every request opens a D1 session from the browser's bookmark cookie, and the answer carries the newest
 * bookmark back, so the next request never reads from a replica older than the person's own last write. The local D1
 * has no replicas, so this proves the bookmark's path (the session each request is opened with, the cookie it
 * answers with, a write moving it on), which is what read-your-writes rests on; D1 keeps the promise behind it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type ApiResponse, type TestApp, type TestUser } from "./harness";
import { makeOrg } from "./org-fixtures";

let app: TestApp;
let owner: TestUser;
let orgId: string;
/** The constraint or bookmark each D1 session was opened with, in order. */
const opened: string[] = [];

beforeAll(async () => {
  app = await createTestApp(
    { D1_SESSIONS: "1" },
    {
      wrapD1: (d1) =>
        new Proxy(d1, {
          get(target, key) {
            const value = Reflect.get(target, key, target);
            if (key === "withSession") {
              return (constraint: string) => {
                opened.push(constraint);
                return value.call(target, constraint);
              };
            }
            return typeof value === "function" ? value.bind(target) : value;
          },
        }),
    },
  );
  ({ owner, orgId } = await makeOrg(app, "Replica Lab"));
});

afterAll(async () => {
  await app?.close();
});

const bookmarkOf = (res: ApiResponse) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith("corates_d1_bookmark="))
    ?.split(";")[0]!
    .slice("corates_d1_bookmark=".length);

const withBookmark = (bookmark: string | undefined) => (bookmark ? `${owner.cookie}; corates_d1_bookmark=${bookmark}` : owner.cookie);

describe("D1 sessions with a bookmark per browser", () => {
  it("a first request starts anywhere and answers with its bookmark, HttpOnly", async () => {
    opened.length = 0;
    const res = await app.request("GET", "/api/me", { as: owner.cookie });
    expect(res.status).toBe(200);
    expect(opened).toEqual(["first-unconstrained"]);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("corates_d1_bookmark="));
    expect(cookie).toMatch(/; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    expect(bookmarkOf(res)).toMatch(/^[0-9a-f-]+$/);
  });

  it("a write moves the bookmark on, and the next read starts from it and sees the write", async () => {
    const first = bookmarkOf(await app.request("GET", "/api/me", { as: owner.cookie }))!;
    opened.length = 0;
    const created = await app.request("POST", `/api/orgs/${orgId}/projects`, { as: withBookmark(first), body: { name: "Read your writes" } });
    expect(created.status).toBe(201);
    expect(opened).toEqual([first]);
    const after = bookmarkOf(created)!;
    expect(after).toBeDefined();
    // Bookmarks order as strings: the write's is later.
    expect(after > first).toBe(true);

    opened.length = 0;
    const list = await app.request("GET", `/api/orgs/${orgId}/projects?q=Read`, { as: withBookmark(after) });
    expect(opened).toEqual([after]);
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(created.body.id);
  });

  it("a bookmark never goes back: what a request answers with is no older than what it started from", async () => {
    const now = bookmarkOf(await app.request("GET", "/api/me", { as: owner.cookie }))!;
    const again = await app.request("GET", "/api/me", { as: withBookmark(now) });
    expect(again.status).toBe(200);
    // Unchanged (no cookie sent) or later.
    const next = bookmarkOf(again);
    if (next !== undefined) expect(next > now).toBe(true);
  });

  it("a malformed or foreign bookmark is never passed to D1: the request starts afresh", async () => {
    for (const junk of ["x;y", "not-a-bookmark!", "%00", "a".repeat(2000), "0000-zz"]) {
      opened.length = 0;
      const res = await app.request("GET", "/api/me", { as: `${owner.cookie}; corates_d1_bookmark=${junk}` });
      expect(res.status, junk).toBe(200);
      expect(opened, junk).toEqual(["first-unconstrained"]);
    }
  });
});
