/**
 * Project invitations: an org role plus a project role for one address. Project owners and org admins/owners invite;
 * only org admins/owners may set an org role above member (owners alone may set owner). Same token rules and the
 * same race-safe writes as org invitations (src/server/domain/invitations.ts).
 */
import { and, desc, eq, exists, lt, notExists, or, sql, type SQL } from "drizzle-orm";
import { projectInvitations, projectMembers, projects, user } from "~/db/schema";
import { assignableOrgRoles, canProject, type OrgRole, type ProjectAction } from "~/lib/permissions";
import { createProjectInvitationInput } from "~/lib/schemas";
import type { AppContext } from "../context";
import { afterCommit, outboxInsert } from "../email/outbox";
import { emails } from "../email/templates";
import { AppError } from "../errors";
import { parse } from "../validate";
import { membershipQuery, toMembership } from "./access";
import { invitationExpiry, invitationUrl, newInvitationToken } from "./invitation-tokens";
import {
  activityWhere,
  actorMayInvite,
  deadInvitationError,
  effectiveStatus,
  encodeCursor,
  invitationLimits,
  markerWritten,
  parseListQuery,
  tokenWritten,
  type Actor,
  type Invitation,
  type InvitationPage,
} from "./invitations";
import { actorMayOnProject, insertWhere, logActivityIfChanged } from "./projects";

type ProjectInvitationRow = typeof projectInvitations.$inferSelect;

function toInvitation(row: ProjectInvitationRow, inviter: { id: string; name: string }): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    orgRole: row.orgRole,
    projectId: row.projectId,
    invitedBy: { id: inviter.id, name: inviter.name },
    status: effectiveStatus(row.status, row.expiresAt),
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The caller's standing in the org and the project, from the current rows in one round trip. Someone who may not see
 * the project (not in the org, project of another org, plain org member outside the project) gets NOT_FOUND; someone
 * who may see it but not do `action` gets FORBIDDEN.
 */
async function requireProjectAccess(ctx: AppContext, userId: string, orgId: string, projectId: string, action: ProjectAction) {
  const [memberRows, projectRows, projectMemberRows] = await ctx.db.batch([
    membershipQuery(ctx, userId, { orgId }),
    ctx.db
      .select({ id: projects.id, name: projects.name })
      .from(projects)
      .where(and(eq(projects.id, projectId), eq(projects.orgId, orgId)))
      .limit(1),
    ctx.db
      .select({ role: projectMembers.role })
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
      .limit(1),
  ]);
  const m = toMembership(userId, memberRows);
  const project = projectRows[0];
  if (!project) throw new AppError("NOT_FOUND");
  const projectRole = projectMemberRows[0]?.role ?? null;
  if (!canProject(m.role, projectRole, "project.read")) throw new AppError("NOT_FOUND");
  if (!canProject(m.role, projectRole, action)) throw new AppError("FORBIDDEN");
  return { org: m.org, orgRole: m.role, project, projectRole };
}

function projectMemberByEmailQuery(ctx: AppContext, projectId: string, email: string) {
  return ctx.db
    .select({ id: projectMembers.id })
    .from(projectMembers)
    .innerJoin(user, eq(user.id, projectMembers.userId))
    .where(and(eq(projectMembers.projectId, projectId), eq(user.email, email)))
    .limit(1);
}

/**
 * True inside a statement while the project exists in the org and `actorId` may still manage its members and, for an
 * org role above member, hand out that org role: the write-time twin of the checks in requireProjectAccess, so a
 * request in flight while its sender was removed or demoted, or the project deleted, writes and sends nothing.
 */
function actorMayInviteToProject(ctx: AppContext, orgId: string, projectId: string, actorId: string, orgRole: OrgRole): SQL {
  return and(
    exists(
      ctx.db
        .select({ one: sql`1` })
        .from(projects)
        .where(and(eq(projects.id, projectId), eq(projects.orgId, orgId))),
    ),
    actorMayOnProject(orgId, projectId, actorId, "project.manageMembers"),
    orgRole === "member" ? undefined : actorMayInvite(ctx, orgId, actorId, orgRole),
  )!;
}

/**
 * What only the request that creates an invitation can know: the link itself (the token is stored only as a hash, so
 * this is the one moment it can be shown, for the sender to copy), and whether it replaced a pending invitation to the
 * same address, whose link stopped working.
 */
export interface CreatedInvitation extends Invitation {
  link: string;
  replaced: boolean;
}

