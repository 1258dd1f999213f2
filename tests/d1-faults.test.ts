/**
 * Fault injection on real D1 (issue 12). Each write route of the API is sent once per fault: D1 fails the request's
 * read batch or its write batch with an error, a timeout, or a lost answer (the write batch committed, the answer
 * never came). Every time:
 *   - the answer is the documented shape: 500 INTERNAL for an error, 503 UNAVAILABLE with Retry-After for a timeout or
 *     a lost answer, never D1's or SQLite's words;
 *   - the write took full effect or none: nothing changed unless the write batch committed (lost answer), and then
 *     every row of it is there, with the invariants holding;
 *   - no email exists for a write that did not happen;
 *   - retrying after a lost answer does not apply the write twice: a route that names what it changes (rename, role,
 *     removal, cancel, accept…) by itself, a create or a resend by its Idempotency-Key.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { member, user } from "~/db/schema";
import { domainState } from "./db-state";
import { faultyD1 } from "./faulty-d1.mjs";
import { createTestApp, lastEmail, type ApiResponse, type TestApp, type TestUser } from "./harness";
import { checkInvariants } from "./invariants";
import { addProject, makeOrg } from "./org-fixtures";

let app: TestApp;
let faults: ReturnType<typeof faultyD1>["faults"];

interface Call {
  method: string;
  path: string;
  as: TestUser;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A fresh Idempotency-Key, as a client sends with a create it may have to retry. */
const keyed = () => ({ "idempotency-key": crypto.randomUUID() });

/**
 * The routes, each with a world of its own. `retry` is what a retry after a lost answer may answer: the same success,
 * or the refusal that says it is already done; it must change nothing more. Routes that create (or resend, which
 * issues a new link) would apply twice on a blind retry: they are sent with an Idempotency-Key, and their retry must
 * be the first answer replayed.
 */
const routes: { name: string; make: () => Promise<Call>; retry: number[] }[] = [
  {
    // A lost answer leaves the person deleted: the retry finds no session.
    name: "account deletion",
    make: async () => {
      const { orgId } = await makeOrg(app, "Fault Leaving");
      const leaver = await joined(orgId, "member");
      return { method: "DELETE", path: "/api/me", as: leaver, body: { confirmEmail: leaver.email } };
    },
    retry: [401],
  },
  {
    // One batch writes the profile and "<name>'s workspace" with its owner: all or none. A retry after a lost answer
    // finds the step done and the workspace there, and creates no second one.
    name: "first-run step (with its personal workspace)",
    make: async () => {
      const newcomer = await app.createUser({ profile: false });
      return { method: "POST", path: "/api/me/profile", as: newcomer, body: { name: "Fault Newcomer", persona: "researcher" } };
    },
    retry: [200],
  },
  {
    // The ban and the end of every session of the person are one batch. A retry bans again, changing nothing more.
    name: "site admin ban",
    make: async () => {
      const { orgId } = await makeOrg(app, "Fault Ban");
      const target = await joined(orgId, "member");
      const siteAdmin = await app.createUser();
      await app.db.update(user).set({ role: "admin" }).where(eq(user.id, siteAdmin.id));
      return { method: "POST", path: `/api/admin/users/${target.id}/ban`, as: siteAdmin, body: { reason: "Fault test" } };
    },
    retry: [200],
  },
  {
    name: "org rename",
    make: async () => {
      const { orgId, owner } = await makeOrg(app, "Fault Lab");
      return { method: "PATCH", path: `/api/orgs/${orgId}`, as: owner, body: { name: "Fault Lab renamed" } };
    },
    retry: [200],
  },
  {
    name: "member role change",
    make: async () => {
      const { orgId, owner } = await makeOrg(app, "Fault Roles");
      const plain = await joined(orgId, "member");
      return { method: "PATCH", path: `/api/orgs/${orgId}/members/${plain.id}`, as: owner, body: { role: "admin" } };
    },
    retry: [200],
  },
  {
    name: "member removal",
    make: async () => {
      const { orgId, owner } = await makeOrg(app, "Fault Removal");
      const plain = await joined(orgId, "member");
      return { method: "DELETE", path: `/api/orgs/${orgId}/members/${plain.id}`, as: owner };
    },
    retry: [404],
  },
  {
    name: "project create",
    make: async () => {
      const { orgId, owner } = await makeOrg(app, "Fault Projects");
      return { method: "POST", path: `/api/orgs/${orgId}/projects`, as: owner, body: { name: "Appraisal" }, headers: keyed() };
    },
    retry: [201],
  },
  {
    name: "org create",
    make: async () => {
      const someone = await app.createUser();
      return { method: "POST", path: "/api/orgs", as: someone, body: { name: "Fault Workspace" }, headers: keyed() };
    },
    retry: [201],
  },
  {
    name: "project rename",
    make: async () => {
      const { orgId, owner } = await makeOrg(app, "Fault Rename");
      const projectId = await addProject(app, orgId, owner.id, [[owner.id, "owner"]]);
      return { method: "PATCH", path: `/api/orgs/${orgId}/projects/${projectId}`, as: owner, body: { name: "Renamed" } };
    },
    retry: [200],
  },
  {
    name: "project member add",
    make: async () => {
      const { orgId, owner } = await makeOrg(app, "Fault Add");
      const projectId = await addProject(app, orgId, owner.id, [[owner.id, "owner"]]);
      const plain = await joined(orgId, "member");
      return { method: "POST", path: `/api/orgs/${orgId}/projects/${projectId}/members`, as: owner, body: { userId: plain.id, role: "member" } };
    },
    retry: [409],
  },
  {
    name: "project delete",
    make: async () => {
      const { orgId, owner } = await makeOrg(app, "Fault Delete");
      const projectId = await addProject(app, orgId, owner.id, [[owner.id, "owner"]]);
      return { method: "DELETE", path: `/api/orgs/${orgId}/projects/${projectId}`, as: owner };
    },
    retry: [404],
  },
  {
    name: "org invitation create (with its email)",
    make: async () => {
      const { orgId, owner } = await makeOrg(app, "Fault Invite");
      return { method: "POST", path: `/api/orgs/${orgId}/invitations`, as: owner, body: { email: `${crypto.randomUUID().slice(0, 8)}@example.com`, role: "member" }, headers: keyed() };
    },
    retry: [201],
  },
  {
    name: "project invitation create (with its email)",
    make: async () => {
      const { orgId, owner } = await makeOrg(app, "Fault Project Invite");
      const projectId = await addProject(app, orgId, owner.id, [[owner.id, "owner"]]);
      const body = { email: `${crypto.randomUUID().slice(0, 8)}@example.com`, role: "member" };
      return { method: "POST", path: `/api/orgs/${orgId}/projects/${projectId}/invitations`, as: owner, body, headers: keyed() };
    },
    retry: [201],
  },
  {
    name: "org invitation resend (with its email)",
    make: async () => {
      const { orgId, owner } = await makeOrg(app, "Fault Resend");
      const inv = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body: { email: `${crypto.randomUUID().slice(0, 8)}@example.com`, role: "member" } });
      return { method: "POST", path: `/api/orgs/${orgId}/invitations/${inv.body.id}/resend`, as: owner, headers: keyed() };
    },
    retry: [200],
  },
  {
    name: "org invitation cancel",
    make: async () => {
      const { orgId, owner } = await makeOrg(app, "Fault Cancel");
      const inv = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body: { email: `${crypto.randomUUID().slice(0, 8)}@example.com`, role: "member" } });
      return { method: "DELETE", path: `/api/orgs/${orgId}/invitations/${inv.body.id}`, as: owner };
    },
    retry: [404, 410],
  },
  {
    name: "invitation accept",
    make: async () => {
      const { orgId, owner } = await makeOrg(app, "Fault Accept");
      const invitee = await app.createUser();
      await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: owner, body: { email: invitee.email, role: "member" } });
      const token = new URL((await lastEmail(app, invitee.email))!.link!).pathname.split("/").pop();
      return { method: "POST", path: `/api/invitations/${token}/accept`, as: invitee };
    },
    retry: [200, 409],
  },
  {
    name: "org delete",
    make: async () => {
      const { orgId, owner } = await makeOrg(app, "Fault Org Delete");
      return { method: "DELETE", path: `/api/orgs/${orgId}`, as: owner };
    },
    retry: [404],
  },
];

