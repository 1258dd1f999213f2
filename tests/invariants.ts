/**
 * The data invariants of PRODUCT.md section 7, checked against every row of a test database. `checkInvariants(db)`
 * returns one line per violation (empty = fine). tests/setup-invariants.ts runs it after every test on every live
 * TestApp; the random-operations and race tests run it after each step.
 *
 * What is checked, and where the product's wording had to be made precise:
 * - every org has at least one owner;
 * - a project WITH MEMBERS has an owner. A project whose last member left or was removed from the org has nobody to
 *   inherit it (members.ts promoteProjectHeirs) and stays empty; org admins/owners still manage it. Empty projects are
 *   therefore allowed;
 * - project member => member of that project's org;
 * - usernames follow the rule (lower-case letters, digits, - and _), personas are known, a completed profile has one;
 * - accepted invitation => membership (org invitation: a member row in the org; project invitation: the org member row
 *   and the project_members row), unless the activity log shows that person was removed from / left the org (or the
 *   project) after the acceptance;
 * - no duplicate memberships (org or project) and no duplicate pending invitations per (org, email) / (project, email);
 * - no row refers to a missing row, one query per foreign key of the schema (derived from the Drizzle schema, so a new
 *   foreign key is checked without touching this file); sessions' activeOrganizationId is covered by that;
 * - a project invitation's orgId is its project's org; roles and statuses are values of their enums;
 * - no project is lost: a project whose creation is logged, in an org that still exists, exists until its deletion is
 *   logged (a deleted account takes none of the projects it created); an accepted invitation whose address has no
 *   account any more is explained by a "member.account_deleted" entry of that org after the acceptance.
 * - no banned person has a live session (a ban ends them in its own batch, and sign-in refuses banned people).
 */
