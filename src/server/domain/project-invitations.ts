/**
 * The pending invitations of a project (its writes are the invitation engine's, ./invitation-writes.ts, for both kinds).
 */
import { and, desc, eq, type SQL } from "drizzle-orm";
import { projectInvitations, user } from "~/db/schema";
import type { AppContext } from "../context";
import { membershipQuery, toMembership } from "./access";
import { afterCursor, inviterFields, parseListQuery, toInvitation, toInvitationList, type Actor, type InvitationPage } from "./invitations";
import { projectRowQuery, toProjectAccess } from "./projects";

/** Pending invitations of a project, newest first; scoped by org so another org's project id finds nothing. */
export function pendingProjectInvitationsQuery(ctx: AppContext, orgId: string | SQL, projectId: string, limit: number, after?: { createdAt: Date; id: string } | null) {
  const t = projectInvitations;
  return (
    ctx.db
      // Aliased: in a batch D1 keys columns by name, and project_invitations.id and user.id would collide.
      .select({ inv: t, inviter: inviterFields() })
      .from(t)
      .leftJoin(user, eq(user.id, t.invitedBy))
      .where(and(eq(t.projectId, projectId), eq(t.orgId, orgId), eq(t.status, "pending"), afterCursor(t, after)))
      .orderBy(desc(t.createdAt), desc(t.id))
      .limit(limit + 1)
  );
}

export function toInvitationPage(rows: Awaited<ReturnType<typeof pendingProjectInvitationsQuery>>, limit: number): InvitationPage {
  return toInvitationList(rows, limit, (r) => toInvitation(r.inv, r.inviter));
}

/** Anyone who may see the project may see its pending invitations; one round trip. */
export async function listProjectInvitations(ctx: AppContext, actor: Actor, orgId: string, projectId: string, query: unknown = {}): Promise<InvitationPage> {
  const { limit, after } = parseListQuery(query);
  const [m, p, rows] = await ctx.db.batch([
    membershipQuery(ctx, actor.id, { orgId }),
    projectRowQuery(ctx, actor.id, orgId, projectId),
    pendingProjectInvitationsQuery(ctx, orgId, projectId, limit, after),
  ]);
  toProjectAccess(actor.id, m as Parameters<typeof toMembership>[1], p);
  return toInvitationPage(rows, limit);
}
