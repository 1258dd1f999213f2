/**
 * The invitee's side of both kinds of invitation: what the public /invite/<token> page shows, accept and decline.
 *
 * Accept is one db.batch() whose statements are each conditional, so that of N concurrent accepts (or an accept racing
 * a cancel) exactly one takes effect: the first statement writes this request's activity row only while the
 * invitation is still pending and unexpired; every later statement runs only if that row exists. D1 runs a batch as
 * one transaction, one batch after another, so the loser's first statement already sees a non-pending invitation.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import { activityLog, invitation, member, organization, projectInvitations, projectMembers, projects, user } from "~/db/schema";
import type { OrgRole, ProjectRole } from "~/lib/permissions";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { clientAddress, prepareHit } from "../rate-limit";
import type { SessionUser } from "../session";
import { hashInvitationToken, isWellFormedToken } from "./invitation-tokens";
import { activityWhere, deadInvitationError, effectiveStatus, markerWritten, type InvitationStatus } from "./invitations";
import { projectRoleOnJoin } from "./projects";

/** What the public invitation page may show: no ids, no token. */
export interface InvitationView {
  status: InvitationStatus;
  email: string;
  org: { name: string; slug: string };
  project: { name: string } | null;
  inviter: { name: string };
  role: OrgRole | ProjectRole;
  orgRole: OrgRole;
  expiresAt: string;
}

export interface AcceptResult {
  orgId: string;
  orgSlug: string;
  projectId: string | null;
}

interface FoundInvitation {
  kind: "org" | "project";
  id: string;
  email: string;
  role: OrgRole | ProjectRole;
  orgRole: OrgRole;
  status: "pending" | "accepted" | "declined" | "cancelled";
  expiresAt: Date;
  org: { id: string; name: string; slug: string };
  project: { id: string; name: string } | null;
  inviterName: string;
}

/**
 * Looks a token up in both invitation tables in one round trip; null when it is not (or no longer) a token of ours.
 * With `countUse`, the same round trip counts one use of a token against the caller's address (page, API look-up,
 * accept, decline share one budget; the address comes from the request scope, so the API and the /invite page's
 * server functions are counted alike). A malformed token never reaches the database, so it needs no counting.
 */
async function findByToken(ctx: AppContext, token: string, countUse = false): Promise<FoundInvitation | null> {
  if (!isWellFormedToken(token)) return null;
  const limiter = countUse ? await prepareHit(ctx, "invitationTokenPerAddress", clientAddress()) : null;
  const hash = await hashInvitationToken(token);
  // Joined columns share names (id, name); D1 batches return rows keyed by column name, so each gets an alias.
  const orgName = sql<string>`${organization.name}`.as("orgName");
  const orgSlug = sql<string>`${organization.slug}`.as("orgSlug");
  const inviterName = sql<string>`${user.name}`.as("inviterName");
  const lookups = [
    ctx.db
      .select({ inv: invitation, orgName, orgSlug, inviterName })
      .from(invitation)
      .innerJoin(organization, eq(organization.id, invitation.organizationId))
      .innerJoin(user, eq(user.id, invitation.inviterId))
      .where(eq(invitation.token, hash))
      .limit(1),
    ctx.db
      .select({ inv: projectInvitations, orgName, orgSlug, projectName: sql<string>`${projects.name}`.as("projectName"), inviterName })
      .from(projectInvitations)
      .innerJoin(organization, eq(organization.id, projectInvitations.orgId))
      .innerJoin(projects, eq(projects.id, projectInvitations.projectId))
      .innerJoin(user, eq(user.id, projectInvitations.invitedBy))
      .where(eq(projectInvitations.token, hash))
      .limit(1),
  ] as const;
  let orgRows, projectRows;
  if (limiter) {
    const [counted, ...found] = await ctx.db.batch([limiter.query, ...lookups]);
    limiter.check(counted);
    [orgRows, projectRows] = found;
  } else {
    [orgRows, projectRows] = await ctx.db.batch(lookups);
  }
  const o = orgRows[0];
  if (o) {
    const { inv } = o;
    return {
      kind: "org",
      id: inv.id,
      email: inv.email,
      role: inv.role,
      orgRole: inv.role,
      status: inv.status,
      expiresAt: inv.expiresAt,
      org: { id: inv.organizationId, name: o.orgName, slug: o.orgSlug },
      project: null,
      inviterName: o.inviterName,
    };
  }
  const p = projectRows[0];
  if (p) {
    const { inv } = p;
    return {
      kind: "project",
      id: inv.id,
      email: inv.email,
      role: inv.role,
      orgRole: inv.orgRole,
      status: inv.status,
      expiresAt: inv.expiresAt,
      org: { id: inv.orgId, name: p.orgName, slug: p.orgSlug },
      project: { id: inv.projectId, name: p.projectName },
      inviterName: p.inviterName,
    };
  }
  return null;
}

