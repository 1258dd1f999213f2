/**
 * The invitation engine, for both kinds (./invitation-kinds.ts): create (or refresh the pending one), resend, cancel.
 * Each is an org write (src/server/writes/run.ts): the sender's standing, the address's membership, the invitation and
 * the rate-limit hits are read in the actor's batch; the email (outbox), the log line and the invitation are one batch
 * under one guard, so a sender removed or demoted meanwhile writes and sends nothing.
 */
import { and, eq, notExists, sql, type SQL } from "drizzle-orm";
import { projectInvitations, user } from "~/db/schema";
import type { OrgRole, ProjectRole } from "~/lib/permissions";
import { createInvitationInput, createProjectInvitationInput } from "~/lib/schemas";
import type { OrgActor } from "../actor";
import type { AppContext } from "../context";
import { afterCommit, outboxInsert } from "../email/outbox";
import { emails } from "../email/templates";
import { AppError } from "../errors";
import { hitKey, hitStatement } from "../rate-limit";
import { parse } from "../validate";
import { holds } from "../writes/guards";
import type { OrgWrite, Rows } from "../writes/run";
import { insertWhere, logActivityIf } from "../writes/statements";
import type { ActivityAction } from "./activity";
import { kindOf, orgMemberByEmail, type InvitationScope, type Kind, type Standing } from "./invitation-kinds";
import { invitationExpiry, invitationUrl, newInvitationToken } from "./invitation-tokens";
import { CANCELLED, presentStatus } from "./invitation-status";
import { deadInvitationError, inviterFields, toInvitation, type Invitation, type InvitationRow } from "./invitations";
import { absoluteImageUrl } from "../images/store";

type Id = string | SQL;

/** What the API answers to a create: the invitation, and whether it replaced a pending one (whose link then died). */
export type CreatedInvitation = Invitation & { replaced: boolean };

/**
 * What the creating request alone knows, for the page that sent it: the link (stored only as a hash, so it can never be
 * shown again). Not part of the JSON API, whose answers never carry a token (see docs/adr/0003-invitation-link-once.md).
 */
export type CreatedInvitationWithLink = CreatedInvitation & { link: string };

/** Both tables as one for the statements the engine builds (the kind supplies the differing columns). */
const tableOf = (kind: Kind) => kind.table as typeof projectInvitations;

/**
 * The hits of one invitation email (created or resent, org or project): the org's budget, the sender's across all
 * workspaces, and the invited address's budget of invitations from workspaces it is not in. Each counts only when
 * `sends` holds as the batch runs (the sender may send it and the invitee is not already in), the address's budget
 * also only when it is not in the org.
 */
function invitationHits(ctx: AppContext, user: Id, orgId: Id, emailKey: string | SQL, email: string | SQL, sends: SQL) {
  return [
    hitStatement(ctx, "invitationsPerOrg", typeof orgId === "string" ? `invitationsPerOrg:${orgId}` : orgId, sends),
    hitStatement(ctx, "invitationEmailsPerSender", typeof user === "string" ? `invitationEmailsPerSender:${user}` : user, sends),
    hitStatement(ctx, "outsideInvitationsPerEmail", emailKey, and(sends, notExists(orgMemberByEmail(ctx, orgId, email)))),
  ];
}

function log(actor: OrgActor, action: ActivityAction, id: string, email: string, data: Record<string, unknown> | undefined) {
  return {
    orgId: actor.org.id,
    actor: { id: actor.userId, name: actor.session.user.name },
    action,
    target: { type: "invitation" as const, id, label: email },
    data,
  };
}

/**
 * Invites an address, or refreshes its pending invitation (new token, roles, expiry, inviter): the upsert targets the
 * partial unique index, so two concurrent invitations of one address still leave one row. `replaced` says which
 * happened, read from the row the upsert returned (an updated row keeps its old id), so it is exact under races.
 */
