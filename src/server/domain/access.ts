/**
 * Guards that resolve the caller's membership from the current rows. A caller who is not a member of the org gets
 * NOT_FOUND, so ids of other orgs reveal nothing; a member without the right gets FORBIDDEN.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import { member, organization, user } from "~/db/schema";
import { canOrg, type OrgAction, type OrgRole } from "~/lib/permissions";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { currentScope } from "../request-scope";

export interface OrgMembership {
  org: typeof organization.$inferSelect;
  role: OrgRole;
  userId: string;
  /** The member has two-factor on (the org's requireTwoFactor rule reads it). */
  memberTwoFactor: boolean;
}

/** A membership as read: the org, the role, and whether the member has two-factor on (for the org's rule). */
export interface MembershipRow {
  org: OrgMembership["org"];
  role: OrgRole;
  memberTwoFactor: boolean;
}

/**
 * Workspaces that require two-factor admit only members who have it on: 403 TWO_FACTOR_REQUIRED, which the UI turns
 * into a page that says why. The one place of the rule; every reader of a membership row passes through it
 * (toMembership, the actor, the page loaders' membership helpers), and the fact it needs comes in the same statement.
 * A session that began with a passkey counts as two factors too: the session reader keeps that fact on the request
 * scope (docs/adr/0013-passkeys-count-as-two-factors.md).
 */
export function requireTwoFactorWhereRequired(row: MembershipRow, action?: OrgAction): void {
  if (lacksTwoFactor(row) && !(action && OPEN_WITHOUT_TWO_FACTOR.has(action))) throw new AppError("TWO_FACTOR_REQUIRED");
}

/** The org requires two-factor and this member's sign-in has only one factor. */
export function lacksTwoFactor(row: MembershipRow): boolean {
  return row.org.requireTwoFactor && !row.memberTwoFactor && !currentScope()?.passkeySignIn;
}

/**
 * What a member without two-factor may still do in a workspace that requires it: leave (nobody should have to turn on
 * two-factor to get out of a workspace). Writes name their action (OrgWrite.action in src/server/writes/run.ts).
 */
export const OPEN_WITHOUT_TWO_FACTOR: ReadonlySet<OrgAction> = new Set<OrgAction>(["org.leave"]);

/** `userId` may be the session sub-select (UserOfToken in src/server/session.ts), so the read can share its batch. */
export function membershipQuery(ctx: AppContext, userId: string | SQL, where: { orgId: string } | { slug: string }) {
  return ctx.db
    .select({
      org: organization,
      role: member.role,
      memberTwoFactor: sql<boolean>`coalesce((select ${user.twoFactorEnabled} from ${user} where ${user.id} = ${member.userId}), 0)`.mapWith(Boolean).as("memberTwoFactor"),
    })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(and(eq(member.userId, userId), "orgId" in where ? eq(organization.id, where.orgId) : eq(organization.slug, where.slug)))
    .limit(1);
}

export function toMembership(userId: string, rows: MembershipRow[], action?: OrgAction): OrgMembership {
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND");
  requireTwoFactorWhereRequired(row, action);
  return { org: row.org, role: row.role, userId, memberTwoFactor: row.memberTwoFactor };
}

export async function requireOrgMember(ctx: AppContext, userId: string, where: { orgId: string } | { slug: string }): Promise<OrgMembership> {
  return toMembership(userId, await membershipQuery(ctx, userId, where));
}

export function requireOrgPermission(m: OrgMembership, action: OrgAction): void {
  if (!canOrg(m.role, action)) throw new AppError("FORBIDDEN");
}