/** Invites an address to a project (and, if need be, the org), or refreshes its pending invitation to that project. */
export async function createProjectInvitation(ctx: AppContext, actor: Actor, orgId: string, projectId: string, input: unknown): Promise<CreatedInvitation> {
  const access = await requireProjectAccess(ctx, actor.id, orgId, projectId, "project.manageMembers");
  const data = parse(createProjectInvitationInput, input);
  const orgRole = data.orgRole ?? "member";
  // Any project manager may bring someone into the org as a member; a higher org role is the org's admins' call.
  if (orgRole !== "member" && !assignableOrgRoles(access.orgRole).includes(orgRole)) {
    throw new AppError("FORBIDDEN", orgRole === "owner" ? "Only workspace owners can invite someone as an owner." : "Only workspace admins and owners can set a workspace role above member.");
  }

  // Project invitations share their org's budget (they are emails sent in the org's name); an address already in the
  // org is not counted against its budget of invitations from strangers.
  const limits = await invitationLimits(ctx, actor.id, orgId, data.email, notExists(projectMemberByEmailQuery(ctx, projectId, data.email)));
  const [members, pending, ...counts] = await ctx.db.batch([
    projectMemberByEmailQuery(ctx, projectId, data.email),
    ctx.db
      .select({ id: projectInvitations.id })
      .from(projectInvitations)
      .where(and(eq(projectInvitations.projectId, projectId), eq(projectInvitations.email, data.email), eq(projectInvitations.status, "pending")))
      .limit(1),
    ...limits.queries,
  ]);
  if (members.length) throw new AppError("ALREADY_MEMBER", `${data.email} is already a member of this project.`);
  limits.check(counts);

  const now = new Date();
  const id = crypto.randomUUID();
  const { token, hash } = await newInvitationToken();
  const expiresAt = invitationExpiry(now);
  const link = invitationUrl(ctx.env.appUrl, token);
  const mail = outboxInsert(ctx, emails.invitation(data.email, link, actor.name, access.org.name, access.project.name), tokenWritten(ctx, projectInvitations, hash));
  const existingId = pending[0]?.id;
  const [rows] = await ctx.db.batch([
    insertWhere(
      ctx,
      projectInvitations,
      { id, orgId, projectId, email: data.email, role: data.role, orgRole, status: "pending", token: hash, invitedBy: actor.id, expiresAt, createdAt: now, updatedAt: now },
      actorMayInviteToProject(ctx, orgId, projectId, actor.id, orgRole),
    )
      .onConflictDoUpdate({
        target: [projectInvitations.projectId, projectInvitations.email],
        // Must match the partial index's predicate literally for SQLite to pick that index as the conflict target.
        targetWhere: sql`status = 'pending'`,
        set: { token: hash, role: data.role, orgRole, expiresAt, invitedBy: actor.id, updatedAt: now },
      })
      .returning(),
    logActivityIfChanged(ctx, {
      orgId,
      actorId: actor.id,
      action: existingId ? "invitation.updated" : "invitation.created",
      target: { type: "invitation", id: existingId ?? id, label: data.email },
      data: { projectId, projectName: access.project.name, role: data.role, orgRole },
    }),
    mail.query,
  ]);
  if (!rows[0]) {
    // The sender lost the right (or the project went) since our read: nothing was written, the email included.
    await requireProjectAccess(ctx, actor.id, orgId, projectId, "project.manageMembers");
    throw new AppError("FORBIDDEN", "Only workspace admins and owners can set a workspace role above member.");
  }
  afterCommit(ctx, [mail.id]);
  // The upsert keeps the pending row's id: a different id than ours means an earlier invitation (and link) was replaced.
  return { ...toInvitation(rows[0], actor), link, replaced: rows[0].id !== id };
}

