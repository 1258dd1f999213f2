/**
 * Org invitations: create (or refresh the pending one), list, resend, cancel. Admins and owners only; only owners hand
 * out the owner role. Every write and the email it causes are one db.batch(), and writes that depend on the current
 * state of a row carry that state in their WHERE so that concurrent requests are settled by the database.
 */
import { and, desc, eq, exists, inArray, lt, notExists, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { activityLog, invitation, member, projectInvitations, user } from "~/db/schema";
import { assignableOrgRoles, canOrg, orgRoles, type OrgRole, type ProjectRole } from "~/lib/permissions";
import { bulkInvitationInput, createInvitationInput, listQuery } from "~/lib/schemas";
import type { AppContext } from "../context";
import { afterCommit, outboxInsert } from "../email/outbox";
import { emails } from "../email/templates";
import { AppError } from "../errors";
import { prepareHits } from "../rate-limit";
import { parse } from "../validate";
import { membershipQuery, requireOrgMember, requireOrgPermission, toMembership } from "./access";
import type { ActivityEntry } from "./activity";
import { invitationExpiry, invitationUrl, newInvitationToken } from "./invitation-tokens";
import { insertWhere, logActivityIfChanged } from "./projects";

export interface Actor {
  id: string;
  name: string;
}

export type InvitationStatus = "pending" | "expired" | "accepted" | "declined" | "cancelled";

/** The API shape (PRODUCT.md section 6). Never carries the token or its hash. */
export interface Invitation {
  id: string;
  email: string;
  role: OrgRole | ProjectRole;
  orgRole: OrgRole;
  projectId: string | null;
  invitedBy: { id: string; name: string };
  status: InvitationStatus;
  expiresAt: string;
  createdAt: string;
}

export interface InvitationPage {
  items: Invitation[];
  nextCursor: string | null;
}

/** "expired" is not stored: a pending row past its expiry is expired. */
export function effectiveStatus(status: "pending" | "accepted" | "declined" | "cancelled", expiresAt: Date, now = new Date()): InvitationStatus {
  return status === "pending" && expiresAt.getTime() <= now.getTime() ? "expired" : status;
}

/** The error for acting on an invitation that is no longer pending. */
export function deadInvitationError(status: InvitationStatus): AppError {
  switch (status) {
    case "accepted":
      return new AppError("INVITATION_ALREADY_ACCEPTED");
    case "expired":
      return new AppError("INVITATION_EXPIRED");
    case "declined":
      return new AppError("INVITATION_CANCELLED", "This invitation was declined. Ask the person who invited you for a new link.");
    case "cancelled":
      return new AppError("INVITATION_CANCELLED");
    default:
      return new AppError("NOT_FOUND");
  }
}

/**
 * An activity row written only when `where` matches a row of `table` at the moment the statement runs. Its random id
 * doubles as this request's marker: later statements of the same batch run only if the marker exists, and the caller
 * reads it back to learn whether its request, and not a concurrent one, made the change. (acceptedAt and updatedAt
 * are whole seconds, so concurrent requests would share them; a random id cannot be shared.)
 */
export function activityWhere(ctx: AppContext, markerId: string, entry: ActivityEntry, table: SQLiteTable, where: SQL) {
  return ctx.db.insert(activityLog).select(
    ctx.db
      .select({
        id: sql<string>`${markerId}`.as("id"),
        orgId: sql<string>`${entry.orgId}`.as("orgId"),
        actorId: sql<string>`${entry.actor.id}`.as("actorId"),
        actorName: sql<string>`${entry.actor.name}`.as("actorName"),
        action: sql<string>`${entry.action}`.as("action"),
        targetType: sql<string | null>`${entry.target?.type ?? null}`.as("targetType"),
        targetId: sql<string | null>`${entry.target?.id ?? null}`.as("targetId"),
        targetLabel: sql<string | null>`${entry.target?.label ?? null}`.as("targetLabel"),
        data: sql<string | null>`${entry.data ? JSON.stringify(entry.data) : null}`.as("data"),
        createdAt: sql<number>`${Date.now()}`.as("createdAt"),
      })
      .from(table)
      .where(where),
  );
}

/** True inside a statement when this request's marker row (see activityWhere) was written earlier in the batch. */
export function markerWritten(markerId: string): SQL {
  return sql`exists (select 1 from ${activityLog} where ${activityLog.id} = ${markerId})`;
}

/**
 * True inside a statement while `actorId` is still a member of the org with a role that may manage invitations and,
 * if given, hand out `role` (src/lib/permissions.ts). The permission check before a write reads rows in an earlier
 * round trip; this guard in the write is what makes a request that was in flight while its sender was removed from
 * the org (or demoted) send nothing.
 */
export function actorMayInvite(ctx: AppContext, orgId: string, actorId: string, role?: OrgRole): SQL {
  const roles = orgRoles.filter((r) => canOrg(r, "invitations.manage") && (!role || assignableOrgRoles(r).includes(role)));
  return exists(
    ctx.db
      .select({ one: sql`1` })
      .from(member)
      .where(and(eq(member.organizationId, orgId), eq(member.userId, actorId), inArray(member.role, roles))),
  );
}

/**
 * True inside a statement once an invitation row carries this token hash. The hash is new and random per request, so
 * after the invitation write of the same batch it holds exactly when that write took effect: the guard on the
 * invitation's email, which must not exist for a refused write, not even until a clean-up.
 */
export function tokenWritten(ctx: AppContext, table: typeof invitation | typeof projectInvitations, hash: string): SQL {
  return exists(ctx.db.select({ one: sql`1` }).from(table).where(eq(table.token, hash)));
}

/**
 * The rate-limit hits of one invitation email (created or resent, org or project), to ride in the caller's read
 * batch instead of a round trip of their own: the org's budget, the sender's across all workspaces, and the invited
 * address's budget of invitations from workspaces it is not in. Nothing is counted unless `sends` holds as the batch
 * runs (the invitee is not already a member, so the email really goes); the address's budget also skips the
 * workspaces it already belongs to.
 */
export function invitationLimits(ctx: AppContext, senderId: string, orgId: string, email: string, sends: SQL) {
  return prepareHits(ctx, [
    ["invitationsPerOrg", orgId, sends],
    ["invitationEmailsPerSender", senderId, sends],
    ["outsideInvitationsPerEmail", email, and(sends, notExists(memberByEmailQuery(ctx, orgId, email)))!],
  ]);
}

// ---------------------------------------------------------------- cursors for pending lists (newest first)

export function encodeCursor(createdAt: Date, id: string): string {
  return btoa(`${Math.floor(createdAt.getTime() / 1000)}:${id}`).replace(/=+$/, "");
}

export function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  try {
    const [secs, id, ...rest] = atob(cursor).split(":");
    // Whole seconds that make a real date, and an id as ours look: anything else (say 20 digits, which no Date can
    // hold) would otherwise page silently from nowhere instead of saying the link is broken.
    if (rest.length || !/^\d{1,12}$/.test(secs ?? "") || !/^[A-Za-z0-9_-]{1,64}$/.test(id ?? "")) throw new Error("bad cursor");
    return { createdAt: new Date(Number(secs) * 1000), id: id! };
  } catch {
    throw AppError.validation({ cursor: "This cursor is not valid." });
  }
}

