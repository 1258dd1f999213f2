/**
 * What /admin and /api/admin read: people (search by name or email prefix, keyset pages), one person's workspaces and
 * sessions, a workspace's owners, and the audit log. Unawaited statements, so the caller puts them in the batch that
 * reads the session (one round trip, docs/adr/0007).
 */
import { and, asc, desc, eq, gt, inArray, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { adminAudit, member, organization, session, user } from "~/db/schema";
import type { AdminAuditItem, AdminOrg, AdminUser, AdminUserDetail } from "~/lib/admin-schemas";
import type { AppContext } from "../context";
import { decodeCursor, toPage, type Page } from "../domain/cursor";
import { startsWith } from "../domain/search";

const userColumns = {
  id: user.id,
  name: user.name,
  email: user.email,
  emailVerified: user.emailVerified,
  role: user.role,
  banned: user.banned,
  banReason: user.banReason,
  banExpires: user.banExpires,
  createdAt: user.createdAt,
};
type UserRow = { id: string; name: string; email: string; emailVerified: boolean; role: string; banned: boolean; banReason: string | null; banExpires: Date | null; createdAt: Date };

const nameNocase = sql`${user.name} collate nocase`;
const userCursor = z.tuple([z.string(), z.string()]);

/** People in name order (case-insensitive, then id), those whose name, email or username starts with `q` when given. */
export function adminUsersQuery(ctx: AppContext, opts: { q?: string; limit: number; cursor?: string }) {
  const after = decodeCursor(opts.cursor, userCursor);
  const term = opts.q ? opts.q.replace(/[A-Z]/g, (c) => c.toLowerCase()) : "";
  // Usernames are stored lower-case and are written "@name" where people see them.
  const handle = term.replace(/^@/, "");
  // Three index ranges (user_name_nocase_idx, user_email_unique, user_username_unique), as in the member search
  // (src/server/domain/search.ts).
  const match = term
    ? sql`${user}.rowid in (select rowid from ${user} where ${startsWith(user.name, term, { nocase: true })} union select rowid from ${user} where ${startsWith(user.email, term)} union select rowid from ${user} where ${startsWith(user.username, handle)})`
    : undefined;
  const resume = after ? or(sql`${nameNocase} > ${after[0]}`, and(sql`${nameNocase} = ${after[0]}`, gt(user.id, after[1]))) : undefined;
  return ctx.db
    .select(userColumns)
    .from(user)
    .where(and(match, resume))
    .orderBy(asc(nameNocase), asc(user.id))
    .limit(opts.limit + 1);
}

export function toAdminUser(r: UserRow): AdminUser {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    emailVerified: r.emailVerified,
    role: r.role === "admin" ? "admin" : "user",
    banned: r.banned,
    banReason: r.banReason,
    banExpires: r.banExpires ? r.banExpires.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
  };
}

export function toAdminUserPage(rows: UserRow[], limit: number): Page<AdminUser> {
  return toPage(rows, limit, toAdminUser, (r) => [r.name, r.id]);
}

/** One person, their workspaces with their role in each, and their live sessions: three statements. */
export function adminUserDetailQueries(ctx: AppContext, userId: string) {
  return [
    ctx.db.select(userColumns).from(user).where(eq(user.id, userId)).limit(1),
    ctx.db
      .select({ id: organization.id, name: organization.name, slug: organization.slug, role: member.role })
      .from(member)
      .innerJoin(organization, eq(organization.id, member.organizationId))
      .where(eq(member.userId, userId))
      .orderBy(asc(organization.name))
      .limit(200),
    ctx.db
      .select({ id: session.id, createdAt: session.createdAt, expiresAt: session.expiresAt, ipAddress: session.ipAddress, userAgent: session.userAgent })
      .from(session)
      .where(and(eq(session.userId, userId), gt(session.expiresAt, new Date())))
      .orderBy(desc(session.createdAt))
      .limit(100),
  ] as const;
}

type DetailRows = [UserRow[], AdminUserDetail["workspaces"], { id: string; createdAt: Date; expiresAt: Date; ipAddress: string | null; userAgent: string | null }[]];

/** Null when there is no such person. */
export function toAdminUserDetail([users, workspaces, sessions]: DetailRows): AdminUserDetail | null {
  const u = users[0];
  if (!u) return null;
  return {
    user: toAdminUser(u),
    workspaces,
    sessions: sessions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt.toISOString() })),
  };
}

/** A workspace and its owners (with whether each is banned): two statements. `ref` is an id or an address. */
export function adminOrgQueries(ctx: AppContext, ref: string) {
  const found = or(eq(organization.id, ref), eq(organization.slug, ref));
  return [
    ctx.db.select({ id: organization.id, name: organization.name, slug: organization.slug }).from(organization).where(found).limit(1),
    ctx.db
      .select({ userId: member.userId, name: user.name, email: user.email, banned: user.banned })
      .from(member)
      .innerJoin(user, eq(user.id, member.userId))
      .where(and(eq(member.role, "owner"), inArray(member.organizationId, ctx.db.select({ id: organization.id }).from(organization).where(found))))
      .orderBy(asc(user.name))
      .limit(100),
  ] as const;
}

export function toAdminOrg([orgs, owners]: [{ id: string; name: string; slug: string }[], AdminOrg["owners"]]): AdminOrg | null {
  const org = orgs[0];
  if (!org) return null;
  return { ...org, owners, ownerless: !owners.some((o) => !o.banned) };
}

/**
 * SQL: the org has no owner in good standing (none at all, or only banned ones). The condition under which an admin
 * may hand the workspace to someone, checked again inside the transfer's own statements.
 */
export function orgHasNoActiveOwner(orgId: string): SQL {
  return sql`not exists (select 1 from ${member} inner join ${user} on ${user.id} = ${member.userId} where ${member.organizationId} = ${orgId} and ${member.role} = 'owner' and ${user.banned} = 0)`;
}

const auditCursor = z.tuple([z.number().int(), z.string()]);

export function adminAuditQuery(ctx: AppContext, opts: { limit: number; cursor?: string }) {
  const after = decodeCursor(opts.cursor, auditCursor);
  return ctx.db
    .select()
    .from(adminAudit)
    .where(after ? or(sql`${adminAudit.createdAt} < ${after[0]}`, and(sql`${adminAudit.createdAt} = ${after[0]}`, sql`${adminAudit.id} < ${after[1]}`)) : undefined)
    .orderBy(desc(adminAudit.createdAt), desc(adminAudit.id))
    .limit(opts.limit + 1);
}

type AuditRow = typeof adminAudit.$inferSelect;

export function toAdminAuditPage(rows: AuditRow[], limit: number): Page<AdminAuditItem> {
  return toPage(
    rows,
    limit,
    (r) => ({
      id: r.id,
      actorId: r.actorId,
      actorName: r.actorName,
      action: r.action as AdminAuditItem["action"],
      targetType: r.targetType as AdminAuditItem["targetType"],
      targetId: r.targetId,
      targetLabel: r.targetLabel,
      data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
      createdAt: r.createdAt.toISOString(),
    }),
    (r) => [r.createdAt.getTime(), r.id],
  );
}
