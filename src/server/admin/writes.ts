/**
 * What a site admin changes: ban, unban, hand an ownerless workspace to someone. Each is two round trips, like every
 * write (docs/adr/0006): one read batch (session and role, the rows the decision needs, the admin-action rate limit,
 * counted only for admins) and one write batch whose statements all carry the same guard, "the caller is still a site
 * admin and the target is still as decided", with the audit line written under that guard, so the log says exactly
 * what happened.
 */
import { and, eq, ne, sql, type SQL } from "drizzle-orm";
import { adminAudit, member, session, user } from "~/db/schema";
import { banInput, transferInput, type AdminUser } from "~/lib/admin-schemas";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { hitStatement, type PreparedHit } from "../rate-limit";
import { endLiveSessions } from "../live/publish";
import type { CurrentSession } from "../session";
import { holds } from "../writes/guards";
import type { Statement } from "../writes/run";
import { insertWhere } from "../writes/statements";
import { parse, parseIds } from "../validate";
import { readAsSiteAdmin, stillSiteAdmin } from "./access";
import { adminOrgQueries, orgHasNoActiveOwner, toAdminOrg, toAdminUser } from "./reads";

type UserRow = Parameters<typeof toAdminUser>[0];

function targetQuery(ctx: AppContext, userId: string) {
  return ctx.db
    .select({ id: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified, role: user.role, banned: user.banned, banReason: user.banReason, banExpires: user.banExpires, createdAt: user.createdAt })
    .from(user)
    .where(eq(user.id, userId))
    .limit(1);
}

/** One admin action counted, in the read batch, and only when the caller is an admin (others are 404 anyway). */
function actionHit(ctx: AppContext, caller: SQL): PreparedHit {
  return hitStatement(ctx, "adminActionsPerAdmin", caller, stillSiteAdmin(caller));
}

function auditLine(ctx: AppContext, admin: CurrentSession, entry: { action: string; targetType: "user" | "org"; targetId: string; targetLabel: string; data?: object }, guard: SQL) {
  const row = {
    id: crypto.randomUUID(),
    actorId: admin.user.id,
    actorName: admin.user.name,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    targetLabel: entry.targetLabel,
    data: entry.data ? JSON.stringify(entry.data) : null,
    createdAt: new Date(),
  };
  return insertWhere(ctx, adminAudit, row, guard);
}

/** Reads the target person for a user action; NOT_FOUND for non-admins and missing people, then checks the limit. */
async function readUserAction(ctx: AppContext, headers: Headers, userId: string) {
  let hit: PreparedHit | undefined;
  const { session: admin, results } = await readAsSiteAdmin(ctx, headers, (caller) => [targetQuery(ctx, userId), (hit = actionHit(ctx, caller)).query] as const);
  parseIds({ userId }, ["userId"]);
  const [targets, counted] = results as unknown as [UserRow[], Parameters<PreparedHit["check"]>[0]];
  return { admin, target: targets[0], checkLimit: () => hit!.check(counted) };
}

function refuseSelfOrAdmin(admin: CurrentSession, target: UserRow): void {
  if (target.id === admin.user.id) throw new AppError("FORBIDDEN", "You cannot ban yourself.");
  if (target.role === "admin") throw new AppError("FORBIDDEN", "Site admins cannot be banned. Take their address off ADMIN_EMAILS first.");
}

/**
 * Bans a person: the ban, the end of every session of theirs and the audit line in one batch, so no session survives
 * it. Their sign-in by any method is refused from then on (src/server/admin/sign-in-gate.ts).
 */
export async function banUser(ctx: AppContext, headers: Headers, userId: string, body: () => unknown): Promise<AdminUser> {
  const { admin, target, checkLimit } = await readUserAction(ctx, headers, userId);
  const input = parse(banInput, body());
  if (!target) throw new AppError("NOT_FOUND");
  refuseSelfOrAdmin(admin, target);
  checkLimit();
  const expires = input.expiresAt ? new Date(input.expiresAt) : null;
  // The same ban again (a retry after a lost answer, a double click) is answered as it stands, nothing written: a
  // second audit line would record a ban that did not happen twice. A new reason or end is a change, and is logged.
  const sameBan = target.banned && target.banReason === input.reason && (target.banExpires?.getTime() ?? null) === (expires?.getTime() ?? null);
  if (sameBan) return toAdminUser(target);
  const guard = and(stillSiteAdmin(admin.user.id), holds(user, and(eq(user.id, userId), ne(user.role, "admin"))!))!;
  const now = new Date();
  const results = await ctx.db.batch([
    auditLine(ctx, admin, { action: "user.ban", targetType: "user", targetId: userId, targetLabel: `${target.name} <${target.email}>`, data: { reason: input.reason, expiresAt: input.expiresAt ?? null } }, guard),
    ctx.db.update(user).set({ banned: true, banReason: input.reason, banExpires: expires, updatedAt: now }).where(and(eq(user.id, userId), guard)).returning({ id: user.id }),
    ctx.db.delete(session).where(and(eq(session.userId, userId), guard)).returning({ id: session.id }),
    // Where their open pages listen (live updates), read in the same batch.
    ctx.db.select({ orgId: member.organizationId }).from(member).where(eq(member.userId, userId)),
  ]);
  // Nothing changed: the caller stopped being an admin, or the person was deleted or became an admin meanwhile.
  if (!(results[1] as unknown[]).length) throw new AppError("NOT_FOUND");
  const ended = (results[2] as { id: string }[]).map((s) => s.id);
  endLiveSessions(ctx, (results[3] as { orgId: string }[]).map((m) => m.orgId), ended);
  return toAdminUser({ ...target, banned: true, banReason: input.reason, banExpires: expires });
}