import { personas, USERNAME_PATTERN } from "~/lib/profile-rules";
import { inArray, is, sql, type SQL } from "drizzle-orm";
import { getTableConfig, SQLiteTable, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import * as schema from "~/db/schema";
import type { TestApp } from "./harness";

type Db = TestApp["db"];

const { activityLog, invitation, member, organization, projectInvitations, projectMembers, projects, user } = schema;

/** Every table of the schema, for the foreign key checks. */
const tables: SQLiteTable[] = (Object.values(schema) as unknown[]).filter((v): v is SQLiteTable => is(v, SQLiteTable));

interface ForeignKeyCheck {
  label: string;
  child: SQLiteTable;
  column: SQLiteColumn;
  parent: SQLiteTable;
  parentColumn: SQLiteColumn;
}

export const foreignKeys: ForeignKeyCheck[] = tables.flatMap((child) => {
  const config = getTableConfig(child);
  return config.foreignKeys.map((fk) => {
    const ref = fk.reference();
    if (ref.columns.length !== 1) throw new Error(`composite foreign key on ${config.name}: teach checkInvariants about it`);
    const parentName = getTableConfig(ref.foreignTable).name;
    return {
      label: `${config.name}.${ref.columns[0]!.name} -> ${parentName}.${ref.foreignColumns[0]!.name}`,
      child,
      column: ref.columns[0]!,
      parent: ref.foreignTable,
      parentColumn: ref.foreignColumns[0]!,
    };
  });
});

/** How many rows of `child` have a non-null foreign key that points at no row of `parent` (a scalar subquery). */
function orphanCount(fk: ForeignKeyCheck): SQL {
  return sql`(select count(*) from ${fk.child} where ${fk.column} is not null and not exists (select 1 from ${fk.parent} where ${fk.parentColumn} = ${fk.column}))`;
}

/** `(select json_group_array(json_object(...)) from table where ...)`: all rows of a table as one JSON value. */
function rowsJson(table: SQLiteTable, columns: Record<string, SQLiteColumn>, where?: SQL): SQL {
  const fields = sql.join(
    Object.entries(columns).map(([key, column]) => sql`${key}, ${column}`),
    sql`, `,
  );
  return sql`(select json_group_array(json_object(${fields})) from ${table}${where ? sql` where ${where}` : sql``})`;
}

const REMOVAL_ACTIONS = ["member.removed", "member.left", "member.account_deleted", "project.member_removed", "project.member_left", "invitation.accepted"] as const;
/** Projects come and go only by these (or with their org): a project created and never deleted must still exist. */
const PROJECT_LIFE_ACTIONS = ["project.created", "project.deleted"] as const;

type Status = "pending" | "accepted" | "rejected" | "canceled";

/** Every row the invariants look at. Timestamps are milliseconds since the epoch. */
export interface Snapshot {
  orgs: { id: string; name: string }[];
  members: { orgId: string; userId: string; role: string }[];
  projects: { id: string; orgId: string; name: string }[];
  projectMembers: { projectId: string; userId: string; role: string }[];
  orgInvitations: { id: string; orgId: string; email: string; role: string; status: Status; acceptedAt: number | null }[];
  projectInvitations: { id: string; orgId: string; projectId: string; email: string; role: string; orgRole: string; status: Status; acceptedAt: number | null }[];
  users: { id: string; email: string; username: string | null; persona: string | null; profileCompletedAt: number | null }[];
  /** Only the activity rows that explain a missing membership (removals, leaving, deleted accounts), acceptances, and projects created and deleted. */
  log: { orgId: string; action: string; targetId: string | null; data: string | null; createdAt: number }[];
  /** Per foreign key (same order as `foreignKeys`), how many rows point at nothing. */
  orphans: number[];
  /** Unexpired sessions of people whose ban is in force. */
  bannedSessions: number;
}

/**
 * Reads everything in ONE statement (each table as a JSON array, each foreign key as a count): a local D1 charges
 * per statement, and this runs after every test and after every step of the random-operations test.
 */
export function snapshotQuery(): SQL {
  const parts: Record<string, SQL> = {
    orgs: rowsJson(organization, { id: organization.id, name: organization.name }),
    members: rowsJson(member, { orgId: member.organizationId, userId: member.userId, role: member.role }),
    projects: rowsJson(projects, { id: projects.id, orgId: projects.orgId, name: projects.name }),
    projectMembers: rowsJson(projectMembers, { projectId: projectMembers.projectId, userId: projectMembers.userId, role: projectMembers.role }),
    orgInvitations: rowsJson(invitation, {
      id: invitation.id,
      orgId: invitation.organizationId,
      email: invitation.email,
      role: invitation.role,
      status: invitation.status,
      acceptedAt: invitation.acceptedAt,
    }),
    projectInvitations: rowsJson(projectInvitations, {
      id: projectInvitations.id,
      orgId: projectInvitations.orgId,
      projectId: projectInvitations.projectId,
      email: projectInvitations.email,
      role: projectInvitations.role,
      orgRole: projectInvitations.orgRole,
      status: projectInvitations.status,
      acceptedAt: projectInvitations.acceptedAt,
    }),
    users: rowsJson(user, { id: user.id, email: user.email, username: user.username, persona: user.persona, profileCompletedAt: user.profileCompletedAt }),
    log: rowsJson(
      activityLog,
      { orgId: activityLog.orgId, action: activityLog.action, targetId: activityLog.targetId, data: activityLog.data, createdAt: activityLog.createdAt },
      inArray(activityLog.action, [...REMOVAL_ACTIONS, ...PROJECT_LIFE_ACTIONS]),
    ),
    bannedSessions: sql`(select count(*) from ${schema.session} inner join ${user} on ${user.id} = ${schema.session.userId}
      where ${user.banned} = 1 and (${user.banExpires} is null or ${user.banExpires} > unixepoch()) and ${schema.session.expiresAt} > unixepoch())`,
    orphans: foreignKeys.length ? sql`json_array(${sql.join(foreignKeys.map(orphanCount), sql`, `)})` : sql`json_array()`,
  };
  return sql`select ${sql.join(Object.entries(parts).map(([k, part]) => sql`${part} as ${sql.identifier(k)}`), sql`, `)}`;
}

/** The one row of snapshotQuery() as a Snapshot. */
export function toSnapshot(row: Record<string, string>): Snapshot {
  const out = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, JSON.parse(v)])) as unknown as Snapshot;
  // Stored as whole seconds (mode "timestamp"); the log is already in milliseconds (mode "timestamp_ms").
  for (const i of [...out.orgInvitations, ...out.projectInvitations]) i.acceptedAt = i.acceptedAt === null ? null : i.acceptedAt * 1000;
  return out;
}

export async function readSnapshot(db: Db): Promise<Snapshot> {
  return toSnapshot(await db.get<Record<string, string>>(snapshotQuery()));
}

