/**
 * Invitations of both kinds, org and project: their API shape, their states, and the pending lists. Writing them
 * (create or refresh, resend, cancel) is one engine for both kinds: ./invitation-writes.ts; the invitee's side (the
 * public page, accept, decline) is ./invitation-accept.ts.
 */
import { and, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { invitation, user } from "~/db/schema";
import type { OrgRole, ProjectRole } from "~/lib/permissions";
import { listQuery } from "~/lib/schemas";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { parse } from "../validate";
import { membershipQuery, requireOrgPermission, toMembership } from "./access";
import { decodeCursor, toPage } from "./cursor";
import { presentStatus, type InvitationStatus, type StoredInvitationStatus } from "./invitation-status";

export { splitAddresses, BULK_INVITATIONS_MAX, inviteManyToOrg, type BulkInvitationResult } from "./invitation-bulk";
export type { CreatedInvitation, CreatedInvitationWithLink } from "./invitation-writes";

/** Who is acting: the signed-in user (their name goes into emails and the activity log). */
export interface Actor {
  id: string;
  name: string;
}

export type { InvitationStatus } from "./invitation-status";

/** Who an invitation names as its sender once that person has deleted their account: it stays valid (docs/adr/0016). */
export const FORMER_MEMBER = "a former member";

/**
 * The inviter's id and name for a look-up that left-joins `user` on the inviter column: null and FORMER_MEMBER when the
 * inviter's account is gone (the column is set null), so invitations they sent still list and still work.
 */
export function inviterFields() {
  return { id: sql<string | null>`${user.id}`.as("inviterUserId"), name: sql<string>`coalesce(${user.name}, ${FORMER_MEMBER})`.as("inviterName") };
}

/** The API shape (PRODUCT.md section 6). Never carries the token or its hash. */
export interface Invitation {
  id: string;
  email: string;
  role: OrgRole | ProjectRole;
  orgRole: OrgRole;
  projectId: string | null;
  /** id is null when the inviter has deleted their account (name: FORMER_MEMBER). */
  invitedBy: { id: string | null; name: string };
  status: InvitationStatus;
  expiresAt: string;
  createdAt: string;
}

export interface InvitationPage {
  items: Invitation[];
  nextCursor: string | null;
}

/** The API's state of a stored row ("expired" is not stored: a pending row past its expiry is expired). */
export const effectiveStatus = presentStatus;

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

/** A row of either table, with the columns both share under one name. */
export interface InvitationRow {
  id: string;
  email: string;
  role: OrgRole | ProjectRole;
  orgRole: OrgRole;
  projectId: string | null;
  status: StoredInvitationStatus;
  expiresAt: Date;
  createdAt: Date;
}

export function toInvitation(row: InvitationRow, inviter: { id: string | null; name: string }): Invitation {
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

export function fromOrgRow(row: typeof invitation.$inferSelect): InvitationRow {
  return { ...row, orgRole: row.role, projectId: null };
}

// ---------------------------------------------------------------- pending lists (newest first), keyset cursors

/** A pending list's cursor: the last row's (createdAt seconds, id). */
const invitationCursor = z.tuple([z.number().int().min(0).max(1e12), z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)]);

export function parseListQuery(query: unknown) {
  const q = parse(listQuery, query);
  const key = decodeCursor(q.cursor, invitationCursor);
  return { limit: q.limit, after: key ? { createdAt: new Date(key[0] * 1000), id: key[1] } : null };
}

/** Rows after the cursor, in the list's order (createdAt, id) descending. */
export function afterCursor(t: { createdAt: AnySQLiteColumn; id: AnySQLiteColumn }, after: { createdAt: Date; id: string } | null | undefined): SQL | undefined {
  return after ? or(lt(t.createdAt, after.createdAt), and(eq(t.createdAt, after.createdAt), lt(t.id, after.id))) : undefined;
}

export function toInvitationList<R>(rows: R[], limit: number, item: (r: R) => Invitation): InvitationPage {
  return toPage(rows, limit, item, (r) => {
    const i = item(r);
    return [Math.floor(Date.parse(i.createdAt) / 1000), i.id];
  });
}

/** Pending invitations of an org, newest first (the org id may be a sub-select on its address). */
export function pendingOrgInvitationsQuery(ctx: AppContext, orgId: string | SQL, limit: number, after?: { createdAt: Date; id: string } | null) {
  return (
    ctx.db
      // Aliased: in a batch D1 keys columns by name, and invitation.id and user.id would collide.
      .select({ inv: invitation, inviter: inviterFields() })
      .from(invitation)
      .leftJoin(user, eq(user.id, invitation.inviterId))
      .where(and(eq(invitation.organizationId, orgId), eq(invitation.status, "pending"), afterCursor(invitation, after)))
      .orderBy(desc(invitation.createdAt), desc(invitation.id))
      .limit(limit + 1)
  );
}

export function toOrgInvitationPage(rows: Awaited<ReturnType<typeof pendingOrgInvitationsQuery>>, limit: number): InvitationPage {
  return toInvitationList(rows, limit, (r) => toInvitation(fromOrgRow(r.inv), r.inviter));
}

export async function listOrgInvitations(ctx: AppContext, actor: Actor, orgId: string, query: unknown = {}): Promise<InvitationPage> {
  const { limit, after } = parseListQuery(query);
  // The membership check and the page in one round trip; the rows are only returned once the role is confirmed.
  const [memberRows, rows] = await ctx.db.batch([membershipQuery(ctx, actor.id, { orgId }), pendingOrgInvitationsQuery(ctx, orgId, limit, after)]);
  requireOrgPermission(toMembership(actor.id, memberRows), "invitations.manage");
  return toOrgInvitationPage(rows, limit);
}

// Kind-specific names the API routes and server functions import.
export { cancelInvitation, createInvitation, resendInvitation } from "./invitation-writes";
