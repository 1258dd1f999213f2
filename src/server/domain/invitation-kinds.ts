/**
 * What differs between the two kinds of invitation, so that one engine (./invitation-writes.ts) serves both: the
 * table and its columns, who may send one (src/lib/permissions.ts, also compiled into the write's guard), which
 * membership makes the address "already a member", and what the email and the log say.
 */
import { and, eq, or, sql, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { invitation, member, projectInvitations, projectMembers, user } from "~/db/schema";
import { canOrg, orgInvitationRoles, orgRoles, projectInvitationOrgRoles, type OrgRole, type ProjectRole } from "~/lib/permissions";
import type { OrgActor } from "../actor";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { actorMayInviteToOrg, actorMayInviteToProject, actorMayOnProject, actorMayOrg } from "../writes/guards";
import type { Rows, Statement } from "../writes/run";
import { fromOrgRow, type InvitationRow } from "./invitations";
import { projectRead, projectStanding } from "./project-writes";

export type InvitationScope = { kind: "org" } | { kind: "project"; projectId: string };

type Id = string | SQL;

/** Where the sender stands: the names the email shows, and the roles they may hand out. */
export interface Standing {
  orgName: string;
  projectName: string | null;
  orgRoles: OrgRole[];
}

export interface InvitationValues {
  id: string;
  email: string;
  role: OrgRole | ProjectRole;
  orgRole: OrgRole;
  hash: string;
  inviterId: string;
  expiresAt: Date;
  now: Date;
}

export interface Kind {
  table: typeof invitation | typeof projectInvitations;
  /** Reads of the sender's standing, in the actor's batch (accessReadCount of them). */
  accessReads(ctx: AppContext, user: Id, orgId: Id): ReturnType<typeof projectRead>[];
  accessReadCount: number;
  /** NOT_FOUND / FORBIDDEN for a sender who may not manage these invitations. */
  standing(actor: OrgActor, rows: Rows[]): Standing;
  forbidden(orgRole: OrgRole): AppError;
  /** The write's guard: the sender may still send an invitation carrying `orgRole` (a value or the row's column). */
  mayInvite(orgId: Id, actorId: Id, orgRole: OrgRole | SQL): SQL;
  /** The cancel's guard: the sender may still manage these invitations. */
  mayManage(orgId: Id, actorId: Id): SQL;
  /** The address is already in what the invitation grants (the org, or the project): a query, for reads and guards. */
  memberByEmail(ctx: AppContext, orgId: Id, email: string | SQL): SQLiteSelectLike;
  alreadyMember(email: string): AppError;
  /** Rows of this kind in this scope, pending or with this id. */
  inScope(orgId: Id): SQL;
  pendingFor(orgId: Id, email: string): SQL;
  /** The row as the API shapes it (an org invitation's role is its org role). */
  row(r: unknown): InvitationRow;
  /** The org role the row carries, as a column. */
  orgRoleColumn: AnySQLiteColumn;
  insertValues(orgId: string, v: InvitationValues): Record<string, unknown>;
  refresh(v: InvitationValues): Record<string, unknown>;
  conflictTarget: AnySQLiteColumn[];
  inviterColumn: typeof invitation.inviterId | typeof projectInvitations.invitedBy;
  /** What the log says about an invitation created (`role` given) or resent and cancelled. */
  logData(standing: Standing, role?: OrgRole | ProjectRole, orgRole?: OrgRole): Record<string, unknown> | undefined;
}

/** `orgRole` a value, or for each role a value may take, the guard for it (a row's column decided as the statement runs). */
function perRole(orgRole: OrgRole | SQL, guard: (r: OrgRole) => SQL): SQL {
  if (typeof orgRole === "string") return guard(orgRole);
  return or(...orgRoles.map((r) => and(sql`${orgRole} = ${r}`, guard(r))))!;
}

/** An org member with this address: for "already a member", and for the budget of invitations from strangers. */
export function orgMemberByEmail(ctx: AppContext, orgId: Id, email: string | SQL) {
  return ctx.db
    .select({ id: member.id })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(and(eq(member.organizationId, orgId), eq(user.email, email)))
    .limit(1);
}

type SQLiteSelectLike = Statement;

/** True while `query` finds a row, as the statement embedding it runs. */
export function has(query: Statement): SQL {
  return sql`exists (${query as unknown as SQL})`;
}

export function kindOf(scope: InvitationScope): Kind {
  return scope.kind === "org" ? orgKind : projectKind(scope.projectId);
}

const orgKind: Kind = {
  table: invitation,
  accessReads: () => [],
  accessReadCount: 0,
  standing(actor) {
    if (!canOrg(actor.role, "invitations.manage")) throw new AppError("FORBIDDEN");
    return { orgName: actor.org.name, projectName: null, orgRoles: orgInvitationRoles(actor.role) };
  },
  forbidden: () => new AppError("FORBIDDEN", "Only owners can invite someone as an owner."),
  mayInvite: (orgId, actorId, orgRole) => perRole(orgRole, (r) => actorMayInviteToOrg(orgId, actorId, r)),
  mayManage: (orgId, actorId) => actorMayOrg(orgId, actorId, "invitations.manage"),
  memberByEmail: (ctx, orgId, email) => orgMemberByEmail(ctx, orgId, email),
  alreadyMember: (email) => new AppError("ALREADY_MEMBER", `${email} is already a member of this workspace.`),
  inScope: (orgId) => eq(invitation.organizationId, orgId),
  pendingFor: (orgId, email) => and(eq(invitation.organizationId, orgId), eq(invitation.email, email), eq(invitation.status, "pending"))!,
  row: (r) => fromOrgRow(r as typeof invitation.$inferSelect),
  orgRoleColumn: invitation.role,
  insertValues: (orgId, v) => ({
    id: v.id,
    email: v.email,
    inviterId: v.inviterId,
    organizationId: orgId,
    role: v.orgRole,
    status: "pending",
    token: v.hash,
    expiresAt: v.expiresAt,
    createdAt: v.now,
    updatedAt: v.now,
  }),
  refresh: (v) => ({ token: v.hash, role: v.orgRole, expiresAt: v.expiresAt, inviterId: v.inviterId, updatedAt: v.now }),
  conflictTarget: [invitation.organizationId, invitation.email],
  inviterColumn: invitation.inviterId,
  logData: (_s, role) => (role ? { role } : undefined),
};

function projectKind(projectId: string): Kind {
  const t = projectInvitations;
  return {
    table: t,
    accessReads: (ctx, user, orgId) => [projectRead(ctx, user, orgId, projectId)],
    accessReadCount: 1,
    standing(actor, rows) {
      const { project, projectRole } = projectStanding(actor, rows[0]!, "project.manageMembers");
      return { orgName: actor.org.name, projectName: project.name, orgRoles: projectInvitationOrgRoles(actor.role, projectRole) };
    },
    forbidden: (orgRole) =>
      new AppError("FORBIDDEN", orgRole === "owner" ? "Only workspace owners can invite someone as an owner." : "Only workspace admins and owners can set a workspace role above member."),
    mayInvite: (orgId, actorId, orgRole) => perRole(orgRole, (r) => actorMayInviteToProject(orgId, projectId, actorId, r)),
    mayManage: (orgId, actorId) => actorMayOnProject(orgId, projectId, actorId, "project.manageMembers"),
    memberByEmail: (ctx, _orgId, email) =>
      ctx.db
        .select({ id: projectMembers.id })
        .from(projectMembers)
        .innerJoin(user, eq(user.id, projectMembers.userId))
        .where(and(eq(projectMembers.projectId, projectId), eq(user.email, email)))
        .limit(1),
    alreadyMember: (email) => new AppError("ALREADY_MEMBER", `${email} is already a member of this project.`),
    inScope: (orgId) => and(eq(t.orgId, orgId), eq(t.projectId, projectId))!,
    pendingFor: (orgId, email) => and(eq(t.orgId, orgId), eq(t.projectId, projectId), eq(t.email, email), eq(t.status, "pending"))!,
    row: (r) => r as InvitationRow,
    orgRoleColumn: t.orgRole,
    insertValues: (orgId, v) => ({
      id: v.id,
      orgId,
      projectId,
      email: v.email,
      role: v.role,
      orgRole: v.orgRole,
      status: "pending",
      token: v.hash,
      invitedBy: v.inviterId,
      expiresAt: v.expiresAt,
      createdAt: v.now,
      updatedAt: v.now,
    }),
    refresh: (v) => ({ token: v.hash, role: v.role, orgRole: v.orgRole, expiresAt: v.expiresAt, invitedBy: v.inviterId, updatedAt: v.now }),
    conflictTarget: [t.projectId, t.email],
    inviterColumn: t.invitedBy,
    logData: (s, role, orgRole) => (role ? { projectId, projectName: s.projectName, role, orgRole } : { projectId }),
  };
}