export function parseListQuery(query: unknown) {
  const q = parse(listQuery, query);
  return { limit: q.limit, after: decodeCursor(q.cursor) };
}

// ---------------------------------------------------------------- org invitations

type OrgInvitationRow = typeof invitation.$inferSelect;

function toInvitation(row: OrgInvitationRow, inviter: { id: string; name: string }): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    orgRole: row.role,
    projectId: null,
    invitedBy: { id: inviter.id, name: inviter.name },
    status: effectiveStatus(row.status, row.expiresAt),
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

async function requireInviteManager(ctx: AppContext, actor: Actor, orgId: string) {
  const m = await requireOrgMember(ctx, actor.id, { orgId });
  requireOrgPermission(m, "invitations.manage");
  return m;
}

export function memberByEmailQuery(ctx: AppContext, orgId: string, email: string) {
  return ctx.db
    .select({ id: member.id })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(and(eq(member.organizationId, orgId), eq(user.email, email)))
    .limit(1);
}

/** What the API answers to a create: the invitation, and whether it replaced a pending one (whose link then died). */
export type CreatedInvitation = Invitation & { replaced: boolean };

/**
 * What the creating request alone knows, for the page that sent it: the link (stored only as a hash, so it can never be
 * shown again). Not part of the JSON API, whose answers never carry a token (see docs/adr/0003-invitation-link-once.md).
 */
export type CreatedInvitationWithLink = CreatedInvitation & { link: string };

