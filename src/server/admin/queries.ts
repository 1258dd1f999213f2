/**
 * The admin area's reads, each ONE round trip (the session, the caller's site role and the data in one batch). Input
 * is checked after the caller is known to be an admin, so everyone else gets the same 404 whatever they send.
 */
import type { z } from "zod";
import { adminAuditQuery as auditInput, adminUserSearch } from "~/lib/admin-schemas";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { parse, parseIds } from "../validate";
import { readAsSiteAdmin } from "./access";
import { adminAuditQuery, adminOrgQueries, adminUserDetailQueries, adminUsersQuery, toAdminAuditPage, toAdminOrg, toAdminUserDetail, toAdminUserPage } from "./reads";

/** The parsed input, or the refusal to throw once the caller is known to be an admin. */
export function deferredParse<S extends z.ZodType>(schema: S, input: unknown): { value: z.output<S> | null; check(): z.output<S> } {
  try {
    const value = parse(schema, input);
    return { value, check: () => value };
  } catch (err) {
    return {
      value: null,
      check: () => {
        throw err;
      },
    };
  }
}

export async function listUsers(ctx: AppContext, headers: Headers, query: unknown) {
  const input = deferredParse(adminUserSearch, query);
  let q: ReturnType<typeof adminUsersQuery> | null = null;
  let bad: unknown;
  try {
    q = input.value ? adminUsersQuery(ctx, input.value) : null;
  } catch (err) {
    bad = err; // a garbled cursor: refused like any bad input, after the admin check
  }
  const { results } = await readAsSiteAdmin(ctx, headers, () => (q ? ([q] as const) : ([] as const)));
  const v = input.check();
  if (bad) throw bad;
  return toAdminUserPage((results[0] ?? []) as Parameters<typeof toAdminUserPage>[0], v.limit);
}

export async function userDetail(ctx: AppContext, headers: Headers, userId: string) {
  const { results } = await readAsSiteAdmin(ctx, headers, () => adminUserDetailQueries(ctx, userId));
  parseIds({ userId }, ["userId"]);
  const detail = toAdminUserDetail(results as unknown as Parameters<typeof toAdminUserDetail>[0]);
  if (!detail) throw new AppError("NOT_FOUND");
  return detail;
}

export async function orgOwners(ctx: AppContext, headers: Headers, orgRef: string) {
  const { results } = await readAsSiteAdmin(ctx, headers, () => adminOrgQueries(ctx, orgRef));
  parseIds({ orgId: orgRef }, ["orgId"]);
  const org = toAdminOrg(results as unknown as Parameters<typeof toAdminOrg>[0]);
  if (!org) throw new AppError("NOT_FOUND");
  return org;
}

export async function auditLog(ctx: AppContext, headers: Headers, query: unknown) {
  const input = deferredParse(auditInput, query);
  let q: ReturnType<typeof adminAuditQuery> | null = null;
  let bad: unknown;
  try {
    q = input.value ? adminAuditQuery(ctx, input.value) : null;
  } catch (err) {
    bad = err;
  }
  const { results } = await readAsSiteAdmin(ctx, headers, () => (q ? ([q] as const) : ([] as const)));
  const v = input.check();
  if (bad) throw bad;
  return toAdminAuditPage((results[0] ?? []) as Parameters<typeof toAdminAuditPage>[0], v.limit);
}
