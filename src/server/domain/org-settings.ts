/**
 * Workspace settings: rename, change the address (slug), delete. Same write pattern as members.ts: decide on a read,
 * then one batch whose statements all carry the guard "the org and the caller's role are still what we decided on".
 */
import { and, eq, exists, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { z } from "zod";
import { member, organization, orgSlugHistory } from "~/db/schema";
import { orgPermissions, type OrgAction } from "~/lib/permissions";
import { idParam, updateOrgInput } from "~/lib/schemas";
import type { AppContext } from "../context";
import { isUniqueViolation } from "../db";
import { AppError } from "../errors";
import { parse } from "../validate";
import { membershipQuery, requireOrgMember, requireOrgPermission, toMembership } from "./access";
import { logActivityWhen, type ActivityEntry } from "./activity";
import type { Actor } from "./members";
import type { Org } from "./orgs";

const orgIds = z.object({ orgId: idParam });
const MAX_ATTEMPTS = 4;

function slugTaken(): AppError {
  return new AppError("SLUG_TAKEN", undefined, { fields: { slug: "That address is already taken. Try another one." } });
}

/** The caller is still a member with a role allowed to do `action` (re-checked inside the write itself). */
function actorMay(ctx: AppContext, orgId: string, actorId: string, action: OrgAction): SQL {
  return exists(
    ctx.db
      .select({ one: sql`1` })
      .from(member)
      .where(and(eq(member.organizationId, orgId), eq(member.userId, actorId), inArray(member.role, [...orgPermissions[action]]))),
  );
}

/**
 * Renames the org and/or changes its slug (admins and owners). The old slug is remembered in org_slug_history, in the
 * same batch, so /orgs/<old-slug> can send members on (findMovedOrgSlug). Taken slugs are SLUG_TAKEN, also when two
 * renames race for the same slug (the unique index decides); reserved slugs fail validation.
 */
export async function updateOrg(ctx: AppContext, actor: Actor, orgId: string, input: unknown): Promise<Org> {
  const { orgId: id } = parse(orgIds, { orgId });
  const data = parse(updateOrgInput, input);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [membership, slugOwner] = await ctx.db.batch([
      membershipQuery(ctx, actor.id, { orgId: id }),
      ctx.db
        .select({ id: organization.id })
        .from(organization)
        .where(and(eq(organization.slug, data.slug ?? ""), ne(organization.id, id)))
        .limit(1),
    ]);
    const m = toMembership(actor.id, membership);
    requireOrgPermission(m, "org.update");
    const before = m.org;
    const name = data.name ?? before.name;
    const slug = data.slug ?? before.slug;
    const renamed = name !== before.name;
    const moved = slug !== before.slug;
    const result: Org = { id, name, slug, role: m.role, createdAt: before.createdAt.toISOString() };
    if (!renamed && !moved) return result;
    if (moved && slugOwner.length) throw slugTaken();

    // Evaluated against the org's row; the same condition on every statement, before the row itself changes.
    const guard = and(eq(organization.id, id), eq(organization.name, before.name), eq(organization.slug, before.slug), actorMay(ctx, id, actor.id, "org.update"))!;
    const log = (entry: Omit<ActivityEntry, "orgId" | "actor">) => logActivityWhen(ctx, { orgId: id, actor, ...entry }, guard);
    const orgTarget = { type: "org" as const, id, label: name };
    try {
      const writes: BatchItem<"sqlite">[] = [
        ...(renamed ? [log({ action: "org.renamed", target: orgTarget, data: { from: before.name, to: name } })] : []),
        ...(moved ? [log({ action: "org.slug_changed", target: orgTarget, data: { from: before.slug, to: slug } })] : []),
        ...(moved
          ? [
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
        ctx.db.update(organization).set({ name, slug }).where(guard).returning({ id: organization.id }),
      ];
      const results = await ctx.db.batch(writes as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
      const updated = results[results.length - 1] as { id: string }[];
      if (updated.length) return result;
    } catch (err) {
      // Someone took the slug between our read and our write: the unique index decided, and nothing was written.
      if (isUniqueViolation(err, "organization.slug")) throw slugTaken();
      throw err;
    }
  }
  throw new AppError("INTERNAL", "The workspace changed while we were saving. Please reload and try again.");
}

/**
 * Deletes the org (owners only). The foreign keys cascade in the same statement: projects (and their members and
 * invitations), memberships, org invitations, the activity log and slug history go; sessions that had it active get
 * null and land on another workspace (or /orgs/new) next time. Nothing is logged: the log goes with the org.
 */
export async function deleteOrg(ctx: AppContext, actor: Actor, orgId: string): Promise<void> {
  const { orgId: id } = parse(orgIds, { orgId });
  const m = await requireOrgMember(ctx, actor.id, { orgId: id });
  requireOrgPermission(m, "org.delete");
  const deleted = await ctx.db
    .delete(organization)
    .where(and(eq(organization.id, id), actorMay(ctx, id, actor.id, "org.delete")))
    .returning({ id: organization.id });
  if (deleted.length) return;
  // The caller lost the owner role (or the org went) since the read: say which.
  requireOrgPermission(await requireOrgMember(ctx, actor.id, { orgId: id }), "org.delete");
  throw new AppError("NOT_FOUND");
}

// ---------------------------------------------------------------- Old slugs

/**
 * The current slug of the org that used to be at `oldSlug`, if `userId` is a member of it; otherwise no rows, so an
 * old address reveals nothing to outsiders. A query, to batch with a page's other reads.
 */
export function movedOrgSlugQuery(ctx: AppContext, userId: string | SQL, oldSlug: string) {
  return ctx.db
    .select({ slug: organization.slug })
    .from(orgSlugHistory)
    .innerJoin(organization, eq(organization.id, orgSlugHistory.orgId))
    .innerJoin(member, and(eq(member.organizationId, organization.id), eq(member.userId, userId)))
    .where(and(eq(orgSlugHistory.slug, oldSlug), ne(organization.slug, oldSlug)))
    .limit(1);
}

export async function findMovedOrgSlug(ctx: AppContext, userId: string, oldSlug: string): Promise<string | null> {
  const rows = await movedOrgSlugQuery(ctx, userId, oldSlug);
  return rows[0]?.slug ?? null;
}