/** Lifts a ban (a person who is not banned is answered as they are, nothing written). */
export async function unbanUser(ctx: AppContext, headers: Headers, userId: string): Promise<AdminUser> {
  const { admin, target, checkLimit } = await readUserAction(ctx, headers, userId);
  if (!target) throw new AppError("NOT_FOUND");
  checkLimit();
  if (!target.banned) return toAdminUser(target);
  const guard = and(stillSiteAdmin(admin.user.id), holds(user, and(eq(user.id, userId), eq(user.banned, true))!))!;
  const results = await ctx.db.batch([
    auditLine(ctx, admin, { action: "user.unban", targetType: "user", targetId: userId, targetLabel: `${target.name} <${target.email}>` }, guard),
    ctx.db.update(user).set({ banned: false, banReason: null, banExpires: null, updatedAt: new Date() }).where(and(eq(user.id, userId), guard)).returning({ id: user.id }),
  ]);
  if (!(results[1] as unknown[]).length) throw new AppError("NOT_FOUND");
  return toAdminUser({ ...target, banned: false, banReason: null, banExpires: null });
}

/**
 * Hands a workspace without an owner in good standing (none, or only banned ones) to a person of the admin's choosing:
 * they become an owner (a member already, or added), with the audit line, in one batch guarded by "still no active
 * owner", so two admins handing it over at once cannot both succeed.
 */
export async function transferOrgOwnership(ctx: AppContext, headers: Headers, orgRef: string, body: () => unknown) {
  let hit: PreparedHit | undefined;
  let peeked: unknown;
  try {
    peeked = body();
  } catch {
    /* told after the admin check */
  }
  const personId = typeof (peeked as { userId?: unknown } | null)?.userId === "string" ? String((peeked as { userId: string }).userId).trim() : "";
  const { session: admin, results } = await readAsSiteAdmin(ctx, headers, (caller) => [...adminOrgQueries(ctx, orgRef), targetQuery(ctx, personId), (hit = actionHit(ctx, caller)).query] as const);
  parseIds({ orgId: orgRef }, ["orgId"]);
  const { userId } = parse(transferInput, body());
  const [orgs, owners, people, counted] = results as unknown as [Parameters<typeof toAdminOrg>[0][0], Parameters<typeof toAdminOrg>[0][1], UserRow[], Parameters<PreparedHit["check"]>[0]];
  const org = toAdminOrg([orgs, owners]);
  if (!org) throw new AppError("NOT_FOUND");
  const person = people[0];
  if (!person || person.id !== userId) throw AppError.validation({ userId: "There is no such person." });
  if (person.banned) throw AppError.validation({ userId: "This person is banned. Choose someone else." });
  if (!org.ownerless) throw new AppError("FORBIDDEN", "This workspace has an owner in good standing; only ownerless or abandoned workspaces can be handed over.");
  hit!.check(counted);
  const guard = and(stillSiteAdmin(admin.user.id), orgHasNoActiveOwner(org.id), holds(user, and(eq(user.id, userId), eq(user.banned, false))!))!;
  const isMember = holds(member, and(eq(member.organizationId, org.id), eq(member.userId, userId))!);
  const now = new Date();
  const newRow = { id: crypto.randomUUID(), userId, organizationId: org.id, role: "owner", createdAt: now, lastActiveAt: null, sortName: "" };
  const results2 = await ctx.db.batch([
    auditLine(ctx, admin, { action: "org.transfer", targetType: "org", targetId: org.id, targetLabel: org.name, data: { to: userId, toName: person.name, toEmail: person.email } }, guard),
    insertWhere(ctx, member, newRow, and(guard, sql`not ${isMember}`)!).returning({ id: member.id }),
    ctx.db.update(member).set({ role: "owner" }).where(and(eq(member.organizationId, org.id), eq(member.userId, userId), guard)).returning({ id: member.id }),
  ] as unknown as [Statement, ...Statement[]]);
  if (!(results2[1] as unknown[]).length && !(results2[2] as unknown[]).length) {
    throw new AppError("FORBIDDEN", "This workspace got an owner meanwhile; reload to see who.");
  }
  return { ...org, owners: [...org.owners.filter((o) => o.userId !== userId), { userId, name: person.name, email: person.email, banned: false }], ownerless: false };
}
