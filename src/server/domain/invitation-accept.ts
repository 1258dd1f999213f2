/**
 * The invitee's side of both kinds of invitation: what the public /invite/<token> page shows, accept and decline.
 *
 * Accept and decline are guarded writes (src/server/writes): the session, the invitation by its token and the
 * token-use rate limit are read in one batch; then one batch whose every statement carries the same guard, "the
 * invitation is still pending and unexpired", with the statement that marks it accepted last. D1 runs one batch after
 * another, so of N concurrent accepts (or an accept racing a cancel) exactly one finds it pending; a loser explains
 * itself with one read of the invitation's state.
 */
import { and, eq, gt, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { invitation, member, organization, projectInvitations, projectMembers, projects, session as sessionTable, user } from "~/db/schema";
import type { OrgRole, ProjectRole } from "~/lib/permissions";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { clientAddress, hitKey, hitStatement } from "../rate-limit";
import { getSession, readWithSession, type CurrentSession, type SessionUser } from "../session";
import { holds, projectRoleOnJoin } from "../writes/guards";
import type { Statement } from "../writes/run";
import { insertWhere, logActivityIf } from "../writes/statements";
import { hashInvitationToken, isWellFormedToken } from "./invitation-tokens";
import { CANCELLED, DECLINED, type StoredInvitationStatus } from "./invitation-status";
import { deadInvitationError, effectiveStatus, inviterFields, type InvitationStatus } from "./invitations";
import { publishLive } from "../live/publish";

/** What the public invitation page may show: no ids, no token. */
export interface InvitationView {
  status: InvitationStatus;
  email: string;
  org: { name: string; slug: string; logo: string | null };
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
  status: StoredInvitationStatus;
  expiresAt: Date;
  org: { id: string; name: string; slug: string; logo: string | null };
  project: { id: string; name: string } | null;
  inviterName: string;
}

/**
 * The look-up of a token in both invitation tables, to run in one batch (the session's, for accept and decline). With
 * `countUse`, the same batch counts one use of a token against the caller's address (page, API look-up, accept and
 * decline share one budget; the address comes from the request scope, so the API and the /invite page's server
 * functions are counted alike). A malformed token never reaches the database, so it needs no counting: null.
 */
async function tokenLookup(ctx: AppContext, token: string, countUse: boolean) {
  if (!isWellFormedToken(token)) return null;
  const limiter = countUse ? hitStatement(ctx, "invitationTokenPerAddress", await hitKey("invitationTokenPerAddress", clientAddress())) : null;
  const hash = await hashInvitationToken(token);
  // Joined columns share names (id, name); D1 batches return rows keyed by column name, so each gets an alias.
  const orgName = sql<string>`${organization.name}`.as("orgName");
  const orgSlug = sql<string>`${organization.slug}`.as("orgSlug");
  const orgLogo = sql<string | null>`${organization.logo}`.as("orgLogo");
  const inviterName = inviterFields().name;
  // Invitations sent by a banned person stop working while the ban lasts (they read as cancelled); lifting it restores them.
  const inviterBanned = sql<number>`${user.banned}`.as("inviterBanned");
  const orgLookup = ctx.db
    .select({ inv: invitation, orgName, orgSlug, orgLogo, inviterName, inviterBanned })
    .from(invitation)
    .innerJoin(organization, eq(organization.id, invitation.organizationId))
    .leftJoin(user, eq(user.id, invitation.inviterId))
    .where(eq(invitation.token, hash))
    .limit(1);
  const projectLookup = ctx.db
    .select({ inv: projectInvitations, orgName, orgSlug, orgLogo, projectName: sql<string>`${projects.name}`.as("projectName"), inviterName, inviterBanned })
    .from(projectInvitations)
    .innerJoin(organization, eq(organization.id, projectInvitations.orgId))
    .innerJoin(projects, eq(projects.id, projectInvitations.projectId))
    .leftJoin(user, eq(user.id, projectInvitations.invitedBy))
    .where(eq(projectInvitations.token, hash))
    .limit(1);
  type OrgRows = Awaited<typeof orgLookup>;
  type ProjectRows = Awaited<typeof projectLookup>;
  return {
    statements: [...(limiter ? [limiter.query] : []), orgLookup, projectLookup] as Statement[],
    /** The invitation from the batch's rows (after the statements' own), RATE_LIMITED when over the budget. */
    found(rows: readonly unknown[]): FoundInvitation | null {
      if (limiter) limiter.check(rows[0] as Parameters<typeof limiter.check>[0]);
      const [orgRows, projectRows] = rows.slice(limiter ? 1 : 0) as [OrgRows, ProjectRows];
      return toFound(orgRows[0], projectRows[0]);
    },
  };
}

type Joined = { orgName: string; orgSlug: string; orgLogo: string | null; inviterName: string; inviterBanned: number | boolean };

function toFound(
  o: (Joined & { inv: typeof invitation.$inferSelect }) | undefined,
  p?: Joined & { inv: typeof projectInvitations.$inferSelect; projectName: string },
): FoundInvitation | null {
  const hit = o ?? p;
  if (!hit) return null;
  const { inv } = hit;
  const status = hit.inviterBanned && inv.status === "pending" ? CANCELLED : inv.status;
  const common = { id: inv.id, email: inv.email, role: inv.role, status, expiresAt: inv.expiresAt, inviterName: hit.inviterName };
  if (o) return { ...common, kind: "org", orgRole: o.inv.role, org: { id: o.inv.organizationId, name: o.orgName, slug: o.orgSlug, logo: o.orgLogo }, project: null };
  const pi = p!.inv;
  return { ...common, kind: "project", orgRole: pi.orgRole, org: { id: pi.orgId, name: p!.orgName, slug: p!.orgSlug, logo: p!.orgLogo }, project: { id: pi.projectId, name: p!.projectName } };
}

/** Looks a token up on its own (one round trip); null when it is not (or no longer) a token of ours. */
async function findByToken(ctx: AppContext, token: string, countUse = false): Promise<FoundInvitation | null> {
  const lookup = await tokenLookup(ctx, token, countUse);
  if (!lookup) return null;
  const [first, ...rest] = lookup.statements;
  return lookup.found(await ctx.db.batch([first!, ...rest]));
}

/**
 * The caller's session and the invitation of `token`, in one round trip; `session` is null when signed out (then the
 * invitation is looked up on its own).
 */
async function readInvitation(ctx: AppContext, headers: Headers, token: string): Promise<{ session: CurrentSession | null; inv: FoundInvitation | null }> {
  const lookup = await tokenLookup(ctx, token, true);
  if (!lookup) return { session: await getSession(ctx, headers), inv: null };
  const read = await readWithSession(ctx, headers, () => lookup.statements);
  if (read) return { session: read.session, inv: lookup.found(read.results) };
  // A cookie whose session ended: its batch's rows are not ours to use, so the look-up runs again and is counted (and
  // checked) again; counting twice is the safe side of a limit.
  return { session: null, inv: await findByToken(ctx, token, true) };
}

/** Public: the state of an invitation for its page. Unknown tokens (including rotated ones) are NOT_FOUND. */
export async function getInvitationByToken(ctx: AppContext, token: string): Promise<InvitationView> {
  const inv = await findByToken(ctx, token, true);
  if (!inv) throw new AppError("NOT_FOUND", "We could not find this invitation. The link may be incomplete or was replaced by a newer one.");
  return {
    status: effectiveStatus(inv.status, inv.expiresAt),
    email: inv.email,
    org: { name: inv.org.name, slug: inv.org.slug, logo: inv.org.logo },
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

/** Why a guarded batch did nothing: the invitation's state as it is now (one read). */
async function explainLoss(ctx: AppContext, token: string): Promise<AppError> {
  const now = await findByToken(ctx, token);
  return now ? deadInvitationError(effectiveStatus(now.status, now.expiresAt)) : new AppError("NOT_FOUND");
}

/** A ban landing between the read and the write stops the invitation too. */
function inviterNotBanned(inviter: SQLiteColumn): SQL {
  return sql`not exists (select 1 from ${user} where ${user.id} = ${inviter} and ${user.banned} = 1)`;
}

/** The guard of every statement of an accept or decline: the invitation is still pending, unexpired, its sender not banned. */
function stillPending(inv: FoundInvitation, now: Date): SQL {
  return inv.kind === "org"
    ? holds(invitation, and(eq(invitation.id, inv.id), eq(invitation.status, "pending"), gt(invitation.expiresAt, now), inviterNotBanned(invitation.inviterId))!)
    : holds(projectInvitations, and(eq(projectInvitations.id, inv.id), eq(projectInvitations.status, "pending"), gt(projectInvitations.expiresAt, now), inviterNotBanned(projectInvitations.invitedBy))!);
}

/** The statement that ends the invitation, last in its batch; it returns the row only when it changed it. */
function markInvitation(ctx: AppContext, inv: FoundInvitation, set: { status: "accepted" | typeof DECLINED; acceptedAt?: Date; updatedAt: Date }, guard: SQL) {
  return inv.kind === "org"
    ? ctx.db.update(invitation).set(set).where(and(eq(invitation.id, inv.id), guard)).returning({ id: invitation.id })
    : ctx.db.update(projectInvitations).set(set).where(and(eq(projectInvitations.id, inv.id), guard)).returning({ id: projectInvitations.id });
}

/**
 * Accepts as the signed-in invitee: org membership (kept as it is if they already have one), then for a project
 * invitation the project membership, and the invitation marked accepted, all in one batch. With `activate`, the same
 * batch records the org as the session's active org (the /invite page lands there).
 */
export async function acceptInvitation(ctx: AppContext, headers: Headers, token: string, opts: { activate?: boolean } = {}): Promise<AcceptResult> {
  const { session, inv } = await readInvitation(ctx, headers, token);
  if (!session) throw new AppError("AUTH_REQUIRED");
  if (!inv) throw new AppError("NOT_FOUND");
  const u = session.user;
  requireInvitee(u, inv);
  const status = effectiveStatus(inv.status, inv.expiresAt);
  if (status !== "pending") throw deadInvitationError(status);

  const now = new Date();
  const guard = stillPending(inv, now);
  const log = logActivityIf(
    ctx,
    {
      orgId: inv.org.id,
      actor: { id: u.id, name: u.name },
      action: "invitation.accepted",
      target: { type: "user", id: u.id, label: u.email },
      data: { invitationId: inv.id, role: inv.role, orgRole: inv.orgRole, ...(inv.project ? { projectId: inv.project.id, projectName: inv.project.name } : {}) },
    },
    guard,
  );
  // An existing org membership wins (higher or lower): accepting never changes someone's role. sortName is set by the
  // member_sort_name_on_insert trigger (migration 0002) from user.name.
  const addOrgMember = insertWhere(
    ctx,
    member,
    { id: crypto.randomUUID(), userId: u.id, organizationId: inv.org.id, role: inv.orgRole, createdAt: now, lastActiveAt: now, sortName: "" },
    guard,
  ).onConflictDoNothing({ target: [member.organizationId, member.userId] });
  const addProjectMember = inv.project
    ? [
        insertWhere(
          ctx,
          projectMembers,
          // The invited role, or owner if the project has none (projectRoleOnJoin).
          { id: crypto.randomUUID(), projectId: inv.project.id, userId: u.id, role: projectRoleOnJoin(inv.project.id, inv.role as ProjectRole), joinedAt: now },
          guard,
        ).onConflictDoNothing({ target: [projectMembers.projectId, projectMembers.userId] }),
      ]
    : [];
  const activate = opts.activate
    ? [
        ctx.db.update(sessionTable).set({ activeOrganizationId: inv.org.id }).where(and(eq(sessionTable.id, session.sessionId), guard)),
        ctx.db.update(member).set({ lastActiveAt: now }).where(and(eq(member.organizationId, inv.org.id), eq(member.userId, u.id), guard)),
      ]
    : [];
  const results = await ctx.db.batch([log, addOrgMember, ...addProjectMember, ...activate, markInvitation(ctx, inv, { status: "accepted", acceptedAt: now, updatedAt: now }, guard)]);
  if (!(results[results.length - 1] as unknown[]).length) throw await explainLoss(ctx, token);
  // The inviter's open members page shows the new member; the invitation leaves the pending list.
  publishLive(ctx, inv.org.id);
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
export async function declineInvitation(ctx: AppContext, headers: Headers, token: string): Promise<{ status: "declined" }> {
  const { session, inv } = await readInvitation(ctx, headers, token);
  if (!inv) throw new AppError("NOT_FOUND");
  const u = session?.user ?? null;
  if (u && u.email.trim().toLowerCase() !== inv.email) {
    throw new AppError("INVITATION_EMAIL_MISMATCH", `This invitation was sent to ${inv.email}, but you are signed in as ${u.email}. Sign out to decline it.`, {
      invitedEmail: inv.email,
      signedInEmail: u.email,
    });
  }
  const status = effectiveStatus(inv.status, inv.expiresAt);
  if (status !== "pending") throw deadInvitationError(status);
  const now = new Date();
  const guard = stillPending(inv, now);
  const data = { ...(inv.project ? { projectId: inv.project.id, projectName: inv.project.name } : {}), ...(u ? {} : { signedOut: true }) };
  const log = logActivityIf(
    ctx,
    {
      orgId: inv.org.id,
      // Signed out: no account to name, so the log names the invited address and says it came from the link.
      actor: u ? { id: u.id, name: u.name } : { id: null, name: inv.email },
      action: "invitation.declined",
      target: { type: "invitation", id: inv.id, label: inv.email },
      data: Object.keys(data).length ? data : undefined,
    },
    guard,
  );
  const [, updated] = await ctx.db.batch([log, markInvitation(ctx, inv, { status: DECLINED, updatedAt: now }, guard)]);
  if (!updated.length) throw await explainLoss(ctx, token);
  publishLive(ctx, inv.org.id);
  return { status: "declined" };
}
