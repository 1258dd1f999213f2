/**
 * Every write through the JSON API costs at most two D1 round trips (issue 15): one read batch (session, actor and the
 * guards' pre-reads, rate-limit bookkeeping included) and one write batch. Counted by wrapping the D1 binding: every
 * batch() and every prepared statement's all/run/first/raw is one trip. Only the trips the request itself waits for
 * are counted; work the request hands to waitUntil (email delivery, clean-ups) runs after the answer and is listed
 * apart. A count is deterministic, so it is asserted; the table is printed for the closing note.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { member, user } from "~/db/schema";
import { handleApi } from "~/server/api/handler";
import { APP_URL, createTestApp, lastEmail, type TestApp, type TestUser } from "./harness";

let app: TestApp;
/** Set while a measured request is being answered; every D1 call made meanwhile is recorded here. */
let recording: string[] | null = null;

/**
 * Statements of the work a request hands to waitUntil, which the answer does not wait for: email delivery (the outbox
 * claim and its updates), the rate-limit table's clean-up, and the session's refresh (src/server/session.ts).
 */
const AFTER_THE_ANSWER = [/^update "email_outbox"/, /^select "id" from "email_outbox"/, /^insert into "dev_mailbox"/, /^delete from "rate_limit"/, /^update "session" set "expiresAt"/, /^delete from "session"/];

function record(what: string) {
  if (!recording || AFTER_THE_ANSWER.some((re) => re.test(what))) return;
  recording.push(what);
}