/** Pending invitations of a project, newest first; scoped by org so another org's project id finds nothing. */
export function pendingProjectInvitationsQuery(ctx: AppContext, orgId: string | SQL, projectId: string, limit: number, after?: { createdAt: Date; id: string } | null) {
  const t = projectInvitations;
  return ctx.db
    // Aliased: in a batch D1 keys columns by name, and project_invitations.id and user.id would collide.
    .select({ inv: t, inviter: { id: sql<string>`${user.id}`.as("inviterUserId"), name: user.name } })
    .from(t)
    .innerJoin(user, eq(user.id, t.invitedBy))
    .where(
      and(
        eq(t.projectId, projectId),
        eq(t.orgId, orgId),
        eq(t.status, "pending"),
        after ? or(lt(t.createdAt, after.createdAt), and(eq(t.createdAt, after.createdAt), lt(t.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(t.createdAt), desc(t.id))
    .limit(limit + 1);
}

export function toInvitationPage(rows: Awaited<ReturnType<typeof pendingProjectInvitationsQuery>>, limit: number): InvitationPage {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => toInvitation(r.inv, r.inviter)),
    nextCursor: rows.length > limit && last ? encodeCursor(last.inv.createdAt, last.inv.id) : null,
  };
}

export async function listProjectInvitations(ctx: AppContext, actor: Actor, orgId: string, projectId: string, query: unknown = {}): Promise<InvitationPage> {
  await requireProjectAccess(ctx, actor.id, orgId, projectId, "project.read");
  const { limit, after } = parseListQuery(query);
  return toInvitationPage(await pendingProjectInvitationsQuery(ctx, orgId, projectId, limit, after), limit);
}

async function findProjectInvitation(ctx: AppContext, orgId: string, projectId: string, id: string) {
  const rows = await ctx.db
    .select({ inv: projectInvitations, inviter: { id: user.id, name: user.name } })
    .from(projectInvitations)
    .innerJoin(user, eq(user.id, projectInvitations.invitedBy))
    .where(and(eq(projectInvitations.id, id), eq(projectInvitations.projectId, projectId), eq(projectInvitations.orgId, orgId)))
    .limit(1);
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

function pendingCondition(orgId: string, projectId: string, id: string) {
  return and(eq(projectInvitations.id, id), eq(projectInvitations.projectId, projectId), eq(projectInvitations.orgId, orgId), eq(projectInvitations.status, "pending"))!;
}

/** A new token and expiry, sent again; the old link stops working at once. */
export async function resendProjectInvitation(ctx: AppContext, actor: Actor, orgId: string, projectId: string, invitationId: string): Promise<Invitation> {
  const access = await requireProjectAccess(ctx, actor.id, orgId, projectId, "project.manageMembers");
  const found = await findProjectInvitation(ctx, orgId, projectId, invitationId);
  if (found.inv.status !== "pending") throw deadInvitationError(found.inv.status);
  // Resending re-issues the org role too, so the same limit applies as when inviting.
  if (found.inv.orgRole !== "member" && !assignableOrgRoles(access.orgRole).includes(found.inv.orgRole)) {
    throw new AppError("FORBIDDEN", "Only workspace admins and owners can resend an invitation with that workspace role.");
  }
  const limits = await invitationLimits(ctx, actor.id, orgId, found.inv.email, notExists(projectMemberByEmailQuery(ctx, projectId, found.inv.email)));
  const [members, ...counts] = await ctx.db.batch([projectMemberByEmailQuery(ctx, projectId, found.inv.email), ...limits.queries]);
  if (members.length) throw new AppError("ALREADY_MEMBER", `${found.inv.email} is already a member of this project.`);
  limits.check(counts);

  const now = new Date();
  const { token, hash } = await newInvitationToken();
  const expiresAt = invitationExpiry(now);
  const mail = outboxInsert(
    ctx,
    emails.invitation(found.inv.email, invitationUrl(ctx.env.appUrl, token), actor.name, access.org.name, access.project.name),
    tokenWritten(ctx, projectInvitations, hash),
  );
  const markerId = crypto.randomUUID();
  const pendingNow = pendingCondition(orgId, projectId, invitationId);
  const [, updated] = await ctx.db.batch([
    activityWhere(
      ctx,
      markerId,
      { orgId, actor, action: "invitation.resent", target: { type: "invitation", id: invitationId, label: found.inv.email }, data: { projectId } },
      projectInvitations,
      and(pendingNow, actorMayInviteToProject(ctx, orgId, projectId, actor.id, found.inv.orgRole))!,
    ),
    ctx.db
      .update(projectInvitations)
      .set({ token: hash, expiresAt, invitedBy: actor.id, updatedAt: now })
      .where(and(pendingNow, markerWritten(markerId)))
      .returning(),
    mail.query,
  ]);
  const row = updated[0];
  if (!row) {
    // Accepted or cancelled, or the sender lost the right, between our read and our write: no new token, no email.
    const again = await requireProjectAccess(ctx, actor.id, orgId, projectId, "project.manageMembers");
    if (found.inv.orgRole !== "member" && !assignableOrgRoles(again.orgRole).includes(found.inv.orgRole)) {
      throw new AppError("FORBIDDEN", "Only workspace admins and owners can resend an invitation with that workspace role.");
    }
    throw deadInvitationError((await findProjectInvitation(ctx, orgId, projectId, invitationId)).inv.status);
  }
  afterCommit(ctx, [mail.id]);
  return toInvitation(row, actor);
}

export async function cancelProjectInvitation(ctx: AppContext, actor: Actor, orgId: string, projectId: string, invitationId: string): Promise<Invitation> {
  await requireProjectAccess(ctx, actor.id, orgId, projectId, "project.manageMembers");
  const found = await findProjectInvitation(ctx, orgId, projectId, invitationId);
  if (found.inv.status !== "pending") throw deadInvitationError(found.inv.status);
  const markerId = crypto.randomUUID();
  const pendingNow = pendingCondition(orgId, projectId, invitationId);
  const [, updated] = await ctx.db.batch([
    activityWhere(
      ctx,
      markerId,
      { orgId, actor, action: "invitation.cancelled", target: { type: "invitation", id: invitationId, label: found.inv.email }, data: { projectId } },
      projectInvitations,
      and(pendingNow, actorMayOnProject(orgId, projectId, actor.id, "project.manageMembers"))!,
    ),
    ctx.db
      .update(projectInvitations)
      .set({ status: "cancelled", updatedAt: new Date() })
      .where(and(pendingNow, markerWritten(markerId)))
      .returning(),
  ]);
  const row = updated[0];
  if (!row) {
    await requireProjectAccess(ctx, actor.id, orgId, projectId, "project.manageMembers");
    throw deadInvitationError((await findProjectInvitation(ctx, orgId, projectId, invitationId)).inv.status);
  }
  return toInvitation(row, found.inviter);
}
