/**
 * Races on the real local D1 (issue 5), each repeated many rounds: requests fired at once through the real API, then
 * the outcome checked against the rules (exactly one winner, no 5xx, nothing half-done) and the invariants of
 * tests/invariants.ts. Each race counts its rounds and violations; the file prints the totals and fails on any.
 */
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, invitation, member, organization, projectInvitations, projectMembers, projects } from "~/db/schema";
import { createTestApp, lastEmail, type ApiResponse, type TestApp, type TestUser } from "./harness";
import { checkInvariants } from "./invariants";

// A fixed number of rounds (RACE_ROUNDS overrides it, forwarded by vitest.config.ts), each awaited in full: the file
// does the same work on any machine, however busy, and no race is cut short by a clock.
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 20);

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => {
  const lines = [...tally].map(([name, t]) => `  ${name.padEnd(56)} rounds ${String(t.rounds).padStart(3)}  violations ${t.violations.length}${t.note ? `  (${t.note})` : ""}`);
  const total = [...tally.values()].reduce((n, t) => n + t.rounds, 0);
  const bad = [...tally.values()].reduce((n, t) => n + t.violations.length, 0);
  console.log(`races: ${total} rounds in ${tally.size} races, ${bad} violations\n${lines.join("\n")}`);
  return app.close();
});

const tally = new Map<string, { rounds: number; violations: string[]; note?: string }>();

/**
 * Runs `round` ROUNDS times. A round returns the responses it got and the rule violations it saw; any 5xx and any
 * invariant violation afterwards are added. The test fails at the end with every violation of every round.
 */
async function race(name: string, round: (i: number) => Promise<{ responses: ApiResponse[]; problems: string[] }>, note?: () => string) {
  const t: { rounds: number; violations: string[]; note?: string } = { rounds: 0, violations: [] };
  tally.set(name, t);
  for (let i = 0; i < ROUNDS; i++) {
    const { responses, problems } = await round(i);
    for (const r of responses) if (r.status >= 500) problems.push(`${r.status} ${JSON.stringify(r.body)}`);
    problems.push(...(await checkInvariants(app.db)));
    t.rounds++;
    t.violations.push(...problems.map((p) => `round ${i}: ${p}`));
  }
  t.note = note?.();
  expect(t.violations, name).toEqual([]);
}

// ---------------------------------------------------------------- fixtures

async function newOrg(owner?: TestUser): Promise<{ orgId: string; owner: TestUser }> {
  const o = owner ?? (await app.createUser({ name: "Olive Owner" }));
  const res = await app.request("POST", "/api/orgs", { as: o, body: { name: "Race org" } });
  if (res.status !== 201) throw new Error(`createOrg: ${res.status}`);
  return { orgId: res.body.id, owner: o };
}

/** A user written straight into the org with a role: the state an accepted invitation leaves, minus the invitation. */
async function join(orgId: string, role: "owner" | "admin" | "member", name?: string): Promise<TestUser> {
  const u = await app.createUser({ name });
  await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgId, userId: u.id, role });
  return u;
}

