// After `npm run load`: reads the real database the Worker wrote (the local D1 under the state directory, opened by
// Miniflare once wrangler has stopped), runs the invariant checker of the test suite on it (tests/invariants.ts, the
// same snapshotQuery()/findViolations()), and checks the ledger: every write that answered 2xx is in the database
// and left its one activity row; every refused write left no row and no activity.
import { createHash } from "node:crypto";
import { drizzle } from "drizzle-orm/d1";
import { Miniflare } from "miniflare";
import { tsImport } from "tsx/esm/api";

// The id wrangler keys the local database by: wrangler.jsonc's database_id.
const DATABASE_ID = "00000000-0000-0000-0000-000000000000";

export async function openDatabase(stateDir) {
  const mf = new Miniflare({ modules: true, script: "export default {}", d1Databases: { DB: DATABASE_ID }, d1Persist: `${stateDir}/v3/d1` });
  const d1 = await mf.getD1Database("DB");
  const all = async (sql) => (await d1.prepare(sql).all()).results;
  return { d1, all, close: () => mf.dispose() };
}

export async function invariantViolations(db) {
  const { snapshotQuery, toSnapshot, findViolations } = await tsImport("../tests/invariants.ts", import.meta.url);
  return findViolations(toSnapshot(await drizzle(db.d1).get(snapshotQuery())));
}

const digest = (token) => createHash("sha256").update(token).digest("hex");
const parse = (data) => {
  try {
    return data ? JSON.parse(data) : {};
  } catch {
    return {};
  }
};
const countBy = (items, key) => items.reduce((m, it) => m.set(key(it), (m.get(key(it)) ?? 0) + 1), new Map());

/**
 * The state one person's membership ends in, given the 2xx writes on it: the last one to answer decides, unless
 * others were still in flight when it was sent (their order in the database is then unknown, so any of them may be
 * last). `want` is { present: false } or { present: true, role?: string } (role absent = any role).
 */
function finalStateHolds(events, actual) {
  if (!events.length) return true;
  const sorted = [...events].sort((a, b) => a.end - b.end);
  const last = sorted[sorted.length - 1];
  const candidates = sorted.filter((e) => e.end > last.start);
  return candidates.some(({ want }) => (want.present ? actual !== undefined && (!want.role || want.role === actual) : actual === undefined));
}