/** Public: the state of an invitation for its page. Unknown tokens (including rotated ones) are NOT_FOUND. */
export async function getInvitationByToken(ctx: AppContext, token: string): Promise<InvitationView> {
  const inv = await findByToken(ctx, token, true);
  if (!inv) throw new AppError("NOT_FOUND", "We could not find this invitation. The link may be incomplete or was replaced by a newer one.");
  return {
    status: effectiveStatus(inv.status, inv.expiresAt),
    email: inv.email,
    org: { name: inv.org.name, slug: inv.org.slug },
    project: inv.project ? { name: inv.project.name } : null,
    inviter: { name: inv.inviterName },
    role: inv.role,
    orgRole: inv.orgRole,
    expiresAt: inv.expiresAt.toISOString(),
  };
}

/** Only the invited address, verified, may act on an invitation: holding the link is not enough. */
function requireInvitee(u: SessionUser, inv: FoundInvitation): void {
  if (u.email.trim().toLowerCase() !== inv.email) {
    throw new AppError("INVITATION_EMAIL_MISMATCH", `This invitation was sent to ${inv.email}, but you are signed in as ${u.email}.`, {
      invitedEmail: inv.email,
      signedInEmail: u.email,
    });
  }
  if (!u.emailVerified) {
    throw new AppError("INVITATION_EMAIL_MISMATCH", `Verify ${inv.email} first, then accept the invitation.`, { invitedEmail: inv.email, signedInEmail: u.email });
  }
}

async function loadActionable(ctx: AppContext, u: SessionUser, token: string): Promise<FoundInvitation> {
  const inv = await findByToken(ctx, token, true);
  if (!inv) throw new AppError("NOT_FOUND");
  requireInvitee(u, inv);
  const status = effectiveStatus(inv.status, inv.expiresAt);
  if (status !== "pending") throw deadInvitationError(status);
  return inv;
}

/** Why a conditional batch did nothing: the invitation's state as it is now. */
async function explainLoss(ctx: AppContext, token: string): Promise<AppError> {
  const now = await findByToken(ctx, token);
  return now ? deadInvitationError(effectiveStatus(now.status, now.expiresAt)) : new AppError("NOT_FOUND");
}

function pendingCondition(inv: FoundInvitation, now: Date) {
  return inv.kind === "org"
    ? and(eq(invitation.id, inv.id), eq(invitation.status, "pending"), gt(invitation.expiresAt, now))!
    : and(eq(projectInvitations.id, inv.id), eq(projectInvitations.status, "pending"), gt(projectInvitations.expiresAt, now))!;
}

/**
 * Accepts as the signed-in invitee: org membership (kept as it is if they already have one), then for a project
 * invitation the project membership, and the invitation marked accepted, all in one batch.
 */
