/**
 * Live membership (issue 13) inside workerd: who may open a workspace's socket, what each write tells the open
 * sockets (one "changed" per change per socket, nothing about anything else), and that removal, a deleted workspace
 * or a revoked session ends the person's sockets at once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LIVE_CLOSE } from "~/lib/live-protocol";
import { createTestApp, type TestApp } from "./harness";
import { revokeOwnSession } from "~/server/domain/account";
import { LIVE, anotherSession, handshake, listen } from "./live-sockets";
import { addMember, addProject, makeOrg, type OrgFixture } from "./org-fixtures";

let app: TestApp;
let org: OrgFixture;

beforeEach(async () => {
  app = await createTestApp({ LIVE });
  org = await makeOrg(app, "Live Lab");
});
afterEach(() => app.close());

const sockets = async (orgId: string) => LIVE.get(LIVE.idFromName(orgId)).openSockets();

describe("connecting", () => {
  it("lets a member in and refuses everyone else", async () => {
    const other = await makeOrg(app, "Other Lab");
    expect((await handshake(app, org.member, org.orgId)).status).toBe(101);
    const refusals = [
      [await handshake(app, null, org.orgId), 401, "AUTH_REQUIRED"],
      // A member of another workspace, with this workspace's id: as if it did not exist.
      [await handshake(app, other.owner, org.orgId), 404, "NOT_FOUND"],
      [await handshake(app, org.member, other.orgId), 404, "NOT_FOUND"],
      [await handshake(app, org.member, crypto.randomUUID()), 404, "NOT_FOUND"],
      // A cross-site page, or a client that sends no Origin at all.
      [await handshake(app, org.member, org.orgId, "https://evil.example"), 403, "CSRF_REJECTED"],
      [await handshake(app, org.member, org.orgId, null), 403, "CSRF_REJECTED"],
    ] as const;
    for (const [res, status, code] of refusals) {
      expect(res.status).toBe(status);
      expect(res.webSocket).toBeNull();
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    // Only the member's socket reached the object; nothing reached the other workspace's.
    expect(await sockets(org.orgId)).toEqual({ [org.member.id]: 1 });
    expect(await sockets(other.orgId)).toEqual({});
  });
});

describe("changes", () => {
  it("tells every open socket of the workspace once per change, and no other workspace", async () => {
    const other = await makeOrg(app, "Quiet Lab");
    const tabs = [await listen(app, org.member, org.orgId), await listen(app, org.member, org.orgId), await listen(app, org.owner, org.orgId)];
    const elsewhere = await listen(app, other.member, other.orgId);

    const renamed = await app.request("PATCH", `/api/orgs/${org.orgId}`, { as: org.admin, body: { name: "Live Lab Two" } });
    expect(renamed.status).toBe(200);
    const project = await app.request("POST", `/api/orgs/${org.orgId}/projects`, { as: org.admin, body: { name: "Statins" } });
    expect(project.status).toBe(201);
    const added = await app.request("POST", `/api/orgs/${org.orgId}/projects/${project.body.id}/members`, { as: org.admin, body: { userId: org.member.id, role: "member" } });
    expect(added.status).toBe(201);

    for (const tab of [...tabs, elsewhere]) await tab.drained();
    for (const tab of tabs) expect(tab.messages).toEqual(["changed", "changed", "changed"]);
    expect(elsewhere.messages).toEqual([]);
  });

  it("tells nobody about a refused write, a replayed retry or switching workspace", async () => {
    const tab = await listen(app, org.owner, org.orgId);
    expect((await app.request("PATCH", `/api/orgs/${org.orgId}`, { as: org.member, body: { name: "Mine now" } })).status).toBe(403);
    const headers = { "idempotency-key": "live-once" };
    expect((await app.request("POST", `/api/orgs/${org.orgId}/projects`, { as: org.admin, body: { name: "Once" }, headers })).status).toBe(201);
    const again = await app.request("POST", `/api/orgs/${org.orgId}/projects`, { as: org.admin, body: { name: "Once" }, headers });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await app.request("POST", `/api/orgs/${org.orgId}/active`, { as: org.member })).status).toBeLessThan(300);
    await tab.drained();
    expect(tab.messages).toEqual(["changed"]);
  });

  it("tells the inviter's open page when an invitation is accepted", async () => {
    const inviter = await listen(app, org.admin, org.orgId);
    const invitee = await app.createUser({ email: "ines@example.com", name: "Ines Invitee" });
    const sent = await app.request("POST", `/api/orgs/${org.orgId}/invitations`, { as: org.admin, body: { email: invitee.email, role: "member" } });
    expect(sent.status).toBe(201);
    await inviter.drained();
    expect(inviter.messages).toEqual(["changed"]);
    const token = await invitationToken(invitee.email);
    expect((await app.request("POST", `/api/invitations/${token}/accept`, { as: invitee })).status).toBe(200);
    await inviter.drained();
    expect(inviter.messages).toEqual(["changed", "changed"]);
  });
});

describe("ending", () => {
  it("ends a removed member's sockets at once and only theirs", async () => {
    await addProject(app, org.orgId, org.owner.id, [[org.owner.id, "owner"], [org.member.id, "member"]]);
    const removedTabs = [await listen(app, org.member, org.orgId), await listen(app, org.member, org.orgId)];
    const stays = await listen(app, org.admin, org.orgId);
    expect((await app.request("DELETE", `/api/orgs/${org.orgId}/members/${org.member.id}`, { as: org.admin })).status).toBe(204);
    await vi.waitFor(() => expect(removedTabs.map((t) => t.closed)).toEqual([LIVE_CLOSE.removed, LIVE_CLOSE.removed]));
    await stays.drained();
    expect(stays.messages).toEqual(["changed"]);
    expect(stays.closed).toBeNull();
    for (const t of removedTabs) expect(t.messages).toEqual([]);
    expect(await sockets(org.orgId)).toEqual({ [org.admin.id]: 1 });
    // And they cannot come back in.
    expect((await handshake(app, org.member, org.orgId)).status).toBe(404);
  });

  it("ends the sockets of someone who leaves, and everyone's when the workspace is deleted", async () => {
    const leaver = await addMember(app, org.orgId, "member", "Lee Leaver");
    const leaving = await listen(app, leaver, org.orgId);
    expect((await app.request("DELETE", `/api/orgs/${org.orgId}/members/${leaver.id}`, { as: leaver })).status).toBe(204);
    await vi.waitFor(() => expect(leaving.closed).toBe(LIVE_CLOSE.removed));

    const tabs = [await listen(app, org.owner, org.orgId), await listen(app, org.member, org.orgId)];
    const del = await app.request("DELETE", `/api/orgs/${org.orgId}`, { as: org.owner });
    expect(del.status).toBe(204);
    await vi.waitFor(() => expect(tabs.map((t) => t.closed)).toEqual([LIVE_CLOSE.workspaceGone, LIVE_CLOSE.workspaceGone]));
  });
});

describe("signing out elsewhere", () => {
  it("ends the sockets of a session revoked from the account page, and only that session's", async () => {
    const elsewhere = await anotherSession(app, org.member);
    const here = await listen(app, org.member, org.orgId);
    const there = await listen(app, elsewhere, org.orgId);
    const headers = new Headers({ cookie: org.member.cookie });
    expect(await app.run((ctx) => revokeOwnSession(ctx, headers, elsewhere.sessionId))).toEqual({ revoked: elsewhere.sessionId });
    await vi.waitFor(() => expect(there.closed).toBe(LIVE_CLOSE.signedOut));
    await here.drained();
    expect(here.closed).toBeNull();
    expect(await sockets(org.orgId)).toEqual({ [org.member.id]: 1 });
    expect((await handshake(app, elsewhere, org.orgId)).status).toBe(401);
  });
});

async function invitationToken(email: string): Promise<string> {
  const res = await app.request("GET", `/api/dev/emails?to=${encodeURIComponent(email)}`);
  const link = /https?:\/\/\S+/.exec(res.body.items[0].text)![0];
  return new URL(link).pathname.split("/").pop()!;
}
