/**
 * Workspace writes: create, switch to (the session's active org), rename or change the address, delete. Each takes one
 * read batch (the session, the caller's membership and the write's pre-reads) and one guarded write batch
 * (src/server/writes/run.ts).
 */
import { and, desc, eq, exists, ne, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { member, organization, orgSlugHistory, session, user } from "~/db/schema";
import { canOrg } from "~/lib/permissions";
import { createOrgInput, reservedSlugs, slugify, updateOrgInput } from "~/lib/schemas";
import type { AppContext } from "../context";
import { isUniqueViolation } from "../db";
import { AppError } from "../errors";
import { hitStatement } from "../rate-limit";
import { readWithSession, requireSession, type UserOfToken } from "../session";
import { parse } from "../validate";
import { actorMayOrg, holds } from "../writes/guards";
import { keyInsert, replayAfterRace, replayed } from "../writes/idempotency";
import type { OrgWrite, Statement } from "../writes/run";
import { logActivityIf } from "../writes/statements";
import type { Org } from "./orgs";

function slugTaken(): AppError {
  return new AppError("SLUG_TAKEN", undefined, { fields: { slug: "That address is already taken. Try another one." } });
}

function randomSuffix(): string {
  return crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36).slice(0, 5);
}

function slugOwnerQuery(ctx: AppContext, slug: string, except?: string | SQL) {
  return ctx.db
    .select({ id: organization.id })
    .from(organization)
    .where(and(eq(organization.slug, slug), except ? ne(organization.id, except) : undefined))
    .limit(1);
}

/**
 * Creates the org and the caller's owner membership in one batch (with `activate`, the caller lands on it as their
 * active org). The
 * session, the per-person creation limit and whether the address is free are read in one batch before it. A derived
 * address that is taken gets a random suffix; the unique index settles a race for the same address.
 */
export async function createOrg(ctx: AppContext, headers: Headers, input: unknown | (() => Promise<unknown>), opts: { activate?: boolean } = {}): Promise<Org> {
  let data: ReturnType<typeof createOrgInput.parse>;
  try {
    // A body read lazily: a signed-out caller hears AUTH_REQUIRED even when the body is broken too.
    data = parse(createOrgInput, typeof input === "function" ? await (input as () => Promise<unknown>)() : input);
  } catch (err) {
    await requireSession(ctx, headers);
    throw err;
  }
  const explicit = data.slug !== undefined;
  const derived = slugify(data.name) || "workspace";
  let slug = data.slug ?? (derived.length < 2 ? `${derived}-org` : derived);
  // A name like "New" must not derive the address of a fixed route (/orgs/new); the schema only checks explicit slugs.
  if (!explicit && reservedSlugs.has(slug)) slug = `${derived.slice(0, 40)}-${randomSuffix()}`;
  let limit: ReturnType<typeof hitStatement> | undefined;
  const read = await readWithSession(ctx, headers, (user: UserOfToken) => {
    // Counted before any write (a refused creation leaves no row), for the API and the server function alike.
    limit = hitStatement(ctx, "orgsCreatedPerUser", user);
    return [limit.query, slugOwnerQuery(ctx, slug)] as const;
  });
  if (!read) throw new AppError("AUTH_REQUIRED");
  // A retry with the Idempotency-Key of a creation that happened: the same workspace, not a second one.
  const again = replayed<Org>();
  if (again) return again;
  const [counted, owner] = read.results;
  limit!.check(counted);
  if (owner.length) {
    if (explicit) throw slugTaken();
    slug = `${derived.slice(0, 40)}-${randomSuffix()}`;
  }
  for (let tries = 0; ; tries++) {
    try {
      return await insertOrg(ctx, read.session.user.id, data.name, slug, opts.activate ? read.session.sessionId : undefined);
    } catch (err) {
      const winner = await replayAfterRace<Org>(ctx, read.session.user.id, err);
      if (winner) return winner;
      // Someone took the address between our read and our write: the unique index decided, and nothing was written.
      if (!isUniqueViolation(err, "organization.slug")) throw err;
      if (explicit || tries >= 3) throw slugTaken();
      slug = `${derived.slice(0, 40)}-${randomSuffix()}`;
    }
  }
}