/** Every check of the ledger against the database; returns { failures: string[], checked: {name: count} }. */
export async function verifyLedger(db, ledger) {
  const failures = [];
  const checked = {};
  const count = (name) => (checked[name] = (checked[name] ?? 0) + 1);
  const fail = (msg) => failures.length < 200 && failures.push(msg);

  const projects = new Map((await db.all(`select id, name, orgId from projects`)).map((p) => [p.id, p]));
  const projectNames = new Set([...projects.values()].map((p) => p.name));
  const members = new Map((await db.all(`select organizationId o, userId u, role from member`)).map((m) => [`${m.o}/${m.u}`, m.role]));
  const projectMembers = new Map((await db.all(`select projectId p, userId u, role from project_members`)).map((m) => [`${m.p}/${m.u}`, m.role]));
  const invitations = new Map();
  for (const i of await db.all(`select id, token, status, organizationId orgId, null projectId from invitation union all select id, token, status, orgId, projectId from project_invitations`)) invitations.set(i.token, i);
  const invitationIds = new Set([...invitations.values()].map((i) => i.id));
  const log = (await db.all(`select orgId, action, targetId, targetLabel, data from activity_log`)).map((r) => ({ ...r, data: parse(r.data) }));
  const logged = (actions, key) => countBy(log.filter((r) => actions.includes(r.action)), key);

  // Created projects: there, in their org, with their name, logged once; a refused one left no project of its name.
  const createdLog = logged(["project.created"], (r) => r.targetId);
  for (const w of ledger.filter((w) => w.kind === "project.create")) {
    count("project.create");
    if (w.ok) {
      const p = projects.get(w.id);
      if (!p || p.name !== w.name || p.orgId !== w.orgId) fail(`created project ${w.id} (${w.name}) answered ${w.status} but is not in the database`);
      if (createdLog.get(w.id) !== 1) fail(`created project ${w.id} has ${createdLog.get(w.id) ?? 0} project.created activity rows`);
    } else if (projectNames.has(w.name)) fail(`refused project create (${w.status}) left a project named ${w.name}`);
  }
  const okCreates = ledger.filter((w) => w.kind === "project.create" && w.ok).length;
  if ((log.filter((r) => r.action === "project.created").length) !== okCreates) fail(`project.created activity rows ≠ ${okCreates} project creations answered 2xx`);

  // Invitations sent: each 2xx is a row and one created/updated activity row per (org, project, address); refusals none.
  const invKey = (orgId, projectId, email) => `${orgId}/${projectId ?? ""}/${email.toLowerCase()}`;
  const invLog = logged(["invitation.created", "invitation.updated"], (r) => invKey(r.orgId, r.data.projectId, r.targetLabel ?? ""));
  const invOk = countBy(ledger.filter((w) => w.kind === "invitation.create" && w.ok), (w) => invKey(w.orgId, w.projectId, w.email));
  for (const w of ledger.filter((w) => w.kind === "invitation.create")) {
    count("invitation.create");
    if (w.ok && !invitationIds.has(w.id)) fail(`invitation ${w.id} answered ${w.status} but is not in the database`);
  }
  for (const key of new Set([...invLog.keys(), ...ledger.filter((w) => w.kind === "invitation.create").map((w) => invKey(w.orgId, w.projectId, w.email))])) {
    if ((invLog.get(key) ?? 0) !== (invOk.get(key) ?? 0)) fail(`invitations ${key}: ${invLog.get(key) ?? 0} activity rows for ${invOk.get(key) ?? 0} sends answered 2xx`);
  }

  // Accept and decline: the invitation of the token is accepted (declined) and logged once exactly when it answered 2xx.
  // An acceptance names its invitation in data (its target is the person who joined); a decline names it as target.
  const answered = logged(["invitation.accepted", "invitation.declined"], (r) => `${r.action}/${r.action === "invitation.accepted" ? r.data.invitationId : r.targetId}`);
  for (const w of ledger.filter((w) => w.kind === "invitation.accept" || w.kind === "invitation.decline")) {
    count(w.kind);
    // Stored with the seed's words (src/server/domain/invitation-status.ts): a declined invitation is "rejected".
    const status = w.kind === "invitation.accept" ? "accepted" : "rejected";
    const inv = invitations.get(digest(w.token));
    const action = w.kind === "invitation.accept" ? "invitation.accepted" : "invitation.declined";
    const rows = inv ? (answered.get(`${action}/${inv.id}`) ?? 0) : 0;
    if (w.ok && (inv?.status !== status || rows !== 1)) fail(`${w.kind} answered ${w.status} but the invitation is ${inv?.status ?? "gone"} with ${rows} activity rows`);
    if (!w.ok && (inv?.status === status || rows !== 0)) fail(`${w.kind} refused (${w.status}) but the invitation is ${status} (${rows} activity rows)`);
  }

  // Removals and leaving: one activity row per 2xx, none per refusal, for each (org or project, person, leaving or not).
  const removalKey = (w) => `${w.projectId ?? w.orgId}/${w.userId}/${w.leaving ? "left" : "removed"}`;
  const removalLog = logged(["member.removed", "member.left", "project.member_removed", "project.member_left"], (r) =>
    `${r.action.startsWith("project.") ? r.data.projectId : r.orgId}/${r.targetId}/${r.action.endsWith("left") ? "left" : "removed"}`,
  );
  const removals = ledger.filter((w) => w.kind === "org.remove" || w.kind === "project.remove");
  const removalOk = countBy(removals.filter((w) => w.ok), removalKey);
  for (const key of new Set([...removalLog.keys(), ...removals.map(removalKey)])) {
    count("removal/leave key");
    if ((removalLog.get(key) ?? 0) !== (removalOk.get(key) ?? 0)) fail(`removals ${key}: ${removalLog.get(key) ?? 0} activity rows for ${removalOk.get(key) ?? 0} answered 2xx`);
  }

  // Role changes: at most one activity row per 2xx (a change to the role someone already has is a 200 that writes
  // nothing), none where every attempt was refused.
  const roleKey = (w) => `${w.projectId ?? w.orgId}/${w.userId}`;
  const roleLog = logged(["member.role_changed", "project.member_role_changed"], (r) => `${r.action.startsWith("project.") ? r.data.projectId : r.orgId}/${r.targetId}`);
  const roles = ledger.filter((w) => w.kind === "org.role" || w.kind === "project.role");
  const roleOk = countBy(roles.filter((w) => w.ok), roleKey);
  for (const key of new Set([...roleLog.keys(), ...roles.map(roleKey)])) {
    count("role change key");
    if ((roleLog.get(key) ?? 0) > (roleOk.get(key) ?? 0)) fail(`role changes ${key}: ${roleLog.get(key)} activity rows for ${roleOk.get(key) ?? 0} answered 2xx`);
  }

  // Final memberships and roles, from the 2xx writes on each (org, person) and (project, person).
  const orgEvents = new Map();
  const projectEvents = new Map();
  const add = (map, key, w, want) => map.set(key, [...(map.get(key) ?? []), { start: w.start, end: w.end, want }]);
  for (const w of ledger.filter((w) => w.ok)) {
    if (w.kind === "invitation.accept") {
      add(orgEvents, `${w.result.orgId}/${w.userId}`, w, { present: true });
      if (w.result.projectId) add(projectEvents, `${w.result.projectId}/${w.userId}`, w, { present: true });
    } else if (w.kind === "org.role") add(orgEvents, `${w.orgId}/${w.userId}`, w, { present: true, role: w.role });
    else if (w.kind === "org.remove") {
      add(orgEvents, `${w.orgId}/${w.userId}`, w, { present: false });
      // Leaving or being removed from a workspace ends one's projects in it, in the same write.
      for (const p of projects.values()) if (p.orgId === w.orgId) add(projectEvents, `${p.id}/${w.userId}`, w, { present: false });
    } else if (w.kind === "project.role") add(projectEvents, `${w.projectId}/${w.userId}`, w, { present: true, role: w.role });
    else if (w.kind === "project.remove") add(projectEvents, `${w.projectId}/${w.userId}`, w, { present: false });
    else if (w.kind === "project.create") add(projectEvents, `${w.id}/${w.by}`, w, { present: true, role: "owner" });
  }
  for (const [key, events] of orgEvents) {
    count("workspace membership");
    if (!finalStateHolds(events, members.get(key))) fail(`workspace membership ${key} is ${members.get(key) ?? "absent"}, not what its last 2xx write left (${JSON.stringify(events.at(-1).want)})`);
  }
  for (const [key, events] of projectEvents) {
    // Keys made only by workspace removals of people who were never in that project say nothing.
    if (events.every((e) => !e.want.present) && !projectMembers.has(key)) continue;
    count("project membership");
    if (!finalStateHolds(events, projectMembers.get(key))) fail(`project membership ${key} is ${projectMembers.get(key) ?? "absent"}, not what its last 2xx write left`);
  }
  return { failures, checked };
}