/** The API's create: the invitation without its link. */
export async function createOrgInvitation(ctx: AppContext, actor: Actor, orgId: string, input: unknown): Promise<CreatedInvitation> {
  const { link: _link, ...created } = await inviteToOrg(ctx, actor, orgId, input);
  return created;
}

/**
 * Invites an address to the org, or refreshes its pending invitation (new token, role, expiry, inviter): the upsert
 * targets the partial unique index, so two concurrent invitations of one address still leave one row. `replaced` says
 * which happened, read from the row the upsert returned (an updated row keeps its old id), so it is exact even when
 * two requests race.
 */
export async function inviteToOrg(ctx: AppContext, actor: Actor, orgId: string, input: unknown): Promise<CreatedInvitationWithLink> {
  const m = await requireInviteManager(ctx, actor, orgId);
  const data = parse(createInvitationInput, input);
  if (!assignableOrgRoles(m.role).includes(data.role)) throw new AppError("FORBIDDEN", "Only owners can invite someone as an owner.");

  const limits = await invitationLimits(ctx, actor.id, orgId, data.email, notExists(memberByEmailQuery(ctx, orgId, data.email)));
  const [members, pending, ...counts] = await ctx.db.batch([
    memberByEmailQuery(ctx, orgId, data.email),
    ctx.db
      .select({ id: invitation.id })
      .from(invitation)
      .where(and(eq(invitation.organizationId, orgId), eq(invitation.email, data.email), eq(invitation.status, "pending")))
      .limit(1),
    ...limits.queries,
  ]);
  if (members.length) throw new AppError("ALREADY_MEMBER", `${data.email} is already a member of this workspace.`);
  // Counted (in the same round trip) only when the invitation will really be sent, and only for people allowed to
  // send it; over a limit, nothing is written.
  limits.check(counts);

  const now = new Date();
  const id = crypto.randomUUID();
  const { token, hash } = await newInvitationToken();
  const expiresAt = invitationExpiry(now);
  const link = invitationUrl(ctx.env.appUrl, token);
  const mail = outboxInsert(ctx, emails.invitation(data.email, link, actor.name, m.org.name, null), tokenWritten(ctx, invitation, hash));
  const existingId = pending[0]?.id;
  const [rows] = await ctx.db.batch([
    insertWhere(
      ctx,
      invitation,
      { id, email: data.email, inviterId: actor.id, organizationId: orgId, role: data.role, status: "pending", token: hash, expiresAt, createdAt: now, updatedAt: now },
      actorMayInvite(ctx, orgId, actor.id, data.role),
    )
      .onConflictDoUpdate({
        target: [invitation.organizationId, invitation.email],
        // Must match the partial index's predicate literally for SQLite to pick that index as the conflict target.
        targetWhere: sql`status = 'pending'`,
        set: { token: hash, role: data.role, expiresAt, inviterId: actor.id, updatedAt: now },
      })
      .returning(),
    logActivityIfChanged(ctx, {
      orgId,
      actorId: actor.id,
      action: existingId ? "invitation.updated" : "invitation.created",
      target: { type: "invitation", id: existingId ?? id, label: data.email },
      data: { role: data.role },
    }),
    mail.query,
  ]);
  if (!rows[0]) {
    // The sender was removed or demoted (or the org deleted) since our read: no invitation, hence no email either.
    const again = await requireInviteManager(ctx, actor, orgId);
    if (!assignableOrgRoles(again.role).includes(data.role)) throw new AppError("FORBIDDEN", "Only owners can invite someone as an owner.");
    throw new AppError("NOT_FOUND");
  }
  afterCommit(ctx, [mail.id]);
  return { ...toInvitation(rows[0], actor), replaced: rows[0].id !== id, link };
}

/** How many addresses one bulk invitation may carry: each is a full invitation (and email) of its own. */
export const BULK_INVITATIONS_MAX = 50;

export type BulkInvitationResult =
  | { email: string; outcome: "sent" | "replaced"; invitation: CreatedInvitationWithLink }
  | { email: string; outcome: "member" | "invalid" | "not_sent"; reason: string };

/** Addresses as pasted: separated by commas, semicolons, spaces or line breaks; duplicates (any case) once. */
export function splitAddresses(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const piece = raw.replace(/^<|>$/g, "").trim();
    if (!piece) continue;
    const key = piece.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(piece);
  }
  return out;
}

