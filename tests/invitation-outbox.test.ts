/**
 * The invitation email and its outbox row (PRODUCT.md sections 3 and 4): the row is written in the same batch as the
 * invitation write and only when that write took effect. A refused write (the sender demoted or removed, or the
 * project's right lost, between the read and the write) must never leave an email row, not even for the moment
 * before a clean-up: a concurrent delivery or the cron would send a link that does not work.
 *
 * The app's D1 binding is watched: every batch and statement is recorded in order, and after each one the email
 * table is read, so "never existed" is checked after every step of the request, not just at the end.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, invitation, member, projectInvitations, projectMembers } from "~/db/schema";
import { createDb } from "~/server/db";
import { createInvitation, resendInvitation } from "~/server/domain/invitation-writes";
import { runOrgWrite } from "~/server/writes/run";
import { createTestApp, type TestApp, type TestUser } from "./harness";

interface Trip {
  sql: string[];
  /** Every email_outbox row (id and address) right after this trip. */
  outbox: { id: string; to: string }[];
}

const trips: Trip[] = [];
/** Runs once, just before the next batch whose SQL matches: the moment between the request's reads and its write. */
let armed: { match: RegExp; run: () => Promise<unknown> } | null = null;

function watchD1(real: D1Database): D1Database {
  const spy = createDb(real);
  const raw = new WeakMap<object, D1PreparedStatement>();
  const sqlOf = new WeakMap<object, string>();
  const record = async (sql: string[]) => {
    trips.push({ sql, outbox: await spy.select({ id: emailOutbox.id, to: emailOutbox.to }).from(emailOutbox) });
  };
  const wrap = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (key === "bind") return (...args: unknown[]) => wrap(value.apply(target, args), sql);
        if (key === "first" || key === "all" || key === "run" || key === "raw") {
          return async (...args: unknown[]) => {
            const out = await value.apply(target, args);
            await record([sql]);
            return out;
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    raw.set(proxy, stmt);
    sqlOf.set(proxy, sql);
    return proxy;
  };
  return new Proxy(real, {
    get(target, key) {
      if (key === "prepare") return (sql: string) => wrap(target.prepare(sql), sql);
      if (key === "batch") {
        return async (stmts: D1PreparedStatement[]) => {
          const sql = stmts.map((s) => sqlOf.get(s) ?? "?");
          const hook = armed;
          if (hook && sql.some((s) => hook.match.test(s))) {
            armed = null;
            await hook.run();
          }
          const out = await target.batch(stmts.map((s) => raw.get(s) ?? s));
          await record(sql);
          return out;
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

let app: TestApp;
let owner: TestUser;
let orgId: string;
beforeAll(async () => {
  app = await createTestApp({}, { wrapD1: watchD1 });
  owner = await app.createUser({ name: "Olga Owner" });
  orgId = (await app.request("POST", "/api/orgs", { as: owner, body: { name: "Outbox Lab" } })).body.id;
});
afterAll(() => app.close());

async function join(role: "admin" | "member", name: string): Promise<TestUser> {
  const u = await app.createUser({ name });
  await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgId, userId: u.id, role });
  return u;
}

async function newProject(as: TestUser, name: string): Promise<string> {
  const res = await app.request("POST", `/api/orgs/${orgId}/projects`, { as, body: { name } });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Ids of every outbox row to `to` seen after any trip from `from` on. */
function outboxIdsSeen(to: string, from = 0): Set<string> {
  return new Set(trips.slice(from).flatMap((t) => t.outbox.filter((r) => r.to === to).map((r) => r.id)));
}

async function mailboxCount(to: string): Promise<number> {
  return (await app.request("GET", `/api/dev/emails?to=${encodeURIComponent(to)}`)).body.items.length;
}

const setOrgRole = (u: TestUser, role: "admin" | "member") => app.db.update(member).set({ role }).where(and(eq(member.organizationId, orgId), eq(member.userId, u.id)));

const ORG_WRITE = /^(insert into|update) "invitation"/;
const PROJECT_WRITE = /^(insert into|update) "project_invitations"/;

describe("a refused invitation write leaves no email, not even for a moment", () => {
  it("org invitation: the admin is demoted between the read and the write", async () => {
    const admin = await join("admin", "Ada Admin");
    const to = "refused-org@example.com";
    armed = { match: ORG_WRITE, run: () => setOrgRole(admin, "member") };
    const from = trips.length;
    const res = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: admin, body: { email: to, role: "member" } });
    expect(armed).toBeNull();
    expect(res.status).toBe(403);
    expect(await app.db.select().from(invitation).where(eq(invitation.email, to))).toEqual([]);
    expect(outboxIdsSeen(to, from).size).toBe(0);
    expect(await mailboxCount(to)).toBe(0);
  });

  it("org resend: the admin is removed between the read and the write", async () => {
    const admin = await join("admin", "Rita Resender");
    const to = "refused-org-resend@example.com";
    const created = await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: admin, body: { email: to, role: "member" } });
    expect(created.status).toBe(201);
    const before = outboxIdsSeen(to);
    expect(before.size).toBe(1);
    armed = { match: ORG_WRITE, run: () => app.db.delete(member).where(and(eq(member.organizationId, orgId), eq(member.userId, admin.id))) };
    const from = trips.length;
    const res = await app.request("POST", `/api/orgs/${orgId}/invitations/${created.body.id}/resend`, { as: admin });
    expect(armed).toBeNull();
    expect(res.status).toBe(404);
    expect([...outboxIdsSeen(to, from)]).toEqual([...before]);
    expect(await mailboxCount(to)).toBe(1);
  });

  it("project invitation: the org admin outside the project is demoted between the read and the write", async () => {
    const admin = await join("admin", "Pat Projectinviter");
    const projectId = await newProject(owner, "Refused project");
    const to = "refused-project@example.com";
    armed = { match: PROJECT_WRITE, run: () => setOrgRole(admin, "member") };
    const from = trips.length;
    const res = await app.request("POST", `/api/orgs/${orgId}/projects/${projectId}/invitations`, { as: admin, body: { email: to, role: "member" } });
    expect(armed).toBeNull();
    expect(res.status).toBe(404);
    expect(await app.db.select().from(projectInvitations).where(eq(projectInvitations.email, to))).toEqual([]);
    expect(outboxIdsSeen(to, from).size).toBe(0);
    expect(await mailboxCount(to)).toBe(0);
  });

  it("project resend: the project owner is demoted to project member between the read and the write", async () => {
    const pm = await join("member", "Paula Projectowner");
    const projectId = await newProject(owner, "Resend project");
    expect((await app.request("POST", `/api/orgs/${orgId}/projects/${projectId}/members`, { as: owner, body: { userId: pm.id, role: "owner" } })).status).toBe(201);
    const to = "refused-project-resend@example.com";
    const created = await app.request("POST", `/api/orgs/${orgId}/projects/${projectId}/invitations`, { as: pm, body: { email: to, role: "member" } });
    expect(created.status).toBe(201);
    const before = outboxIdsSeen(to);
    expect(before.size).toBe(1);
    armed = {
      match: PROJECT_WRITE,
      run: () => app.db.update(projectMembers).set({ role: "member" }).where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, pm.id))),
    };
    const from = trips.length;
    const res = await app.request("POST", `/api/orgs/${orgId}/projects/${projectId}/invitations/${created.body.id}/resend`, { as: pm });
    expect(armed).toBeNull();
    expect(res.status).toBe(403);
    expect([...outboxIdsSeen(to, from)]).toEqual([...before]);
    expect(await mailboxCount(to)).toBe(1);
  });
});