/** The org, its owner's membership and (given a session) the session's active org: one atomic batch. */
export async function insertOrg(ctx: AppContext, userId: string, name: string, slug: string, activateSessionId?: string): Promise<Org> {
  const id = crypto.randomUUID();
  const now = new Date();
  const org: Org = { id, name, slug, role: "owner", requireTwoFactor: false, createdAt: new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString() };
  await ctx.db.batch([
    // With an Idempotency-Key, the answer is kept in the same batch (./writes/idempotency.ts).
    ...keyInsert(ctx, userId, { answer: org, guard: undefined }),
    ctx.db.insert(organization).values({ id, name, slug, createdAt: now }),
    ctx.db.insert(member).values({ id: crypto.randomUUID(), organizationId: id, userId, role: "owner", createdAt: now, lastActiveAt: now }),
    ...(activateSessionId ? [ctx.db.update(session).set({ activeOrganizationId: id }).where(eq(session.id, activateSessionId))] : []),
  ] as [Statement, ...Statement[]]);
  return org;
}

/**
 * Where someone goes after leaving or deleting the org: their most recently used other workspace (what "/" would pick
 * without this one), read in the write's own batch.
 */
export function nextHomeQuery(ctx: AppContext, user: string | SQL, orgId: string | SQL) {
  return ctx.db
    .select({ slug: organization.slug })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(and(eq(member.userId, user), ne(member.organizationId, orgId)))
    .orderBy(sql`${member.lastActiveAt} is null`, desc(member.lastActiveAt), desc(member.createdAt))
    .limit(1);
}

/** The page of nextHomeQuery's rows. */
export function nextHomePath(rows: readonly unknown[]): string {
  const slug = (rows[0] as { slug: string } | undefined)?.slug;
  return slug ? `/orgs/${slug}` : "/orgs/new";
}

/** Records the org as the session's active org and as the member's most recent one. */
export function setActiveOrg(ctx: AppContext): OrgWrite<{ activeOrgId: string; slug: string }> {
  return {
    decide(actor) {
      const orgId = actor.org.id;
      return {
        batch: [
          ctx.db
            .update(session)
            .set({ activeOrganizationId: orgId })
            .where(and(eq(session.id, actor.session.sessionId), eq(session.userId, actor.userId))),
          ctx.db.update(member).set({ lastActiveAt: new Date() }).where(and(eq(member.organizationId, orgId), eq(member.userId, actor.userId))),
        ],
        took: () => true,
        // Only this session's own choice: nothing another page shows.
        live: false,
        answer: () => ({ activeOrgId: orgId, slug: actor.org.slug }),
      };
    },
  };
}

/**
 * Renames the org and/or changes its slug (admins and owners). The old slug is remembered in org_slug_history, in the
 * same batch, so /orgs/<old-slug> can send members on (findMovedOrgSlug). Taken slugs are SLUG_TAKEN, also when two
 * renames race for the same slug (the unique index decides); reserved slugs fail validation.
 */
