/**
 * The SQL guards of the guarded writes: the permission table (src/lib/permissions.ts) compiled into conditions that a
 * write statement carries in its WHERE, so the rule is decided again against the rows as the statement runs
 * (docs/adr/0006). The JS check before a write gives the precise error; the guard is what makes a request that was in
 * flight while its caller was removed or demoted, or while the target changed, write nothing.
 *
 * `actorId` and `orgId` may be values or sub-selects (the session's user, an org by its address).
 */
import { and, count, eq, exists, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { alias, QueryBuilder, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { member, projectMembers, projects } from "~/db/schema";
import {
  canChangeOrgRole,
  canOrg,
  canProject,
  canRemoveOrgMember,
  orgInvitationRoles,
  orgRoles,
  projectInvitationOrgRoles,
  projectRoles,
  type OrgAction,
  type OrgRole,
  type ProjectAction,
  type ProjectRole,
} from "~/lib/permissions";

type Id = string | SQL;

/** Builds sub-selects without a database handle (they are embedded in other statements). */
const qb = new QueryBuilder();

const actorOrg = alias(member, "actor_org");
const actorProject = alias(projectMembers, "actor_project");
const otherOwner = alias(member, "other_owner");
const pmOther = alias(projectMembers, "pm_other");
const pmOwner = alias(projectMembers, "pm_owner");

/** True while some row of `table` matches `where`: how a statement on another table shares a guard. */
export function holds(table: SQLiteTable, where: SQL): SQL {
  return exists(qb.select({ one: sql`1` }).from(table).where(where));
}

function or0(conditions: SQL[]): SQL {
  return conditions.length ? or(...conditions)! : sql`0`;
}

/** The caller is a member of the org whose role satisfies `allowed` (each role is tried against the table). */
function actorOrgRoleIn(orgId: Id, actorId: Id, allowed: (role: OrgRole) => boolean): SQL {
  const roles = orgRoles.filter(allowed);
  if (!roles.length) return sql`0`;
  return exists(
    qb
      .select({ one: sql`1` })
      .from(actorOrg)
      .where(and(eq(actorOrg.organizationId, orgId), eq(actorOrg.userId, actorId), inArray(actorOrg.role, roles))),
  );
}

/** The caller may still do `action` in the org. */
export function actorMayOrg(orgId: Id, actorId: Id, action: OrgAction): SQL {
  return actorOrgRoleIn(orgId, actorId, (r) => canOrg(r, action));
}

/** The caller may still send an org invitation carrying `role`. */
export function actorMayInviteToOrg(orgId: Id, actorId: Id, role: OrgRole): SQL {
  return actorOrgRoleIn(orgId, actorId, (r) => orgInvitationRoles(r).includes(role));
}

/** The caller's (org role, project role) pair satisfies `allowed`, every pair of the table tried. */
function actorOnProject(orgId: Id, projectId: string, actorId: Id, allowed: (o: OrgRole, p: ProjectRole | null) => boolean): SQL {
  const pairs: SQL[] = [];
  for (const o of orgRoles) {
    for (const p of [...projectRoles, null]) {
      if (allowed(o, p)) pairs.push(and(eq(actorOrg.role, o), p === null ? isNull(actorProject.role) : eq(actorProject.role, p))!);
    }
  }
  return exists(
    qb
      .select({ one: sql`1` })
      .from(actorOrg)
      .leftJoin(actorProject, and(eq(actorProject.projectId, projectId), eq(actorProject.userId, actorOrg.userId)))
      .where(and(eq(actorOrg.organizationId, orgId), eq(actorOrg.userId, actorId), or0(pairs))),
  );
}

/** The caller may still do `action` on the project (a project role, or org admin/owner acting as its owner). */
export function actorMayOnProject(orgId: Id, projectId: string, actorId: Id, action: ProjectAction): SQL {
  return actorOnProject(orgId, projectId, actorId, (o, p) => canProject(o, p, action));
}

/** The project still exists in the org and the caller may still invite to it with `orgRole` (projectInvitationOrgRoles). */
export function actorMayInviteToProject(orgId: Id, projectId: string, actorId: Id, orgRole: OrgRole): SQL {
  return and(
    projectInOrg(orgId, projectId),
    actorOnProject(orgId, projectId, actorId, (o, p) => projectInvitationOrgRoles(o, p).includes(orgRole)),
  )!;
}

/**
 * On the target's member row (the `member` table of the UPDATE): the caller may still move it to `next`
 * (canChangeOrgRole, for the target's role as it is when the statement runs).
 */
export function actorMayChangeOrgRole(orgId: Id, actorId: Id, next: OrgRole): SQL {
  const pairs: SQL[] = [];
  for (const a of orgRoles) for (const t of orgRoles) if (canChangeOrgRole(a, t, next)) pairs.push(and(eq(actorOrg.role, a), eq(member.role, t))!);
  return exists(
    qb
      .select({ one: sql`1` })
      .from(actorOrg)
      .where(and(eq(actorOrg.organizationId, orgId), eq(actorOrg.userId, actorId), or0(pairs))),
  );
}

/** On the target's member row: the caller may still remove it (canRemoveOrgMember, for the target's current role). */
export function actorMayRemoveOrgMember(orgId: Id, actorId: Id): SQL {
  const pairs: SQL[] = [];
  for (const a of orgRoles) for (const t of orgRoles) if (canRemoveOrgMember(a, t)) pairs.push(and(eq(actorOrg.role, a), eq(member.role, t))!);
  return exists(
    qb
      .select({ one: sql`1` })
      .from(actorOrg)
      .where(and(eq(actorOrg.organizationId, orgId), eq(actorOrg.userId, actorId), or0(pairs))),
  );
}

/**
 * On a member row: unless it is an owner's, true; else someone else is an owner too. What keeps an org from ever having
 * zero owners, also when two owners step down at once (D1 runs one write at a time).
 */
export function notLastOrgOwner(orgId: Id, userId: Id): SQL {
  const others = exists(
    qb
      .select({ one: sql`1` })
      .from(otherOwner)
      .where(and(eq(otherOwner.organizationId, orgId), eq(otherOwner.role, "owner"), ne(otherOwner.userId, userId))),
  );
  return sql`(${member.role} <> 'owner' or ${others})`;
}

/** True while `userId` is a member of the org: project membership requires it. */
export function isOrgMember(orgId: Id, userId: Id): SQL {
  return exists(qb.select({ one: sql`1` }).from(member).where(and(eq(member.organizationId, orgId), eq(member.userId, userId))));
}

export function projectInOrg(orgId: Id, projectId: string): SQL {
  return exists(qb.select({ one: sql`1` }).from(projects).where(and(eq(projects.id, projectId), eq(projects.orgId, orgId))));
}

/** On a project_members row: true unless removing or demoting it would leave the project without an owner. */
export function notLastProjectOwner(projectId: string, userId: string): SQL {
  const otherOwners = qb
    .select({ n: count() })
    .from(pmOther)
    .where(and(eq(pmOther.projectId, projectId), eq(pmOther.role, "owner"), ne(pmOther.userId, userId)));
  return sql`(${projectMembers.role} <> 'owner' or (${otherOwners}) > 0)`;
}

/**
 * The project role a newcomer gets, decided when the insert runs: `role`, unless the project has no owner, in which
 * case the newcomer becomes its owner. A project is left without owners only when its sole owner leaves the org and
 * nobody else is in it (members.ts promoteProjectHeirs); without this, adding a plain member to such a project (or
 * accepting an older invitation to it) would give it members but no owner, and no member able to manage it.
 */
export function projectRoleOnJoin(projectId: string, role: ProjectRole): SQL<ProjectRole> {
  const hasOwner = exists(qb.select({ one: sql`1` }).from(pmOwner).where(and(eq(pmOwner.projectId, projectId), eq(pmOwner.role, "owner"))));
  return sql<ProjectRole>`case when ${hasOwner} then ${role} else 'owner' end`;
}
