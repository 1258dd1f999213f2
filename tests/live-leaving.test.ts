/**
 * Live updates when someone leaves the site rather than a workspace: a ban ends every session (and so every socket) of
 * the banned person; deleting one's account ends theirs, and the workspaces they shared hear that a member went; a
 * session Better Auth ends (sign-out, signing the others out) loses its sockets.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { user } from "~/db/schema";
import { LIVE_CLOSE } from "~/lib/live-protocol";
import { createTestApp, type TestApp } from "./harness";
import { LIVE, anotherSession, listen } from "./live-sockets";
import { addMember, makeOrg, type OrgFixture } from "./org-fixtures";

let app: TestApp;
let org: OrgFixture;

beforeEach(async () => {
  app = await createTestApp({ LIVE });
  org = await makeOrg(app, "Live Lab");
});
afterEach(() => app.close());

describe("leaving the site", () => {
  it("a ban ends every socket of the banned person at once", async () => {
    const siteAdmin = await app.createUser({ name: "Sam Site" });
    await app.db.update(user).set({ role: "admin" }).where(eq(user.id, siteAdmin.id));
    const tabs = [await listen(app, org.member, org.orgId), await listen(app, await anotherSession(app, org.member), org.orgId)];
    const stays = await listen(app, org.admin, org.orgId);
    expect((await app.request("POST", `/api/admin/users/${org.member.id}/ban`, { as: siteAdmin, body: { reason: "Spam" } })).status).toBe(200);
    await vi.waitFor(() => expect(tabs.map((t) => t.closed)).toEqual([LIVE_CLOSE.signedOut, LIVE_CLOSE.signedOut]));
    expect(stays.closed).toBeNull();
  });

  it("deleting one's account ends their sockets, and the workspace they shared hears a member gone", async () => {
    const leaver = await addMember(app, org.orgId, "member", "Dee Deleted");
    const theirs = await listen(app, leaver, org.orgId);
    const stays = await listen(app, org.admin, org.orgId);
    expect((await app.request("DELETE", "/api/me", { as: leaver, body: { confirmEmail: leaver.email } })).status).toBe(204);
    await vi.waitFor(() => expect(theirs.closed).toBe(LIVE_CLOSE.removed));
    await vi.waitFor(() => expect(stays.messages).toEqual(["changed"]));
    expect(stays.closed).toBeNull();
  });

  it("signing out through Better Auth ends that session's sockets, and only that session's", async () => {
    const elsewhere = await anotherSession(app, org.member);
    const here = await listen(app, org.member, org.orgId);
    const there = await listen(app, elsewhere, org.orgId);
    expect((await app.request("POST", "/api/auth/sign-out", { as: elsewhere, body: {} })).status).toBe(200);
    await vi.waitFor(() => expect(there.closed).toBe(LIVE_CLOSE.signedOut));
    await here.drained();
    expect(here.closed).toBeNull();
  });

  it("signing the other sessions out ends their sockets and keeps this one's", async () => {
    const others = [await anotherSession(app, org.member), await anotherSession(app, org.member)];
    const here = await listen(app, org.member, org.orgId);
    const there = await Promise.all(others.map((o) => listen(app, o, org.orgId)));
    expect((await app.request("POST", "/api/auth/revoke-other-sessions", { as: org.member, body: {} })).status).toBe(200);
    await vi.waitFor(() => expect(there.map((t) => t.closed)).toEqual([LIVE_CLOSE.signedOut, LIVE_CLOSE.signedOut]));
    await here.drained();
    expect(here.closed).toBeNull();
  });
});