/**
 * Invites many addresses at once, each exactly like a single invitation (same checks, same rate limits, one email
 * each), and answers one result per address: sent, replaced (a pending invitation's old link died), already a member,
 * invalid (with the reason), or not sent (a limit was reached: the rest are not tried). Refuses the whole request,
 * before anything is sent, when the role may not be handed out or the list is empty or too long.
 */
export async function inviteManyToOrg(ctx: AppContext, actor: Actor, orgId: string, input: unknown): Promise<BulkInvitationResult[]> {
  const { emails: text, role } = parse(bulkInvitationInput, input);
  const addresses = splitAddresses(text);
  if (addresses.length === 0) throw AppError.validation({ emails: "Enter at least one email address." });
  if (addresses.length > BULK_INVITATIONS_MAX) {
    throw AppError.validation({ emails: `Invite at most ${BULK_INVITATIONS_MAX} addresses at once (you entered ${addresses.length}).` });
  }
  const m = await requireInviteManager(ctx, actor, orgId);
  if (!assignableOrgRoles(m.role).includes(role)) throw new AppError("FORBIDDEN", "Only owners can invite someone as an owner.");

  const results: BulkInvitationResult[] = [];
  let stopped: string | null = null;
  for (const address of addresses) {
    if (stopped) {
      results.push({ email: address, outcome: "not_sent", reason: stopped });
      continue;
    }
    const parsed = createInvitationInput.shape.email.safeParse(address);
    if (!parsed.success) {
      results.push({ email: address, outcome: "invalid", reason: parsed.error.issues[0]?.message ?? "Not a valid email address." });
      continue;
    }
    try {
      const invitation = await inviteToOrg(ctx, actor, orgId, { email: parsed.data, role });
      results.push({ email: parsed.data, outcome: invitation.replaced ? "replaced" : "sent", invitation });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === "ALREADY_MEMBER") results.push({ email: parsed.data, outcome: "member", reason: "Already a member of this workspace." });
      else if (err.code === "VALIDATION_FAILED") results.push({ email: address, outcome: "invalid", reason: Object.values(err.details?.fields ?? {})[0] as string ?? err.message });
      else if (err.code === "RATE_LIMITED") {
        stopped = "Not sent: the invitation limit was reached. Try these again later.";
        results.push({ email: parsed.data, outcome: "not_sent", reason: stopped });
      } else throw err;
    }
  }
  return results;
}

/** Pending org invitations (expired ones included, marked so, so they can be resent), newest first. */
/** Pending invitations of an org, newest first (the org id may be a sub-select on its address). */
export function pendingOrgInvitationsQuery(ctx: AppContext, orgId: string | SQL, limit: number, after?: { createdAt: Date; id: string } | null) {
  return (
    ctx.db
      // Aliased: in a batch D1 keys columns by name, and invitation.id and user.id would collide.
      .select({ inv: invitation, inviter: { id: sql<string>`${user.id}`.as("inviterUserId"), name: user.name } })
      .from(invitation)
      .innerJoin(user, eq(user.id, invitation.inviterId))
      .where(
        and(
          eq(invitation.organizationId, orgId),
          eq(invitation.status, "pending"),
          after ? or(lt(invitation.createdAt, after.createdAt), and(eq(invitation.createdAt, after.createdAt), lt(invitation.id, after.id))) : undefined,
        ),
      )
      .orderBy(desc(invitation.createdAt), desc(invitation.id))
      .limit(limit + 1)
  );
}

export function toOrgInvitationPage(rows: Awaited<ReturnType<typeof pendingOrgInvitationsQuery>>, limit: number): InvitationPage {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => toInvitation(r.inv, r.inviter)),
    nextCursor: rows.length > limit && last ? encodeCursor(last.inv.createdAt, last.inv.id) : null,
  };
}

export async function listOrgInvitations(ctx: AppContext, actor: Actor, orgId: string, query: unknown = {}): Promise<InvitationPage> {
  const { limit, after } = parseListQuery(query);
  // The membership check and the page in one round trip; the rows are only returned once the role is confirmed.
  const [memberRows, rows] = await ctx.db.batch([membershipQuery(ctx, actor.id, { orgId }), pendingOrgInvitationsQuery(ctx, orgId, limit, after)]);
  requireOrgPermission(toMembership(actor.id, memberRows), "invitations.manage");
  return toOrgInvitationPage(rows, limit);
}