async function joined(orgId: string, role: "admin" | "member"): Promise<TestUser> {
  const u = await app.createUser();
  await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgId, userId: u.id, role });
  return u;
}

const send = (c: Call): Promise<ApiResponse> => app.request(c.method, c.path, { as: c.as, body: c.body, headers: c.headers });

beforeAll(async () => {
  // Each injected fault is logged by the app, as a real one would be.
  vi.spyOn(console, "error").mockImplementation(() => {});
  app = await createTestApp({}, {
    wrapD1: (d1) => {
      const made = faultyD1(d1);
      faults = made.faults;
      return made.d1;
    },
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await app?.close();
});

const cases: { kind: "error" | "timeout" | "lost-answer"; trip: 1 | 2; status: number; code: string }[] = [
  { kind: "error", trip: 1, status: 500, code: "INTERNAL" },
  { kind: "timeout", trip: 1, status: 503, code: "UNAVAILABLE" },
  { kind: "lost-answer", trip: 1, status: 503, code: "UNAVAILABLE" },
  { kind: "error", trip: 2, status: 500, code: "INTERNAL" },
  { kind: "timeout", trip: 2, status: 503, code: "UNAVAILABLE" },
  { kind: "lost-answer", trip: 2, status: 503, code: "UNAVAILABLE" },
];

describe("D1 fails under a write", () => {
  for (const route of routes) {
    for (const c of cases) {
      const where = c.trip === 1 ? "the read batch" : "the write batch";
      it(`${route.name}: ${c.kind} on ${where}`, async () => {
        const call = await route.make();
        const before = await domainState(app);
        faults.arm(c.kind, c.trip);
        const res = await send(call);
        faults.disarm();
        expect(faults.fired, "the fault fired").toBe(true);

        expect(res.status).toBe(c.status);
        expect(Object.keys(res.body)).toEqual(["error"]);
        expect(res.body.error.code).toBe(c.code);
        expect(JSON.stringify(res.body)).not.toMatch(/D1|SQL|sqlite|storage|stack/i);
        if (c.status === 503) expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
        else expect(res.headers.get("retry-after")).toBeNull();

        const after = await domainState(app);
        expect(await checkInvariants(app.db)).toEqual([]);
        if (c.kind !== "lost-answer" || c.trip === 1) {
          // Nothing ran, or only reads did: no row changed, no email was queued.
          expect(after).toBe(before);
          return;
        }
        // The write batch committed though its answer was lost: all of it is there.
        expect(after).not.toBe(before);
        const again = await send(call);
        expect(route.retry, JSON.stringify(again.body)).toContain(again.status);
        // A create or resend retried with its key gets the first answer back, replayed.
        if (call.headers) expect(again.headers.get("idempotent-replayed")).toBe("true");
        expect(await domainState(app), "a retry applied the write again").toBe(after);
      });
    }
  }
});
