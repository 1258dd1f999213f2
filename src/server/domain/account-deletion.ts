/**
 * Leaving for good: a person deletes their own account (DELETE /api/me). Why it works this way: docs/adr/0016.
 *
 * One read batch with the session: what would block the deletion (workspaces and projects where they are the last owner
 * and others remain), their workspaces, their password hash, the rate-limit hit of the password check. Then ONE write
 * batch whose every statement carries the same guard, decided again as it runs: their session still lives and nothing
 * blocks. It logs the departure in every workspace that stays, deletes the workspaces where they are the only member
 * (with their projects: nobody else could ever see them), and deletes the user last. The database does the rest in
 * the same statement: sessions, sign-in methods, memberships and project memberships cascade; projects they created,
 * invitations they sent and activity they did keep their rows with the person's id set null (names stay as text).
 */
import { and, eq, exists, inArray, ne, notExists, sql, type SQL } from "drizzle-orm";
import { alias, QueryBuilder, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { account, member, organization, projectMembers, projects, session as sessionTable, user } from "~/db/schema";
import { deleteAccountInput } from "~/lib/schemas";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { deleteReplaced } from "../images/store";
import { endLiveSessions, publishLive } from "../live/publish";
import { hitStatement, type PreparedHit } from "../rate-limit";
import { readWithSession, type UserOfToken } from "../session";
import { parse } from "../validate";
import { logActivityIf } from "../writes/statements";

/** Without a password, the proof is a recent sign-in: a session younger than this (a magic link or provider away). */
export const FRESH_SIGN_IN_MINUTES = 10;

/** What must be handed over first, with where to do it (LAST_OWNER's details). */
export interface Handover {
  orgs: { id: string; name: string; slug: string; url: string }[];
  projects: { id: string; name: string; orgId: string; orgSlug: string; url: string }[];
}

const qb = new QueryBuilder();
const otherMember = alias(member, "other_member");
const otherOwner = alias(member, "other_owner");
const pmOther = alias(projectMembers, "pm_other");
const pmOwner = alias(projectMembers, "pm_owner");

/** Another member of the membership row's org (than `who`), optionally only owners. */
function othersInOrg(who: SQL | string, ownersOnly: boolean): SQL {
  const t = ownersOnly ? otherOwner : otherMember;
  return exists(
    qb
      .select({ one: sql`1` })
      .from(t)
      .where(and(eq(t.organizationId, member.organizationId), ne(t.userId, who), ownersOnly ? eq(t.role, "owner") : undefined)),
  );
}

function othersInProject(who: SQL | string, ownersOnly: boolean): SQL {
  const t = ownersOnly ? pmOwner : pmOther;
  return exists(
    qb
      .select({ one: sql`1` })
      .from(t)
      .where(and(eq(t.projectId, projectMembers.projectId), ne(t.userId, who), ownersOnly ? eq(t.role, "owner") : undefined)),
  );
}

/** Workspaces `who` owns alone while others belong to them. */
function lastOwnerOrgsWhere(who: SQL | string): SQL {
  return and(eq(member.userId, who), eq(member.role, "owner"), othersInOrg(who, false), sql`not ${othersInOrg(who, true)}`)!;
}

/** Projects `who` owns alone while others belong to them. */
function lastOwnerProjectsWhere(who: SQL | string): SQL {
  return and(eq(projectMembers.userId, who), eq(projectMembers.role, "owner"), othersInProject(who, false), sql`not ${othersInProject(who, true)}`)!;
}

/** The guard of every statement of the write: the caller's session lives and they are nobody's last owner. */
function mayLeave(userId: string, sessionId: string): SQL {
  return and(
    exists(qb.select({ one: sql`1` }).from(sessionTable).where(and(eq(sessionTable.id, sessionId), eq(sessionTable.userId, userId)))),
    notExists(qb.select({ one: sql`1` }).from(member).where(lastOwnerOrgsWhere(userId))),
    notExists(qb.select({ one: sql`1` }).from(projectMembers).where(lastOwnerProjectsWhere(userId))),
  )!;
}

function blockers(ctx: AppContext, who: UserOfToken) {
  return [
    ctx.db
      .select({ id: organization.id, name: organization.name, slug: organization.slug })
      .from(member)
      .innerJoin(organization, eq(organization.id, member.organizationId))
      .where(lastOwnerOrgsWhere(who))
      .orderBy(organization.name),
    ctx.db
      .select({ id: projects.id, name: projects.name, orgId: projects.orgId, orgSlug: organization.slug })
      .from(projectMembers)
      .innerJoin(projects, eq(projects.id, projectMembers.projectId))
      .innerJoin(organization, eq(organization.id, projects.orgId))
      .where(lastOwnerProjectsWhere(who))
      .orderBy(projects.name),
  ] as const;
}

type BlockingOrg = { id: string; name: string; slug: string };
type BlockingProject = { id: string; name: string; orgId: string; orgSlug: string };

function lastOwnerError(ctx: AppContext, orgs: BlockingOrg[], projectRows: BlockingProject[]): AppError {
  const details: Handover = {
    orgs: orgs.map((o) => ({ ...o, url: `${ctx.env.appUrl}/orgs/${o.slug}/members` })),
    projects: projectRows.map((p) => ({ ...p, url: `${ctx.env.appUrl}/orgs/${p.orgSlug}/projects/${p.id}` })),
  };
  const names = [...orgs.map((o) => o.name), ...projectRows.map((p) => p.name)];
  return new AppError(
    "LAST_OWNER",
    `You are the last owner of ${names.join(", ")}. Make someone else an owner there first, then delete your account.`,
    details as unknown as Record<string, unknown>,
  );
}

/** Another member than `userId` in the org of the row being deleted. */
function someoneElseIn(orgId: SQL | string | AnySQLiteColumn, userId: string): SQL {
  return exists(qb.select({ one: sql`1` }).from(otherMember).where(and(eq(otherMember.organizationId, orgId), ne(otherMember.userId, userId))));
}

/**
 * Deletes the caller's account. Refuses with AUTH_REQUIRED, VALIDATION_FAILED (the typed address or the password is
 * wrong), FORBIDDEN (no password and no recent sign-in), LAST_OWNER (details.orgs, details.projects) or RATE_LIMITED.
 * Two round trips.
 */
export async function deleteOwnAccount(ctx: AppContext, headers: Headers, body: unknown): Promise<void> {
  // A password check counts toward its limit, only for people who have one; keyed by the session's user, so a
  // signed-out request counts nothing.
  const typedPassword = typeof (body as { password?: unknown } | null)?.password === "string";
  let limiter: PreparedHit | null = null;
  const read = await readWithSession(ctx, headers, (who) => {
    const hasPassword = exists(
      qb
        .select({ one: sql`1` })
        .from(account)
        .where(and(eq(account.userId, who), eq(account.providerId, "credential"), sql`${account.password} is not null`)),
    );
    limiter = typedPassword ? hitStatement(ctx, "accountDeletionPerAccount", who, hasPassword) : null;
    return [
      ...blockers(ctx, who),
      // Their workspaces, and whether anyone else is in each (the ones nobody else is in go with them).
      ctx.db
        .select({ orgId: member.organizationId, shared: sql<number>`${othersInOrg(who, false)}`.as("shared"), logo: organization.logo })
        .from(member)
        .innerJoin(organization, eq(organization.id, member.organizationId))
        .where(eq(member.userId, who)),
      ctx.db
        .select({ hash: account.password })
        .from(account)
        .where(and(eq(account.userId, who), eq(account.providerId, "credential")))
        .limit(1),
      ctx.db.select({ id: sessionTable.id, createdAt: sessionTable.createdAt }).from(sessionTable).where(eq(sessionTable.userId, who)),
      ...(limiter ? [(limiter as PreparedHit).query] : []),
    ] as const;
  });
  if (!read) throw new AppError("AUTH_REQUIRED");
  const me = read.session.user;
  const [blockingOrgs, blockingProjects, memberships, credential, sessions, limitRows] = read.results as unknown as [
    BlockingOrg[],
    BlockingProject[],
    { orgId: string; shared: number; logo: string | null }[],
    { hash: string | null }[],
    { id: string; createdAt: Date }[],
    Parameters<PreparedHit["check"]>[0] | undefined,
  ];
  const input = parse(deleteAccountInput, body);
  if (input.confirmEmail.toLowerCase() !== me.email.toLowerCase()) {
    throw AppError.validation({ confirmEmail: `Type ${me.email} exactly to confirm.` });
  }
  // Before the password: what to hand over is the caller's own business, and it spares a password typed in vain.
  if (blockingOrgs.length || blockingProjects.length) throw lastOwnerError(ctx, blockingOrgs, blockingProjects);
  const hash = credential[0]?.hash ?? null;
  if (hash) {
    if (!input.password) throw AppError.validation({ password: "Enter your password." });
    if (limiter && limitRows) (limiter as PreparedHit).check(limitRows);
    const auth = await ctx.auth.$context;
    if (!(await auth.password.verify({ hash, password: input.password }))) throw AppError.validation({ password: "That password is not right." });
  } else {
    const signedInAt = sessions.find((s) => s.id === read.session.sessionId)?.createdAt.getTime() ?? 0;
    if (Date.now() - signedInAt > FRESH_SIGN_IN_MINUTES * 60_000) {
      throw new AppError("FORBIDDEN", `For your safety, sign in again (within ${FRESH_SIGN_IN_MINUTES} minutes) before deleting your account.`, {
        reason: "FRESH_SIGN_IN_REQUIRED",
      });
    }
  }

  const guard = mayLeave(me.id, read.session.sessionId);
  const sharedOrgs = memberships.filter((m) => m.shared).map((m) => m.orgId);
  const soleOrgs = memberships.filter((m) => !m.shared).map((m) => m.orgId);
  const deleteUser = ctx.db.delete(user).where(and(eq(user.id, me.id), guard)).returning({ id: user.id });
  const statements = [
    ...sharedOrgs.map((orgId) =>
      logActivityIf(
        ctx,
        { orgId, actor: { id: me.id, name: me.name }, action: "member.account_deleted", target: { type: "user", id: me.id, label: me.name } },
        and(guard, someoneElseIn(orgId, me.id))!,
      ),
    ),
    // Only while nobody else has joined meanwhile (then the guard fails anyway: they would be its last owner).
    ...(soleOrgs.length ? [ctx.db.delete(organization).where(and(inArray(organization.id, soleOrgs), notExistsElse(me.id), guard))] : []),
    deleteUser,
  ];
  const results = (await ctx.db.batch(statements as unknown as [typeof deleteUser, ...(typeof deleteUser)[]])) as unknown[];
  if ((results[results.length - 1] as { id: string }[]).length) {
    // Their picture, and the logos of the workspaces that went with them, are nobody's any more: not kept, not served.
    deleteReplaced(ctx, me.image, null);
    for (const m of memberships) if (!m.shared) deleteReplaced(ctx, m.logo, null);
    // Open pages: their own sockets end; the workspaces they shared see a member gone.
    for (const m of memberships) if (m.shared) publishLive(ctx, m.orgId, { cut: [me.id] });
    endLiveSessions(ctx, soleOrgs, sessions.map((s) => s.id));
    return;
  }
  // Overtaken: decided again against the rows as they are now, the answer a fresh request would get.
  const again = await readWithSession(ctx, headers, (who) => blockers(ctx, who));
  if (!again) throw new AppError("AUTH_REQUIRED");
  throw lastOwnerError(ctx, again.results[0] as BlockingOrg[], again.results[1] as BlockingProject[]);
}

/** No other member in the org row being deleted. */
function notExistsElse(userId: string): SQL {
  return sql`not ${someoneElseIn(organization.id, userId)}`;
}