async function findOrgInvitation(ctx: AppContext, orgId: string, id: string) {
  const rows = await ctx.db
    .select({ inv: invitation, inviter: { id: user.id, name: user.name } })
    .from(invitation)
    .innerJoin(user, eq(user.id, invitation.inviterId))
    .where(and(eq(invitation.id, id), eq(invitation.organizationId, orgId)))
    .limit(1);
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** A new token and a new 7-day expiry, sent again; the old link stops working at once. */
export async function resendOrgInvitation(ctx: AppContext, actor: Actor, orgId: string, invitationId: string): Promise<Invitation> {
  const m = await requireInviteManager(ctx, actor, orgId);
  const found = await findOrgInvitation(ctx, orgId, invitationId);
  // Expired-but-pending invitations are exactly the ones worth resending; anything else is finished.
  if (found.inv.status !== "pending") throw deadInvitationError(found.inv.status);
  if (!assignableOrgRoles(m.role).includes(found.inv.role)) throw new AppError("FORBIDDEN", "Only owners can resend an invitation to become an owner.");
  const limits = await invitationLimits(ctx, actor.id, orgId, found.inv.email, notExists(memberByEmailQuery(ctx, orgId, found.inv.email)));
  const [members, ...counts] = await ctx.db.batch([memberByEmailQuery(ctx, orgId, found.inv.email), ...limits.queries]);
  if (members.length) throw new AppError("ALREADY_MEMBER", `${found.inv.email} is already a member of this workspace.`);
  limits.check(counts);

  const now = new Date();
  const { token, hash } = await newInvitationToken();
  const expiresAt = invitationExpiry(now);
  const mail = outboxInsert(ctx, emails.invitation(found.inv.email, invitationUrl(ctx.env.appUrl, token), actor.name, m.org.name, null), tokenWritten(ctx, invitation, hash));
  const markerId = crypto.randomUUID();
  const pendingNow = and(eq(invitation.id, invitationId), eq(invitation.organizationId, orgId), eq(invitation.status, "pending"))!;
  const [, updated] = await ctx.db.batch([
    activityWhere(
      ctx,
      markerId,
      { orgId, actor, action: "invitation.resent", target: { type: "invitation", id: invitationId, label: found.inv.email } },
      invitation,
      and(pendingNow, actorMayInvite(ctx, orgId, actor.id, found.inv.role))!,
    ),
    ctx.db
      .update(invitation)
      .set({ token: hash, expiresAt, inviterId: actor.id, updatedAt: now })
      .where(and(pendingNow, markerWritten(markerId)))
      .returning(),
    mail.query,
  ]);
  const row = updated[0];
  if (!row) {
    // Accepted or cancelled, or the sender lost the right, between our read and our write: no new token, no email.
    const again = await requireInviteManager(ctx, actor, orgId);
    if (!assignableOrgRoles(again.role).includes(found.inv.role)) throw new AppError("FORBIDDEN", "Only owners can resend an invitation to become an owner.");
    throw deadInvitationError((await findOrgInvitation(ctx, orgId, invitationId)).inv.status);
  }
  afterCommit(ctx, [mail.id]);
  return toInvitation(row, actor);
}

/** Cancels a pending invitation; its link dies at once. */
export async function cancelOrgInvitation(ctx: AppContext, actor: Actor, orgId: string, invitationId: string): Promise<Invitation> {
  await requireInviteManager(ctx, actor, orgId);
  const found = await findOrgInvitation(ctx, orgId, invitationId);
  if (found.inv.status !== "pending") throw deadInvitationError(found.inv.status);
  const markerId = crypto.randomUUID();
  const pendingNow = and(eq(invitation.id, invitationId), eq(invitation.organizationId, orgId), eq(invitation.status, "pending"))!;
  const [, updated] = await ctx.db.batch([
    activityWhere(
      ctx,
      markerId,
      { orgId, actor, action: "invitation.cancelled", target: { type: "invitation", id: invitationId, label: found.inv.email } },
      invitation,
      and(pendingNow, actorMayInvite(ctx, orgId, actor.id))!,
    ),
    ctx.db
      .update(invitation)
      .set({ status: "cancelled", updatedAt: new Date() })
      .where(and(pendingNow, markerWritten(markerId)))
      .returning(),
  ]);
  const row = updated[0];
  if (!row) {
    await requireInviteManager(ctx, actor, orgId);
    throw deadInvitationError((await findOrgInvitation(ctx, orgId, invitationId)).inv.status);
  }
  return toInvitation(row, found.inviter);
}