export async function createInvitation(ctx: AppContext, scope: InvitationScope, input: unknown): Promise<OrgWrite<CreatedInvitationWithLink>> {
  const kind = kindOf(scope);
  const data =
    scope.kind === "org"
      ? (({ email, role }) => ({ email, role: role as OrgRole | ProjectRole, orgRole: role }))(parse(createInvitationInput, input))
      : (({ email, role, orgRole }) => ({ email, role: role as OrgRole | ProjectRole, orgRole: orgRole ?? ("member" as OrgRole) }))(parse(createProjectInvitationInput, input));
  const { token, hash } = await newInvitationToken();
  const emailKey = await hitKey("outsideInvitationsPerEmail", data.email);
  const t = tableOf(kind);
  const n = kind.accessReadCount;
  return {
    reads: (user, orgId) => [
      ...kind.accessReads(ctx, user, orgId),
      kind.memberByEmail(ctx, orgId, data.email),
      ctx.db.select({ id: t.id, createdAt: t.createdAt }).from(t).where(kind.pendingFor(orgId, data.email)).limit(1),
    ],
    limits: (user, orgId) =>
      invitationHits(ctx, user, orgId, emailKey, data.email, and(kind.mayInvite(orgId, user, data.orgRole), notExists(kind.memberByEmail(ctx, orgId, data.email) as never))!),
    decide(actor, rows) {
      const standing = kind.standing(actor, rows.slice(0, n));
      if (!standing.orgRoles.includes(data.orgRole)) throw kind.forbidden(data.orgRole);
      if (rows[n]!.length) throw kind.alreadyMember(data.email);
      const existing = rows[n + 1]![0] as { id: string; createdAt: Date } | undefined;
      const existingId = existing?.id;
      const orgId = actor.org.id;
      const now = new Date();
      const id = crypto.randomUUID();
      const link = invitationUrl(ctx.env.appUrl, token);
      const values = { id, email: data.email, role: data.role, orgRole: data.orgRole, hash, inviterId: actor.userId, expiresAt: invitationExpiry(now), now };
      const guard = kind.mayInvite(orgId, actor.userId, data.orgRole);
      const mail = outboxInsert(ctx, emails.invitation(data.email, link, actor.session.user.name, standing.orgName, standing.projectName, values.expiresAt, absoluteImageUrl(ctx.env.appUrl, actor.org.logo)), guard);
      const action = existingId ? "invitation.updated" : "invitation.created";
      return {
        batch: [
          logActivityIf(ctx, log(actor, action, existingId ?? id, data.email, kind.logData(standing, data.role, data.orgRole)), guard),
          mail.query,
          insertWhere(ctx, t, kind.insertValues(orgId, values), guard)
            .onConflictDoUpdate({
              target: kind.conflictTarget,
              // Must match the partial index's predicate literally for SQLite to pick that index as the conflict target.
              targetWhere: sql`status = 'pending'`,
              set: kind.refresh(values),
            })
            .returning(),
        ],
        took: (r) => r[2]!.length > 0,
        answer(r) {
          afterCommit(ctx, [mail.id]);
          const row = kind.row(r[2]![0]);
          return { ...toInvitation(row, { id: actor.userId, name: actor.session.user.name }), replaced: row.id !== id, link };
        },
        // The row the upsert will leave, as stored (whole seconds); without the link, whose token is a secret.
        replay: {
          answer: {
            ...toInvitation(storedRow(kind.row({ ...kind.insertValues(orgId, values), ...(existing ?? {}) })), { id: actor.userId, name: actor.session.user.name }),
            replaced: existing !== undefined,
          },
          guard,
        },
      };
    },
  };
}

/** An invitation row as D1 keeps it: its times in whole seconds. */
function storedRow(row: InvitationRow): InvitationRow {
  const seconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);
  return { ...row, expiresAt: seconds(row.expiresAt), createdAt: seconds(row.createdAt) };
}

/** The invitation by id in the scope, with its inviter (none when it is another org's or project's). */
function byIdRead(ctx: AppContext, kind: Kind, orgId: Id, id: string) {
  const t = tableOf(kind);
  return ctx.db
    .select({ inv: t, inviter: inviterFields() })
    .from(t)
    .leftJoin(user, eq(user.id, kind.inviterColumn))
    .where(and(eq(t.id, id), kind.inScope(orgId)))
    .limit(1);
}

/** The pending row as the write's guard sees it. */
function pendingNow(kind: Kind, orgId: Id, id: string): SQL {
  const t = tableOf(kind);
  return and(eq(t.id, id), kind.inScope(orgId), eq(t.status, "pending"))!;
}

interface Found {
  row: InvitationRow;
  inviter: { id: string | null; name: string };
}

/** The sender's standing and the invitation, refusing what may not be touched (expired but pending may be resent). */
function found(kind: Kind, actor: OrgActor, rows: Rows[]): { standing: Standing; inv: Found } {
  const n = kind.accessReadCount;
  const standing = kind.standing(actor, rows.slice(0, n));
  const hit = rows[n]![0] as { inv: unknown; inviter: { id: string | null; name: string } } | undefined;
  if (!hit) throw new AppError("NOT_FOUND");
  const row = kind.row(hit.inv);
  if (row.status !== "pending") throw deadInvitationError(presentStatus(row.status, row.expiresAt));
  return { standing, inv: { row, inviter: hit.inviter } };
}