export async function acceptInvitation(ctx: AppContext, u: SessionUser, token: string): Promise<AcceptResult> {
  const inv = await loadActionable(ctx, u, token);
  const now = new Date();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const markerId = crypto.randomUUID();
  const marker = markerWritten(markerId);
  const table = inv.kind === "org" ? invitation : projectInvitations;

  const logAccepted = activityWhere(
    ctx,
    markerId,
    {
      orgId: inv.org.id,
      actor: { id: u.id, name: u.name },
      action: "invitation.accepted",
      target: { type: "user", id: u.id, label: u.email },
      data: { invitationId: inv.id, role: inv.role, orgRole: inv.orgRole, ...(inv.project ? { projectId: inv.project.id, projectName: inv.project.name } : {}) },
    },
    table,
    pendingCondition(inv, now),
  );
  const markAccepted =
    inv.kind === "org"
      ? ctx.db.update(invitation).set({ status: "accepted", acceptedAt: now, updatedAt: now }).where(and(eq(invitation.id, inv.id), eq(invitation.status, "pending"), marker))
      : ctx.db
          .update(projectInvitations)
          .set({ status: "accepted", acceptedAt: now, updatedAt: now })
          .where(and(eq(projectInvitations.id, inv.id), eq(projectInvitations.status, "pending"), marker));
  // An existing org membership wins (higher or lower): accepting never changes someone's role.
  const addOrgMember = ctx.db
    .insert(member)
    .select(
      ctx.db
        .select({
          id: sql<string>`${crypto.randomUUID()}`.as("id"),
          userId: sql<string>`${u.id}`.as("userId"),
          organizationId: sql<string>`${inv.org.id}`.as("organizationId"),
          role: sql<OrgRole>`${inv.orgRole}`.as("role"),
          createdAt: sql<number>`${nowSeconds}`.as("createdAt"),
          lastActiveAt: sql<number>`${nowSeconds}`.as("lastActiveAt"),
          // Placeholder only: the member_sort_name_on_insert trigger (migration 0002) sets it from user.name.
          sortName: sql<string>`''`.as("sortName"),
        })
        .from(activityLog)
        .where(eq(activityLog.id, markerId)),
    )
    .onConflictDoNothing({ target: [member.organizationId, member.userId] });
  const readMarker = ctx.db.select({ id: activityLog.id }).from(activityLog).where(eq(activityLog.id, markerId)).limit(1);

  let won: boolean;
  if (inv.project) {
    const addProjectMember = ctx.db
      .insert(projectMembers)
      .select(
        ctx.db
          .select({
            id: sql<string>`${crypto.randomUUID()}`.as("id"),
            projectId: sql<string>`${inv.project.id}`.as("projectId"),
            userId: sql<string>`${u.id}`.as("userId"),
            // The invited role, or owner if the project has none (projectRoleOnJoin).
            role: sql<ProjectRole>`${projectRoleOnJoin(inv.project.id, inv.role as ProjectRole)}`.as("role"),
            joinedAt: sql<number>`${nowSeconds}`.as("joinedAt"),
          })
          .from(activityLog)
          .where(eq(activityLog.id, markerId)),
      )
      .onConflictDoNothing({ target: [projectMembers.projectId, projectMembers.userId] });
    const results = await ctx.db.batch([logAccepted, markAccepted, addOrgMember, addProjectMember, readMarker]);
    won = results[4].length > 0;
  } else {
    const results = await ctx.db.batch([logAccepted, markAccepted, addOrgMember, readMarker]);
    won = results[3].length > 0;
  }
  if (!won) throw await explainLoss(ctx, token);
  return { orgId: inv.org.id, orgSlug: inv.org.slug, projectId: inv.project?.id ?? null };
}

/**
 * Declines an invitation; the link is dead afterwards. The token is the credential (as for the public page), so a
 * signed-out visitor holding it may decline: that is the invitee reading the email on a phone without an account,
 * and declining grants nothing. A signed-in caller must be the invited address (verified or not: they could sign out
 * and decline anyway), so nobody's decline is ever recorded under another person's account; someone signed in as a
 * different address gets INVITATION_EMAIL_MISMATCH and the page offers to sign out first. The token-use rate limit
 * per client address applies as for every other use of a link. See docs/adr/0002-decline-with-the-token.md.
 */
export async function declineInvitation(ctx: AppContext, u: SessionUser | null, token: string): Promise<{ status: "declined" }> {
  const inv = await findByToken(ctx, token, true);
  if (!inv) throw new AppError("NOT_FOUND");
  if (u && u.email.trim().toLowerCase() !== inv.email) {
    throw new AppError("INVITATION_EMAIL_MISMATCH", `This invitation was sent to ${inv.email}, but you are signed in as ${u.email}. Sign out to decline it.`, {
      invitedEmail: inv.email,
      signedInEmail: u.email,
    });
  }
  const status = effectiveStatus(inv.status, inv.expiresAt);
  if (status !== "pending") throw deadInvitationError(status);
  const now = new Date();
  const markerId = crypto.randomUUID();
  const marker = markerWritten(markerId);
  const data = { ...(inv.project ? { projectId: inv.project.id, projectName: inv.project.name } : {}), ...(u ? {} : { signedOut: true }) };
  const logDeclined = activityWhere(
    ctx,
    markerId,
    {
      orgId: inv.org.id,
      // Signed out: no account to name, so the log names the invited address and says it came from the link.
      actor: u ? { id: u.id, name: u.name } : { id: null, name: inv.email },
      action: "invitation.declined",
      target: { type: "invitation", id: inv.id, label: inv.email },
      data: Object.keys(data).length ? data : undefined,
    },
    inv.kind === "org" ? invitation : projectInvitations,
    pendingCondition(inv, now),
  );
  const markDeclined =
    inv.kind === "org"
      ? ctx.db.update(invitation).set({ status: "declined", updatedAt: now }).where(and(eq(invitation.id, inv.id), eq(invitation.status, "pending"), marker)).returning({ id: invitation.id })
      : ctx.db
          .update(projectInvitations)
          .set({ status: "declined", updatedAt: now })
          .where(and(eq(projectInvitations.id, inv.id), eq(projectInvitations.status, "pending"), marker))
          .returning({ id: projectInvitations.id });
  const [, updated] = await ctx.db.batch([logDeclined, markDeclined]);
  if (!updated.length) throw await explainLoss(ctx, token);
  return { status: "declined" };
}