function duplicates<T>(items: T[], key: (t: T) => string): string[] {
  const seen = new Map<string, number>();
  for (const it of items) seen.set(key(it), (seen.get(key(it)) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} x${n}`);
}

function parseData(data: string | null): Record<string, unknown> {
  try {
    return data ? (JSON.parse(data) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function checkInvariants(db: Db): Promise<string[]> {
  return findViolations(await readSnapshot(db));
}

/** The violations in a snapshot, one line each; empty when every invariant holds. */
export function findViolations(snap: Snapshot): string[] {
  const { orgs, members, projects: projectRows, projectMembers: projectMemberRows, orgInvitations, projectInvitations: projInvitations, users, log } = snap;
  const v: string[] = [];

  // Foreign keys: nothing refers to a deleted org, project or user (or session, outbox row, ...).
  foreignKeys.forEach((fk, i) => {
    const n = snap.orphans[i] ?? 0;
    if (n > 0) v.push(`foreign key ${fk.label}: ${n} row(s) point at nothing`);
  });

  if (snap.bannedSessions > 0) v.push(`${snap.bannedSessions} live session(s) of banned people`);

  // Enums SQLite does not enforce.
  for (const m of members) if (!["owner", "admin", "member"].includes(m.role)) v.push(`member ${m.userId} of org ${m.orgId} has unknown role ${m.role}`);
  for (const pm of projectMemberRows) if (!["owner", "member"].includes(pm.role)) v.push(`project member ${pm.userId} of ${pm.projectId} has unknown role ${pm.role}`);
  // Stored states are the seed's names (the API's declined and cancelled are presented, never stored).
  for (const i of [...orgInvitations, ...projInvitations]) if (!(schema.invitationStatuses as readonly string[]).includes(i.status)) v.push(`invitation ${i.id} has unknown status ${i.status}`);

  // Profiles (issue 14): usernames as the rule says (lower-case, so the unique index is case-insensitive in effect), a
  // known persona, and no completed profile without one.
  for (const u of users) {
    if (u.username !== null && !USERNAME_PATTERN.test(u.username)) v.push(`user ${u.id} has a malformed username ${JSON.stringify(u.username)}`);
    if (u.persona !== null && !(personas as readonly string[]).includes(u.persona)) v.push(`user ${u.id} has unknown persona ${u.persona}`);
    if (u.profileCompletedAt !== null && u.persona === null) v.push(`user ${u.id} completed the first-run step without a persona`);
  }

  // Owners.
  const orgOwners = new Set(members.filter((m) => m.role === "owner").map((m) => m.orgId));
  for (const o of orgs) if (!orgOwners.has(o.id)) v.push(`org ${o.id} has no owner`);
  const projectHasMembers = new Set(projectMemberRows.map((pm) => pm.projectId));
  const projectOwners = new Set(projectMemberRows.filter((pm) => pm.role === "owner").map((pm) => pm.projectId));
  for (const p of projectRows) if (projectHasMembers.has(p.id) && !projectOwners.has(p.id)) v.push(`project ${p.id} has members but no owner`);

  // Project member => org member of the project's org.
  const orgOfProject = new Map(projectRows.map((p) => [p.id, p.orgId]));
  const isOrgMember = new Set(members.map((m) => `${m.orgId}/${m.userId}`));
  const isProjectMember = new Set(projectMemberRows.map((pm) => `${pm.projectId}/${pm.userId}`));
  for (const pm of projectMemberRows) {
    const orgId = orgOfProject.get(pm.projectId);
    if (orgId && !isOrgMember.has(`${orgId}/${pm.userId}`)) v.push(`project member ${pm.userId} of ${pm.projectId} is not a member of org ${orgId}`);
  }

  // Duplicates (the unique indexes should make these impossible).
  for (const d of duplicates(members, (m) => `${m.orgId}/${m.userId}`)) v.push(`duplicate org membership ${d}`);
  for (const d of duplicates(projectMemberRows, (pm) => `${pm.projectId}/${pm.userId}`)) v.push(`duplicate project membership ${d}`);
  for (const d of duplicates(orgInvitations.filter((i) => i.status === "pending"), (i) => `${i.orgId}/${i.email}`)) v.push(`duplicate pending org invitation ${d}`);
  for (const d of duplicates(projInvitations.filter((i) => i.status === "pending"), (i) => `${i.projectId}/${i.email}`)) v.push(`duplicate pending project invitation ${d}`);

  // A project invitation belongs to its project's org.
  for (const i of projInvitations) {
    const orgId = orgOfProject.get(i.projectId);
    if (orgId && orgId !== i.orgId) v.push(`project invitation ${i.id} says org ${i.orgId} but its project is in ${orgId}`);
  }

  // Accepted invitation => membership, unless the activity log shows a later removal or leaving.
  const userByEmail = new Map(users.map((u) => [u.email, u.id]));
  const acceptedAt = new Map<string, number>();
  const removals: { orgId: string; projectId: string | null; userId: string; at: number }[] = [];
  for (const row of log) {
    const data = parseData(row.data);
    const at = row.createdAt;
    if ((PROJECT_LIFE_ACTIONS as readonly string[]).includes(row.action)) {
      continue;
    } else if (row.action === "invitation.accepted") {
      if (typeof data.invitationId === "string") acceptedAt.set(data.invitationId, at);
    } else if (row.targetId) {
      const projectId = row.action.startsWith("project.") && typeof data.projectId === "string" ? data.projectId : null;
      removals.push({ orgId: row.orgId, projectId, userId: row.targetId, at });
    }
  }
  // Leaving or being removed from the org ends the project memberships too; leaving a project ends only that one.
  const removedFromOrgAfter = (orgId: string, userId: string, since: number) =>
    removals.some((r) => r.orgId === orgId && r.userId === userId && r.at >= since && r.projectId === null);
  const removedFromProjectAfter = (orgId: string, projectId: string, userId: string, since: number) =>
    removedFromOrgAfter(orgId, userId, since) || removals.some((r) => r.projectId === projectId && r.userId === userId && r.at >= since);
  // The activity row is precise to the millisecond; acceptedAt (whole seconds, rounded down) is the fallback.
  const since = (i: { id: string; acceptedAt: number | null }) => acceptedAt.get(i.id) ?? i.acceptedAt ?? 0;

  // Whoever accepted may have deleted their account since: the org's log then says so (their address is not kept).
  const accountDeletedAfter = (orgId: string, since: number) => log.some((r) => r.action === "member.account_deleted" && r.orgId === orgId && r.createdAt >= since);
  for (const i of orgInvitations.filter((i) => i.status === "accepted")) {
    const userId = userByEmail.get(i.email);
    if (!userId && accountDeletedAfter(i.orgId, since(i))) continue;
    if (!userId) {
      v.push(`org invitation ${i.id} was accepted but no user has the address ${i.email}`);
      continue;
    }
    if (!isOrgMember.has(`${i.orgId}/${userId}`) && !removedFromOrgAfter(i.orgId, userId, since(i))) {
      v.push(`org invitation ${i.id} was accepted by ${userId} but they are not a member of org ${i.orgId} (and were never removed)`);
    }
  }
  for (const i of projInvitations.filter((i) => i.status === "accepted")) {
    const userId = userByEmail.get(i.email);
    if (!userId && accountDeletedAfter(i.orgId, since(i))) continue;
    if (!userId) {
      v.push(`project invitation ${i.id} was accepted but no user has the address ${i.email}`);
      continue;
    }
    if (!isOrgMember.has(`${i.orgId}/${userId}`) && !removedFromOrgAfter(i.orgId, userId, since(i))) {
      v.push(`project invitation ${i.id} was accepted by ${userId} but they are not a member of org ${i.orgId} (and were never removed)`);
    }
    if (!isProjectMember.has(`${i.projectId}/${userId}`) && !removedFromProjectAfter(i.orgId, i.projectId, userId, since(i))) {
      v.push(`project invitation ${i.id} was accepted by ${userId} but they are not a member of project ${i.projectId} (and were never removed)`);
    }
  }

  // No project is lost: one whose creation is logged in a workspace that still exists is there until its deletion is
  // logged (deleting the account of whoever created it must not take it along: projects.createdBy is set null).
  const orgIds = new Set(orgs.map((o) => o.id));
  const projectIds = new Set(projectRows.map((p) => p.id));
  const deletedProjects = new Set(log.filter((r) => r.action === "project.deleted" && r.targetId).map((r) => r.targetId));
  for (const r of log) {
    if (r.action !== "project.created" || !r.targetId || !orgIds.has(r.orgId)) continue;
    if (!projectIds.has(r.targetId) && !deletedProjects.has(r.targetId)) v.push(`project ${r.targetId} of org ${r.orgId} is gone but its deletion was never logged`);
  }

  return v;
}

/**
 * No broken picture: every avatar (user.image) and workspace logo (organization.logo) that is one of our image URLs
 * has its object in the bucket (a replaced or removed picture's object is deleted only once no row points at it).
 * Needs the app's R2 binding, so it is checked beside checkInvariants rather than from the one-statement snapshot.
 */
export async function checkImageInvariants(app: Pick<TestApp, "db" | "bindings">): Promise<string[]> {
  const bucket = app.bindings.IMAGES;
  if (!bucket) return [];
  const prefix = "/api/images/";
  const [avatars, logos] = await app.db.batch([
    app.db.select({ id: user.id, url: user.image }).from(user).where(sql`${user.image} like ${prefix + "%"}`),
    app.db.select({ id: organization.id, url: organization.logo }).from(organization).where(sql`${organization.logo} like ${prefix + "%"}`),
  ]);
  const v: string[] = [];
  for (const [what, rows] of [["user", avatars], ["org", logos]] as const) {
    for (const r of rows) {
      const key = r.url!.slice(prefix.length);
      if (!(await bucket.head(key))) v.push(`${what} ${r.id} points at the image ${key}, which is not in the bucket`);
    }
  }
  return v;
}