async function newProject(orgId: string, as: TestUser, name = "Race project"): Promise<string> {
  const res = await app.request("POST", `/api/orgs/${orgId}/projects`, { as, body: { name } });
  if (res.status !== 201) throw new Error(`createProject: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

async function addToProject(orgId: string, projectId: string, as: TestUser, u: TestUser, role: "owner" | "member") {
  const res = await app.request("POST", `/api/orgs/${orgId}/projects/${projectId}/members`, { as, body: { userId: u.id, role } });
  if (res.status !== 201) throw new Error(`addProjectMember: ${res.status} ${JSON.stringify(res.body)}`);
}

/** An org invitation (even rounds) or a project invitation (odd rounds) for a fresh user; its id, token and paths. */
async function invite(i: number, orgId: string, owner: TestUser, projectId: string) {
  const invitee = await app.createUser();
  const kind = i % 2 === 0 ? "org" : "project";
  const base = kind === "org" ? `/api/orgs/${orgId}/invitations` : `/api/orgs/${orgId}/projects/${projectId}/invitations`;
  const body = kind === "org" ? { email: invitee.email, role: "admin" } : { email: invitee.email, role: "member", orgRole: "admin" };
  const res = await app.request("POST", base, { as: owner, body });
  if (res.status !== 201) throw new Error(`invite: ${res.status} ${JSON.stringify(res.body)}`);
  const token = (await lastEmail(app, invitee.email))!.link!.split("/invite/")[1]!;
  return { kind, invitee, id: res.body.id as string, token, base };
}

async function orgRole(orgId: string, userId: string) {
  const rows = await app.db.select({ role: member.role }).from(member).where(and(eq(member.organizationId, orgId), eq(member.userId, userId)));
  return rows.map((r) => r.role);
}

async function projectRoles(projectId: string, userId?: string) {
  return app.db
    .select({ userId: projectMembers.userId, role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), userId ? eq(projectMembers.userId, userId) : undefined));
}

async function invitationStatus(kind: string, id: string) {
  const rows =
    kind === "org"
      ? await app.db.select({ status: invitation.status }).from(invitation).where(eq(invitation.id, id))
      : await app.db.select({ status: projectInvitations.status }).from(projectInvitations).where(eq(projectInvitations.id, id));
  return rows[0]?.status ?? null;
}

const statuses = (rs: ApiResponse[]) => rs.map((r) => `${r.status}${r.body?.error ? ` ${r.body.error.code}` : ""}`);

// ---------------------------------------------------------------- invitations

describe("races on invitations", () => {
  it("double accept: of three accepts at once exactly one wins, one membership", async () => {
    await race("double accept (3 at once, org and project)", async (i) => {
      const { orgId, owner } = await newOrg();
      const projectId = await newProject(orgId, owner);
      const inv = await invite(i, orgId, owner, projectId);
      const responses = await Promise.all([1, 2, 3].map(() => app.request("POST", `/api/invitations/${inv.token}/accept`, { as: inv.invitee })));
      const problems: string[] = [];
      const won = responses.filter((r) => r.status === 200);
      const lost = responses.filter((r) => r.status !== 200);
      if (won.length !== 1) problems.push(`${won.length} accepts succeeded: ${statuses(responses)}`);
      if (!lost.every((r) => r.status === 409 && r.body.error.code === "INVITATION_ALREADY_ACCEPTED")) problems.push(`losers answered ${statuses(lost)}`);
      if ((await orgRole(orgId, inv.invitee.id)).join() !== "admin") problems.push(`org membership: ${await orgRole(orgId, inv.invitee.id)}`);
      if (inv.kind === "project" && (await projectRoles(projectId, inv.invitee.id)).length !== 1) problems.push("project membership missing or doubled");
      if ((await invitationStatus(inv.kind, inv.id)) !== "accepted") problems.push(`status ${await invitationStatus(inv.kind, inv.id)}`);
      return { responses, problems };
    });
  });

  it("accept versus cancel: either accepted with a membership, or cancelled without one", async () => {
    await race("accept vs cancel (org and project)", async (i) => {
      const { orgId, owner } = await newOrg();
      const projectId = await newProject(orgId, owner);
      const inv = await invite(i, orgId, owner, projectId);
      const calls = [
        () => app.request("POST", `/api/invitations/${inv.token}/accept`, { as: inv.invitee }),
        () => app.request("DELETE", `${inv.base}/${inv.id}`, { as: owner }),
      ];
      // Alternate which request starts first.
      const [accept, cancel] = i % 4 < 2 ? await Promise.all(calls.map((c) => c())) : (await Promise.all([calls[1]!(), calls[0]!()])).reverse();
      const responses = [accept!, cancel!];
      const problems: string[] = [];
      const status = await invitationStatus(inv.kind, inv.id);
      const isMember = (await orgRole(orgId, inv.invitee.id)).length > 0;
      const inProject = (await projectRoles(projectId, inv.invitee.id)).length > 0;
      if (accept!.status === 200) {
        if (status !== "accepted" || !isMember || (inv.kind === "project" && !inProject)) problems.push(`accept won but status ${status}, member ${isMember}, in project ${inProject}`);
        if (!(cancel!.status === 409 && cancel!.body.error.code === "INVITATION_ALREADY_ACCEPTED")) problems.push(`cancel after accept answered ${statuses([cancel!])}`);
      } else {
        if (status !== "canceled" || isMember || inProject) problems.push(`cancel won but status ${status}, member ${isMember}, in project ${inProject}`);
        if (cancel!.status !== 200) problems.push(`neither won: ${statuses(responses)}`);
        if (!(accept!.status === 410 && accept!.body.error.code === "INVITATION_CANCELLED")) problems.push(`accept after cancel answered ${statuses([accept!])}`);
      }
      return { responses, problems };
    });
  });

  it("accept versus org deletion: never a membership in a deleted org, never a 5xx", async () => {
    await race("accept vs org deletion (org and project)", async (i) => {
      const { orgId, owner } = await newOrg();
      const projectId = await newProject(orgId, owner);
      const inv = await invite(i, orgId, owner, projectId);
      const [accept, del] = await Promise.all([
        app.request("POST", `/api/invitations/${inv.token}/accept`, { as: inv.invitee }),
        app.request("DELETE", `/api/orgs/${orgId}`, { as: owner }),
      ]);
      const problems: string[] = [];
      if (del!.status !== 204) problems.push(`delete answered ${statuses([del!])}`);
      if (![200, 404].includes(accept!.status)) problems.push(`accept answered ${statuses([accept!])}`);
      const left = await app.db.batch([
        app.db.select().from(organization).where(eq(organization.id, orgId)),
        app.db.select().from(member).where(eq(member.organizationId, orgId)),
        app.db.select().from(projects).where(eq(projects.orgId, orgId)),
        app.db.select().from(projectMembers).where(eq(projectMembers.projectId, projectId)),
      ]);
      if (left.some((rows) => rows.length)) problems.push(`rows of the deleted org remain: ${left.map((r) => r.length)}`);
      const mine = await app.request("GET", "/api/orgs", { as: inv.invitee });
      if (mine.body.items.some((o: { id: string }) => o.id === orgId)) problems.push("the deleted org is still listed for the invitee");
      return { responses: [accept!, del!], problems };
    });
  });
});

// ---------------------------------------------------------------- owners

describe("races on ownership", () => {
  it("two owners stepping down at once (demote, leave, or one of each) always leave exactly one owner", async () => {
    await race("two org owners stepping down", async (i) => {
      const { orgId, owner: a } = await newOrg();
      const b = await join(orgId, "owner", "Bea Owner");
      const stepDown = (u: TestUser, how: "demote" | "leave") =>
        how === "demote"
          ? app.request("PATCH", `/api/orgs/${orgId}/members/${u.id}`, { as: u, body: { role: i % 2 ? "admin" : "member" } })
          : app.request("DELETE", `/api/orgs/${orgId}/members/${u.id}`, { as: u });
      const hows = ([["demote", "demote"], ["leave", "leave"], ["demote", "leave"]] as const)[i % 3]!;
      const responses = await Promise.all([stepDown(a, hows[0]), stepDown(b, hows[1])]);
      const problems: string[] = [];
      const ok = responses.filter((r) => r.status < 300);
      const refused = responses.filter((r) => r.status === 409 && r.body.error.code === "LAST_OWNER");
      if (ok.length !== 1 || refused.length !== 1) problems.push(`expected one success and one LAST_OWNER, got ${statuses(responses)}`);
      const owners = await app.db.select().from(member).where(and(eq(member.organizationId, orgId), eq(member.role, "owner")));
      if (owners.length !== 1) problems.push(`${owners.length} owners left`);
      return { responses, problems };
    });
  });

  it("a project owner stepping down while being removed from the project leaves the project an owner", async () => {
    await race("project owner steps down vs is removed from the project", async (i) => {
      const { orgId, owner } = await newOrg();
      const a = await join(orgId, "member", "Ann");
      const b = await join(orgId, "member", "Ben");
      const projectId = await newProject(orgId, a);
      await addToProject(orgId, projectId, a, b, "owner");
      const calls = [
        () => app.request("PATCH", `/api/orgs/${orgId}/projects/${projectId}/members/${a.id}`, { as: a, body: { role: "member" } }),
        // The other owner (even rounds) or an org owner outside the project (odd rounds) removes Ann.
        () => app.request("DELETE", `/api/orgs/${orgId}/projects/${projectId}/members/${a.id}`, { as: i % 2 ? owner : b }),
      ];
      const responses = await Promise.all(calls.map((c) => c()));
      const problems: string[] = [];
      const rows = await projectRoles(projectId);
      // Ben stays an owner throughout, so the removal always goes through; stepping down either lands first or finds
      // Ann gone (404).
      if (responses[1]!.status !== 204) problems.push(`removal answered ${statuses([responses[1]!])}`);
      if (![200, 404].includes(responses[0]!.status)) problems.push(`stepping down answered ${statuses([responses[0]!])}`);
      if (JSON.stringify(rows) !== JSON.stringify([{ userId: b.id, role: "owner" }])) problems.push(`project members ${JSON.stringify(rows)}`);
      return { responses, problems };
    });
  });

  it("a project owner stepping down while the other owner is removed from the org leaves the project an owner", async () => {
    await race("project owner steps down vs co-owner removed from org", async () => {
      const { orgId, owner } = await newOrg();
      const a = await join(orgId, "member", "Ann");
      const b = await join(orgId, "member", "Ben");
      const projectId = await newProject(orgId, a);
      await addToProject(orgId, projectId, a, b, "owner");
      const responses = await Promise.all([
        app.request("PATCH", `/api/orgs/${orgId}/projects/${projectId}/members/${a.id}`, { as: a, body: { role: "member" } }),
        app.request("DELETE", `/api/orgs/${orgId}/members/${b.id}`, { as: owner }),
      ]);
      const problems: string[] = [];
      if (responses[1]!.status !== 204) problems.push(`org removal answered ${statuses([responses[1]!])}`);
      const rows = await projectRoles(projectId);
      // Whichever went first: Ann is the project's owner (never stepped down, or inherited it from Ben).
      if (JSON.stringify(rows) !== JSON.stringify([{ userId: a.id, role: "owner" }])) problems.push(`project members ${JSON.stringify(rows)} after ${statuses(responses)}`);
      return { responses, problems };
    });
  });
});

// ---------------------------------------------------------------- removal while acting

describe("removal while the removed member is acting", () => {
  it("their requests in flight may land before the removal, none after; their next request is 404", async () => {
    const outcomes = { landed: 0, refused: 0 };
    await race("removal while the removed admin or member is acting", async (i) => {
      const { orgId, owner } = await newOrg();
      // An org admin (even rounds) or a plain member (odd rounds), owning one project and in another.
      const m = await join(orgId, i % 2 ? "member" : "admin", "Max Removed");
      const other = await join(orgId, "member", "Olga Other");
      const own = await newProject(orgId, m, "Max's project");
      const shared = await newProject(orgId, owner, "Shared project");
      await addToProject(orgId, shared, owner, m, "member");
      const base = `/api/orgs/${orgId}`;
      const acting = [
        app.request("POST", `${base}/projects`, { as: m, body: { name: "Made during removal" } }),
        app.request("PATCH", `${base}/projects/${own}`, { as: m, body: { name: "Renamed during removal" } }),
        app.request("POST", `${base}/projects/${own}/members`, { as: m, body: { userId: other.id, role: "member" } }),
        app.request("POST", `${base}/projects/${own}/invitations`, { as: m, body: { email: `guest${i}@example.com`, role: "member" } }),
        app.request("PATCH", `${base}/projects/${shared}`, { as: m, body: { description: "Edited during removal" } }),
        app.request("POST", `${base}/invitations`, { as: m, body: { email: `org-guest${i}@example.com`, role: "member" } }),
        app.request("PATCH", `${base}`, { as: m, body: { name: `Renamed by Max ${i}` } }),
        app.request("PATCH", `${base}/members/${other.id}`, { as: m, body: { role: "admin" } }),
      ];
      // The removal starts in the middle of Max's burst.
      const removal = app.request("DELETE", `${base}/members/${m.id}`, { as: owner });
      const responses = await Promise.all([removal, ...acting]);
      for (const r of responses.slice(1)) outcomes[r.status < 300 ? "landed" : "refused"]++;
      const problems: string[] = [];
      if (responses[0]!.status !== 204) problems.push(`removal answered ${statuses([responses[0]!])}`);

      // After the removal: every request of Max's is refused as if the org did not exist.
      const after = await Promise.all([
        app.request("GET", base, { as: m }),
        app.request("POST", `${base}/projects`, { as: m, body: { name: "After removal" } }),
        app.request("PATCH", `${base}/projects/${own}`, { as: m, body: { name: "After removal" } }),
        app.request("GET", `${base}/projects/${shared}/members`, { as: m }),
      ]);
      for (const r of after) if (r.status !== 404) problems.push(`after removal, a request answered ${statuses([r])}`);

      // Nothing of Max's that committed after the removal: the activity log is in commit order (rowid).
      const [removed] = await app.db
        .select({ seq: sql<number>`${activityLog}.rowid` })
        .from(activityLog)
        .where(and(eq(activityLog.orgId, orgId), eq(activityLog.action, "member.removed"), eq(activityLog.targetId, m.id)));
      if (!removed) problems.push("no member.removed row");
      else {
        const late = await app.db
          .select({ action: activityLog.action })
          .from(activityLog)
          .where(and(eq(activityLog.orgId, orgId), eq(activityLog.actorId, m.id), gt(sql`${activityLog}.rowid`, removed.seq)));
        if (late.length) problems.push(`written by Max after his removal: ${late.map((l) => l.action)}`);
      }
      const projectIds = (await app.db.select({ id: projects.id }).from(projects).where(eq(projects.orgId, orgId))).map((p) => p.id);
      const stillIn = await app.db.select().from(projectMembers).where(and(eq(projectMembers.userId, m.id), inArray(projectMembers.projectId, projectIds)));
      if (stillIn.length) problems.push(`Max is still in ${stillIn.length} project(s)`);
      return { responses: [...responses, ...after], problems };
    }, () => `requests in flight: ${outcomes.landed} landed before the removal, ${outcomes.refused} refused`);
  });

  it("invitations sent while the org or the project is being deleted: never a 5xx, never a row left behind", async () => {
    await race("inviting vs org or project deletion", async (i) => {
      const { orgId, owner } = await newOrg();
      const admin = await join(orgId, "admin", "Ada Admin");
      const projectId = await newProject(orgId, admin);
      const invites = [
        app.request("POST", `/api/orgs/${orgId}/invitations`, { as: admin, body: { email: `late${i}@example.com`, role: "member" } }),
        app.request("POST", `/api/orgs/${orgId}/projects/${projectId}/invitations`, { as: admin, body: { email: `late-p${i}@example.com`, role: "member" } }),
        app.request("POST", `/api/orgs/${orgId}/projects/${projectId}/members`, { as: admin, body: { userId: owner.id, role: "member" } }),
      ];
      const deletion = i % 2 ? app.request("DELETE", `/api/orgs/${orgId}`, { as: owner }) : app.request("DELETE", `/api/orgs/${orgId}/projects/${projectId}`, { as: owner });
      const responses = await Promise.all([deletion, ...invites]);
      const problems: string[] = [];
      if (responses[0]!.status !== 204) problems.push(`deletion answered ${statuses([responses[0]!])}`);
      for (const r of responses.slice(1)) if (![201, 404].includes(r.status)) problems.push(`a request answered ${statuses([r])}`);
      const left = await app.db.select().from(projectInvitations).where(eq(projectInvitations.projectId, projectId));
      if (left.length) problems.push(`${left.length} invitation(s) to the deleted project remain`);
      return { responses, problems };
    });
  });
});