describe("a successful invitation queues exactly one email, in the batch that writes the invitation", () => {
  it("org and project, create and resend; 2 D1 round trips each (one read batch with the session, one write)", async () => {
    const admin = await join("admin", "Sam Sender");
    const headers = new Headers({ cookie: admin.cookie });
    const where = { orgId };
    const projectId = await newProject(admin, "Happy project");
    const idOf = async (table: typeof invitation | typeof projectInvitations, email: string) => (await app.db.select({ id: table.id }).from(table).where(eq(table.email, email)))[0]!.id;
    const steps: [string, RegExp, () => Promise<() => Promise<unknown>>][] = [
      ["org create", ORG_WRITE, async () => () => runOrgWrite(app.ctx, headers, where, () => createInvitation(app.ctx, { kind: "org" }, { email: "happy-org@example.com", role: "member" }))],
      ["org resend", ORG_WRITE, async () => { const id = await idOf(invitation, "happy-org@example.com"); return () => runOrgWrite(app.ctx, headers, where, () => resendInvitation(app.ctx, { kind: "org" }, id)); }],
      ["project create", PROJECT_WRITE, async () => () => runOrgWrite(app.ctx, headers, where, () => createInvitation(app.ctx, { kind: "project", projectId }, { email: "happy-project@example.com", role: "member" }))],
      ["project resend", PROJECT_WRITE, async () => { const id = await idOf(projectInvitations, "happy-project@example.com"); return () => runOrgWrite(app.ctx, headers, where, () => resendInvitation(app.ctx, { kind: "project", projectId }, id)); }],
    ];
    const roundTrips: Record<string, number> = {};
    for (const [name, write, prepare] of steps) {
      const to = name.startsWith("org") ? "happy-org@example.com" : "happy-project@example.com";
      const known = outboxIdsSeen(to);
      const call = await prepare();
      const from = trips.length;
      await app.run(call);
      // The limiter's clean-up of expired windows runs in the background when a window opens: not the request's.
      const mine = trips.slice(from).filter((t) => !t.sql.every((s) => /^delete from "rate_limit"/.test(s)));
      const w = mine.findIndex((t) => t.sql.some((s) => write.test(s)));
      expect(w, name).toBeGreaterThanOrEqual(0);
      // The email row is a statement of the write batch, and appears exactly once, right after it.
      expect(mine[w]!.sql.some((s) => /^insert into "email_outbox"/.test(s)), name).toBe(true);
      const fresh = (t: Trip) => t.outbox.filter((r) => r.to === to && !known.has(r.id));
      expect(mine.slice(0, w).every((t) => fresh(t).length === 0), name).toBe(true);
      expect(fresh(mine[w]!), name).toHaveLength(1);
      expect(new Set(mine.flatMap((t) => fresh(t).map((r) => r.id))).size, name).toBe(1);
      roundTrips[name] = w + 1;
    }
    expect(await mailboxCount("happy-org@example.com")).toBe(2);
    expect(await mailboxCount("happy-project@example.com")).toBe(2);
    // The session, the access check, the member check, the pending read (or the invitation) and the rate-limit hits;
    // then the write.
    expect(roundTrips).toEqual({ "org create": 2, "org resend": 2, "project create": 2, "project resend": 2 });
  });
});