function countingD1(d1: D1Database): D1Database {
  const wrapStatement = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (key === "bind") return (...args: unknown[]) => wrapStatement(value.apply(target, args), sql);
        if (key === "first" || key === "all" || key === "run" || key === "raw") {
          return (...args: unknown[]) => {
            record(sql);
            return value.apply(target, args);
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const raw = new WeakMap<object, D1PreparedStatement>();
  return new Proxy(d1, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (key === "prepare") {
        return (sql: string) => {
          const stmt = value.call(target, sql) as D1PreparedStatement;
          const proxy = wrapStatement(stmt, sql);
          raw.set(proxy, stmt);
          return proxy;
        };
      }
      if (key === "batch") {
        return (stmts: D1PreparedStatement[]) => {
          record(`batch of ${stmts.length}`);
          return value.call(target, stmts.map((s) => raw.get(s) ?? s));
        };
      }
      if (key === "exec") {
        return (sql: string) => {
          record(sql);
          return value.call(target, sql);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const table: { route: string; trips: number; status: number; sql: string[] }[] = [];

/** Answers one request like app.request, counting the D1 round trips made before the answer is ready. */
async function measure(route: string, method: string, path: string, as: TestUser, body?: unknown, extra: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const headers = new Headers({ cookie: as.cookie, origin: APP_URL, ...extra });
  if (body !== undefined) headers.set("content-type", "application/json");
  const pending: Promise<unknown>[] = [];
  const trips: string[] = [];
  recording = trips;
  let res: Response;
  try {
    res = await handleApi(new Request(APP_URL + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), app.bindings, {
      waitUntil: (p) => void pending.push(p),
    });
  } finally {
    recording = null;
  }
  while (pending.length) await Promise.all(pending.splice(0));
  const text = await res.text();
  table.push({ route, trips: trips.length, status: res.status, sql: trips });
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function join(orgId: string, role: "owner" | "admin" | "member", name: string, email?: string): Promise<TestUser> {
  const u = await app.createUser({ name, email });
  await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgId, userId: u.id, role });
  return u;
}

async function tokenFor(email: string): Promise<string> {
  return (await lastEmail(app, email))!.link!.split("/invite/")[1]!;
}

beforeAll(async () => {
  app = await createTestApp({}, { wrapD1: countingD1 });
});

afterAll(async () => {
  const width = Math.max(...table.map((r) => r.route.length));
  console.log(["D1 round trips per write (API):", ...table.map((r) => `  ${r.route.padEnd(width)}  ${r.trips}  (${r.status})${process.env.TRIPS_SQL ? `\n      ${r.sql.map((q) => q.slice(0, 90)).join("\n      ")}` : ""}`)].join("\n"));
  await app.close();
});

describe("D1 round trips of every write route", () => {
  it("each write takes at most one read batch and one write batch", async () => {
    const owner = await app.createUser({ name: "Olive Owner" });
    const created = await measure("org create", "POST", "/api/orgs", owner, { name: "Trips" });
    expect(created.status).toBe(201);
    const orgId = created.body.id as string;
    const admin = await join(orgId, "admin", "Adam Admin");
    const plain = await join(orgId, "member", "Mia Member");
    const leaver = await join(orgId, "member", "Lee Leaver");
    const removed = await join(orgId, "member", "Rex Removed");

    expect((await measure("org rename", "PATCH", `/api/orgs/${orgId}`, owner, { name: "Trips renamed" })).status).toBe(200);
    expect((await measure("org switch (active)", "POST", `/api/orgs/${orgId}/active`, owner)).status).toBe(200);
    expect((await measure("member role change", "PATCH", `/api/orgs/${orgId}/members/${plain.id}`, admin, { role: "admin" })).status).toBe(200);
    expect((await measure("member removal", "DELETE", `/api/orgs/${orgId}/members/${removed.id}`, owner)).status).toBe(204);
    expect((await measure("member leave", "DELETE", `/api/orgs/${orgId}/members/${leaver.id}`, leaver)).status).toBe(204);

    const project = await measure("project create", "POST", `/api/orgs/${orgId}/projects`, owner, { name: "Appraisal" });
    expect(project.status).toBe(201);
    // With an Idempotency-Key: the key is looked up in the read batch and stored in the write batch; its replay reads only.
    const key = { "idempotency-key": crypto.randomUUID() };
    expect((await measure("project create, with Idempotency-Key", "POST", `/api/orgs/${orgId}/projects`, owner, { name: "Keyed" }, key)).status).toBe(201);
    expect((await measure("project create, replayed by its key", "POST", `/api/orgs/${orgId}/projects`, owner, { name: "Keyed" }, key)).status).toBe(201);
    const base = `/api/orgs/${orgId}/projects/${project.body.id}`;
    expect((await measure("project update", "PATCH", base, owner, { description: "Risk of bias" })).status).toBe(200);
    expect((await measure("project member add", "POST", `${base}/members`, owner, { userId: admin.id, role: "member" })).status).toBe(201);
    expect((await measure("project member role", "PATCH", `${base}/members/${admin.id}`, owner, { role: "owner" })).status).toBe(200);
    expect((await measure("project member leave", "DELETE", `${base}/members/${admin.id}`, admin)).status).toBe(204);
    await measure("project member add", "POST", `${base}/members`, owner, { userId: plain.id, role: "member" });
    table.pop();
    expect((await measure("project member remove", "DELETE", `${base}/members/${plain.id}`, owner)).status).toBe(204);

    // Org invitations: create, resend, cancel, and the invitee's accept and decline.
    const inv = await measure("org invitation create", "POST", `/api/orgs/${orgId}/invitations`, admin, { email: "ivy@example.com", role: "member" });
    expect(inv.status).toBe(201);
    expect((await measure("org invitation resend", "POST", `/api/orgs/${orgId}/invitations/${inv.body.id}/resend`, admin)).status).toBe(200);
    expect((await measure("org invitation cancel", "DELETE", `/api/orgs/${orgId}/invitations/${inv.body.id}`, admin)).status).toBe(200);
    await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: admin, body: { email: "acc@example.com", role: "member" } });
    await app.request("POST", `/api/orgs/${orgId}/invitations`, { as: admin, body: { email: "dec@example.com", role: "member" } });
    const accepter = await app.createUser({ email: "acc@example.com", name: "Ace" });
    const decliner = await app.createUser({ email: "dec@example.com", name: "Dee" });
    expect((await measure("org invitation accept", "POST", `/api/invitations/${await tokenFor(accepter.email)}/accept`, accepter)).status).toBe(200);
    expect((await measure("org invitation decline", "POST", `/api/invitations/${await tokenFor(decliner.email)}/decline`, decliner)).status).toBe(200);

    // Project invitations, the same way.
    const pinv = await measure("project invitation create", "POST", `${base}/invitations`, owner, { email: "pia@example.com", role: "member" });
    expect(pinv.status).toBe(201);
    expect((await measure("project invitation resend", "POST", `${base}/invitations/${pinv.body.id}/resend`, owner)).status).toBe(200);
    expect((await measure("project invitation cancel", "DELETE", `${base}/invitations/${pinv.body.id}`, owner)).status).toBe(200);
    await app.request("POST", `${base}/invitations`, { as: owner, body: { email: "pacc@example.com", role: "member" } });
    await app.request("POST", `${base}/invitations`, { as: owner, body: { email: "pdec@example.com", role: "member" } });
    const pAccepter = await app.createUser({ email: "pacc@example.com", name: "Pace" });
    const pDecliner = await app.createUser({ email: "pdec@example.com", name: "Pdee" });
    expect((await measure("project invitation accept", "POST", `/api/invitations/${await tokenFor(pAccepter.email)}/accept`, pAccepter)).status).toBe(200);
    expect((await measure("project invitation decline", "POST", `/api/invitations/${await tokenFor(pDecliner.email)}/decline`, pDecliner)).status).toBe(200);

    // The first-run step with its personal workspace (one batch with the profile), and a username change.
    const newcomer = await app.createUser({ name: "Nia Newcomer", profile: false });
    expect((await measure("profile completion", "POST", "/api/me/profile", newcomer, { name: "Nia Newcomer", persona: "student" })).body.workspace).not.toBeNull();
    expect((await measure("profile username change", "PATCH", "/api/me/profile", newcomer, { username: "nia-n" })).status).toBe(200);

    expect((await measure("project delete", "DELETE", base, owner)).status).toBe(204);
    expect((await measure("org delete", "DELETE", `/api/orgs/${orgId}`, owner)).status).toBe(204);

    // Leaving for good: the export is one read; deleting an account (with a workspace of their own going along, and
    // a shared one logging the departure) one read batch and one write batch, the password checked in between.
    const departing = await app.signInWithPassword();
    await app.request("POST", "/api/orgs", { as: departing, body: { name: "Only mine" } });
    const sharedOrg = (await app.request("POST", "/api/orgs", { as: owner, body: { name: "Shared at the end" } })).body.id as string;
    await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: sharedOrg, userId: departing.id, role: "member" });
    expect((await measure("account export", "GET", "/api/me/export", departing)).status).toBe(200);
    expect((await measure("account delete", "DELETE", "/api/me", departing, { confirmEmail: departing.email, password: "correct horse battery" })).status).toBe(204);
    // Site administration: ban (the sessions end in the same batch), hand an abandoned workspace over, unban.
    const siteAdmin = await app.createUser({ name: "Sita Admin" });
    await app.db.update(user).set({ role: "admin" }).where(eq(user.id, siteAdmin.id));
    const leaving = await app.createUser({ name: "Abe Abandons" });
    const abandoned = (await app.request("POST", "/api/orgs", { as: leaving, body: { name: "Abandoned" } })).body.id as string;
    expect((await measure("admin ban", "POST", `/api/admin/users/${leaving.id}/ban`, siteAdmin, { reason: "Left" })).status).toBe(200);
    expect((await measure("admin workspace hand-over", "POST", `/api/admin/orgs/${abandoned}/transfer`, siteAdmin, { userId: plain.id })).status).toBe(200);
    expect((await measure("admin unban", "POST", `/api/admin/users/${leaving.id}/unban`, siteAdmin)).status).toBe(200);

    const over = table.filter((r) => r.trips > 2);
    expect(over, over.map((r) => `${r.route}: ${r.trips}`).join(", ")).toEqual([]);
  });
});