export function updateOrg(ctx: AppContext, input: unknown): OrgWrite<Org> {
  const data = parse(updateOrgInput, input);
  return {
    reads: (_user, orgId) => (data.slug ? [slugOwnerQuery(ctx, data.slug, orgId)] : []),
    decide(actor, rows) {
      const before = actor.org;
      const id = before.id;
      const name = data.name ?? before.name;
      const slug = data.slug ?? before.slug;
      const requireTwoFactor = data.requireTwoFactor ?? before.requireTwoFactor;
      const renamed = name !== before.name;
      const moved = slug !== before.slug;
      const ruleChanged = requireTwoFactor !== before.requireTwoFactor;
      if (data.requireTwoFactor !== undefined && !canOrg(actor.role, "org.requireTwoFactor")) throw new AppError("FORBIDDEN");
      if (!canOrg(actor.role, "org.update")) throw new AppError("FORBIDDEN");
      // Turning the rule on while lacking two-factor oneself would lock the owner out of their own workspace.
      if (ruleChanged && requireTwoFactor && !actor.session.user.twoFactorEnabled) {
        throw new AppError("TWO_FACTOR_REQUIRED", "Turn on two-factor authentication for your own account first, then require it for the workspace.");
      }
      const result: Org = { id, name, slug, role: actor.role, requireTwoFactor, createdAt: before.createdAt.toISOString() };
      if (!renamed && !moved && !ruleChanged) return { answer: result };
      if (moved && rows[0]?.length) throw slugTaken();
      // The slug as read is part of the guard when it moves: the history must record the address really left. The
      // rule's change is guarded by the owner's role and, when turned on, by their two-factor as it is now.
      const guard = and(
        eq(organization.id, id),
        moved ? eq(organization.slug, before.slug) : undefined,
        actorMayOrg(id, actor.userId, ruleChanged ? "org.requireTwoFactor" : "org.update"),
        ruleChanged && requireTwoFactor ? exists(ctx.db.select({ one: sql`1` }).from(user).where(and(eq(user.id, actor.userId), eq(user.twoFactorEnabled, true)))) : undefined,
      )!;
      const guardHolds = holds(organization, guard);
      const who = { id: actor.userId, name: actor.session.user.name };
      const orgTarget = { type: "org" as const, id, label: name };
      const batch: BatchItem<"sqlite">[] = [
        ...(renamed ? [logActivityIf(ctx, { orgId: id, actor: who, action: "org.renamed", target: orgTarget, data: { from: before.name, to: name } }, guardHolds)] : []),
        ...(ruleChanged ? [logActivityIf(ctx, { orgId: id, actor: who, action: "org.two_factor_changed", target: orgTarget, data: { to: requireTwoFactor } }, guardHolds)] : []),
        ...(moved
          ? [
              logActivityIf(ctx, { orgId: id, actor: who, action: "org.slug_changed", target: orgTarget, data: { from: before.slug, to: slug } }, guardHolds),
              // The old slug now leads here; the new one is a current slug and needs no history entry.
              ctx.db
                .insert(orgSlugHistory)
                .select(
                  ctx.db
                    .select({ slug: sql<string>`${before.slug}`.as("slug"), orgId: organization.id, createdAt: sql<number>`unixepoch()`.as("createdAt") })
                    .from(organization)
                    .where(guard),
                )
                .onConflictDoUpdate({ target: orgSlugHistory.slug, set: { orgId: sql`excluded.orgId`, createdAt: sql`excluded.createdAt` } }),
              ctx.db.delete(orgSlugHistory).where(and(eq(orgSlugHistory.slug, slug), exists(ctx.db.select({ one: sql`1` }).from(organization).where(guard)))),
            ]
          : []),
        ctx.db.update(organization).set({ name, slug, requireTwoFactor }).where(guard).returning({ id: organization.id }),
      ];
      return { batch, took: (r) => r[r.length - 1]!.length > 0, answer: () => result };
    },
  };
}

/** Settings writes refuse a taken address as SLUG_TAKEN, also when the unique index settles a race. */
export async function slugSafe<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (isUniqueViolation(err, "organization.slug")) throw slugTaken();
    throw err;
  }
}

/**
 * Deletes the org (owners only). The foreign keys cascade in the same statement: projects (and their members and
 * invitations), memberships, org invitations, the activity log and slug history go; sessions that had it active get
 * null and land on another workspace (or /orgs/new) next time. Nothing is logged: the log goes with the org.
 */
export function deleteOrg(ctx: AppContext): OrgWrite<void> {
  return {
    decide(actor) {
      if (!canOrg(actor.role, "org.delete")) throw new AppError("FORBIDDEN");
      const id = actor.org.id;
      return {
        batch: [ctx.db.delete(organization).where(and(eq(organization.id, id), actorMayOrg(id, actor.userId, "org.delete"))).returning({ id: organization.id })],
        took: (r) => r[0]!.length > 0,
        live: { ended: true },
        answer: () => undefined,
      };
    },
  };
}