/** A new token and a new 7-day expiry, sent again; the old link stops working at once. */
export async function resendInvitation(ctx: AppContext, scope: InvitationScope, invitationId: string): Promise<OrgWrite<Invitation>> {
  const kind = kindOf(scope);
  const t = tableOf(kind);
  const { token, hash } = await newInvitationToken();
  // The address and the org role of the row, named in SQL so that the read, the hits and the guard share one batch.
  const emailOf = (orgId: Id) => sql<string>`(select ${t.email} from ${t} where ${and(eq(t.id, invitationId), kind.inScope(orgId))})`;
  const orgRoleOf = (orgId: Id) => sql`(select ${kind.orgRoleColumn} from ${t} where ${and(eq(t.id, invitationId), kind.inScope(orgId))})`;
  return {
    reads: (user, orgId) => [...kind.accessReads(ctx, user, orgId), byIdRead(ctx, kind, orgId, invitationId), kind.memberByEmail(ctx, orgId, emailOf(orgId))],
    limits: (user, orgId) =>
      invitationHits(
        ctx,
        user,
        orgId,
        emailOf(orgId),
        emailOf(orgId),
        and(holds(t, pendingNow(kind, orgId, invitationId)), kind.mayInvite(orgId, user, orgRoleOf(orgId)), notExists(kind.memberByEmail(ctx, orgId, emailOf(orgId)) as never))!,
      ),
    decide(actor, rows) {
      const { standing, inv } = found(kind, actor, rows);
      // Resending re-issues the org role too, so the same limit applies as when inviting.
      if (!standing.orgRoles.includes(inv.row.orgRole)) {
        throw new AppError(
          "FORBIDDEN",
          scope.kind === "org" ? "Only owners can resend an invitation to become an owner." : "Only workspace admins and owners can resend an invitation with that workspace role.",
        );
      }
      if (rows[rows.length - 1]!.length) throw kind.alreadyMember(inv.row.email);
      const orgId = actor.org.id;
      const now = new Date();
      const guard = and(pendingNow(kind, orgId, invitationId), kind.mayInvite(orgId, actor.userId, inv.row.orgRole))!;
      const mail = outboxInsert(ctx, emails.invitation(inv.row.email, invitationUrl(ctx.env.appUrl, token), actor.session.user.name, standing.orgName, standing.projectName, invitationExpiry(now), absoluteImageUrl(ctx.env.appUrl, actor.org.logo)), holds(t, guard));
      const inviter = scope.kind === "org" ? { inviterId: actor.userId } : { invitedBy: actor.userId };
      return {
        batch: [
          logActivityIf(ctx, log(actor, "invitation.resent", invitationId, inv.row.email, kind.logData(standing)), holds(t, guard)),
          mail.query,
          ctx.db
            .update(t)
            .set({ token: hash, expiresAt: invitationExpiry(now), updatedAt: now, ...(inviter as object) })
            .where(guard)
            .returning(),
        ],
        took: (r) => r[2]!.length > 0,
        answer(r) {
          afterCommit(ctx, [mail.id]);
          return toInvitation(kind.row(r[2]![0]), { id: actor.userId, name: actor.session.user.name });
        },
        replay: { answer: toInvitation(storedRow({ ...inv.row, expiresAt: invitationExpiry(now) }), { id: actor.userId, name: actor.session.user.name }), guard: holds(t, guard) },
      };
    },
  };
}

/** Cancels a pending invitation; its link dies at once. */
export function cancelInvitation(ctx: AppContext, scope: InvitationScope, invitationId: string): OrgWrite<Invitation> {
  const kind = kindOf(scope);
  const t = tableOf(kind);
  return {
    reads: (user, orgId) => [...kind.accessReads(ctx, user, orgId), byIdRead(ctx, kind, orgId, invitationId)],
    decide(actor, rows) {
      const { standing, inv } = found(kind, actor, rows);
      const orgId = actor.org.id;
      const guard = and(pendingNow(kind, orgId, invitationId), kind.mayManage(orgId, actor.userId))!;
      return {
        batch: [
          logActivityIf(ctx, log(actor, "invitation.cancelled", invitationId, inv.row.email, kind.logData(standing)), holds(t, guard)),
          ctx.db.update(t).set({ status: CANCELLED, updatedAt: new Date() }).where(guard).returning(),
        ],
        took: (r) => r[1]!.length > 0,
        answer: (r) => toInvitation(kind.row(r[1]![0]), inv.inviter),
      };
    },
  };
}
