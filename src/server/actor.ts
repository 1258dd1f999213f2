/**
 * The actor of a request: who is calling (session and user) and their role in the org the URL names, read ONCE per
 * request in one D1 batch with whatever else the request needs to know before it writes or renders
 * (docs/adr/0007-one-trip-session-reader.md), and kept on the request scope so that nothing reads it again.
 *
 * A caller who is not a member of the org gets NOT_FOUND (ids of other orgs reveal nothing); the role itself is checked
 * against src/lib/permissions.ts by the domain, and again inside every write statement (docs/adr/0006).
 */
import { sql, type SQL } from "drizzle-orm";
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import { organization } from "~/db/schema";
import type { OrgRole } from "~/lib/permissions";
import type { AppContext } from "./context";
import { lacksTwoFactor, membershipQuery, requireTwoFactorWhereRequired, type MembershipRow, type OrgMembership } from "./domain/access";
import { AppError } from "./errors";
import { currentScope } from "./request-scope";
import { readWithSession, type CurrentSession, type UserOfToken } from "./session";

export type OrgWhere = { orgId: string } | { slug: string };

/** The org's id as a value, or as a sub-select on its address, so statements that need it can share one batch. */
export function orgIdOf(where: OrgWhere): string | SQL {
  return "orgId" in where ? where.orgId : sql`(select ${organization.id} from ${organization} where ${organization.slug} = ${where.slug})`;
}

/** A member acting in one org: the membership as read at the start of this request. */
export interface OrgActor extends OrgMembership {
  session: CurrentSession;
  role: OrgRole;
  /**
   * Only for a caller resolved with `deferTwoFactor`: the org requires two-factor and this sign-in lacks it, so the
   * write must name an action open without it (src/server/writes/run.ts). Such an actor is never kept for the request.
   */
  twoFactorMissing?: boolean;
}

type Statement = BatchItem<"sqlite">;

function sameOrg(actor: OrgActor, where: OrgWhere): boolean {
  return "orgId" in where ? actor.org.id === where.orgId : actor.org.slug === where.slug;
}

/**
 * The caller as a member of the org in `where`, with `extra` statements (guards' pre-reads, page data) read in the same
 * round trip. Throws AUTH_REQUIRED without a live session and NOT_FOUND when the caller is not a member. The actor is
 * kept on the request scope: a second call for the same org with no extra statements costs nothing.
 */
export async function resolveOrgActor<T extends readonly Statement[] = []>(
  ctx: AppContext,
  headers: Headers,
  where: OrgWhere,
  extra?: (user: UserOfToken) => T,
  opts: { deferTwoFactor?: boolean } = {},
): Promise<{ actor: OrgActor; results: BatchResponse<[...T]> }> {
  const scope = currentScope();
  const kept = scope?.actor;
  if (kept && sameOrg(kept, where) && !extra) return { actor: kept, results: [] as unknown as BatchResponse<[...T]> };
  const read = await readWithSession(ctx, headers, (user) => [membershipQuery(ctx, user, where), ...(extra?.(user) ?? [])] as const);
  if (!read) throw new AppError("AUTH_REQUIRED");
  const [membership, ...results] = read.results as unknown as [MembershipRow[], ...unknown[]];
  const row = membership[0];
  if (!row) throw new AppError("NOT_FOUND");
  const twoFactorMissing = opts.deferTwoFactor === true && lacksTwoFactor(row);
  if (!twoFactorMissing) requireTwoFactorWhereRequired(row);
  const actor: OrgActor = { session: read.session, userId: read.session.user.id, org: row.org, role: row.role, memberTwoFactor: row.memberTwoFactor, twoFactorMissing };
  if (scope && !twoFactorMissing) scope.actor = actor;
  return { actor, results: results as BatchResponse<[...T]> };
}

/**
 * Keeps an actor read by a page's own batch (src/server/pages/*: the membership came with the page's data), so the
 * page's server functions and any later call in the same request find it instead of reading it again.
 */
export function keepActor(session: CurrentSession, membership: MembershipRow): OrgActor {
  requireTwoFactorWhereRequired(membership);
  const actor: OrgActor = { session, userId: session.user.id, org: membership.org, role: membership.role, memberTwoFactor: membership.memberTwoFactor };
  const scope = currentScope();
  if (scope) scope.actor = actor;
  return actor;
}

/** The actor kept for this request, if it is the one for `where`. */
export function keptActor(where: OrgWhere): OrgActor | undefined {
  const kept = currentScope()?.actor;
  return kept && sameOrg(kept, where) ? kept : undefined;
}
