/**
 * What every workspace page shares: the caller's membership of the org in the URL, read in the page's batch, and the
 * slug history, so that a renamed org's old address leads on (NOT_FOUND carries `details.movedTo`, the current slug).
 */
import type { OrgRole } from "~/lib/permissions";
import { requireTwoFactorWhereRequired, type MembershipRow, type OrgMembership } from "../domain/access";
import type { Org } from "../domain/orgs";
import { AppError } from "../errors";

export type { Org };

/** The org as the project pages show it. */
export interface OrgSummary {
  id: string;
  name: string;
  slug: string;
  role: OrgRole;
}

/**
 * A renamed workspace's old address: the page sends the person on. (A redirect thrown from a query is only a real 302
 * when it is known before the page starts streaming, which a D1 read is not; the page navigates instead.)
 */
export interface MovedOrg {
  kind: "moved";
  to: string;
}

export type MembershipRows = MembershipRow[];

export function toMembershipOrMissing(rows: MembershipRows, userId = ""): OrgMembership | null {
  const row = rows[0];
  if (row) requireTwoFactorWhereRequired(row);
  return row ? { org: row.org, role: row.role, userId, memberTwoFactor: row.memberTwoFactor } : null;
}

/** The membership, or NOT_FOUND with the org's current slug when the caller is a member of an org that used to live here. */
export function membershipOrMoved(rows: MembershipRows, moved: { slug: string }[], userId = ""): OrgMembership {
  const m = toMembershipOrMissing(rows, userId);
  if (m) return m;
  throw new AppError("NOT_FOUND", undefined, moved[0] ? { movedTo: moved[0].slug } : undefined);
}

/** The "moved" hint of a NOT_FOUND thrown by the page reads, if any. */
export function movedTo(err: unknown): string | null {
  if (!(err instanceof AppError) || err.code !== "NOT_FOUND") return null;
  const slug = err.details?.movedTo;
  return typeof slug === "string" ? slug : null;
}

export function toOrg(m: { org: OrgMembership["org"]; role: OrgRole }): Org {
  return { id: m.org.id, name: m.org.name, slug: m.org.slug, role: m.role, requireTwoFactor: m.org.requireTwoFactor, createdAt: m.org.createdAt.toISOString() };
}

export function toOrgSummary(m: { org: OrgMembership["org"]; role: OrgRole }): OrgSummary {
  return { id: m.org.id, name: m.org.name, slug: m.org.slug, role: m.role };
}

export function isAppError(err: unknown, ...codes: string[]): err is AppError {
  return err instanceof AppError && codes.includes(err.code);
}

/** The field message of a refused search or page link, else the error's own message. */
export function refusal(err: AppError, ...fields: string[]): string {
  const given = (err.details?.fields ?? {}) as Record<string, string>;
  for (const f of fields) if (given[f]) return given[f];
  return err.message;
}

export { orgIdOf } from "../actor";
