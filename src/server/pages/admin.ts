/**
 * /admin: people (search, keyset pages), the chosen person's workspaces and sessions, a workspace looked up by address
 * with its owners and members, and the newest audit lines, all in the page's one batch with the session. Anyone but a
 * site admin gets "missing" (the page answers 404, as the API does).
 */
import { asc, eq, inArray, or } from "drizzle-orm";
import { member, organization, user } from "~/db/schema";
import { adminUserSearch } from "~/lib/admin-schemas";
import type { AdminAuditItem, AdminOrg, AdminUser, AdminUserDetail } from "~/lib/admin-schemas";
import { isSiteAdmin } from "../admin/access";
import { adminAuditQuery, adminOrgQueries, adminUserDetailQueries, adminUsersQuery, toAdminAuditPage, toAdminOrg, toAdminUserDetail, toAdminUserPage } from "../admin/reads";
import type { AppContext } from "../context";
import type { PageLoader, Statement } from "./page";

const PAGE = 25;
const AUDIT_SHOWN = 20;
const CANDIDATES = 100;

export interface AdminPageParams {
  q: string;
  cursor: string;
  user: string;
  org: string;
}

/** A member of the looked-up workspace: who it can be handed to. */
export type OrgMemberRow = { userId: string; name: string; email: string; role: string; banned: boolean };

export type AdminPageData =
  | { kind: "missing" }
  | {
      kind: "ok";
      me: string;
      q: string;
      people: AdminUser[];
      nextCursor: string | null;
      /** The search or page link could not be read: the first page is shown and this says why. */
      error: string | null;
      person: AdminUserDetail | null;
      org: (AdminOrg & { members: OrgMemberRow[] }) | null;
      /** An address was looked up and nothing has it. */
      orgMissing: boolean;
      audit: AdminAuditItem[];
    };

function orgMembersQuery(ctx: AppContext, ref: string) {
  const orgIds = ctx.db.select({ id: organization.id }).from(organization).where(or(eq(organization.id, ref), eq(organization.slug, ref)));
  return ctx.db
    .select({ userId: member.userId, name: user.name, email: user.email, role: member.role, banned: user.banned })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(inArray(member.organizationId, orgIds))
    .orderBy(asc(member.sortName))
    .limit(CANDIDATES);
}

export const adminPage: PageLoader<AdminPageParams, AdminPageData> = {
  name: "admin",
  read(ctx, _caller, p) {
    let error: string | null = null;
    let search = adminUserSearch.safeParse({ q: p.q || undefined, cursor: p.cursor || undefined, limit: PAGE });
    let people: ReturnType<typeof adminUsersQuery>;
    try {
      if (!search.success) throw new Error("bad search");
      people = adminUsersQuery(ctx, search.data);
    } catch {
      error = "That search or page link is not valid. Showing the first page.";
      search = adminUserSearch.safeParse({ limit: PAGE });
      people = adminUsersQuery(ctx, { limit: PAGE });
    }
    const personId = p.user.slice(0, 100);
    const orgRef = p.org.trim().slice(0, 100);
    const statements: Statement[] = [people, adminAuditQuery(ctx, { limit: AUDIT_SHOWN })];
    if (personId) statements.push(...adminUserDetailQueries(ctx, personId));
    if (orgRef) statements.push(...adminOrgQueries(ctx, orgRef), orgMembersQuery(ctx, orgRef));
    return {
      statements,
      shape: (results) => (session) => {
        if (!isSiteAdmin(session)) return { kind: "missing" as const };
        const [peopleRows, auditRows, ...rest] = results as unknown[];
        const page = toAdminUserPage(peopleRows as Parameters<typeof toAdminUserPage>[0], PAGE);
        const person = personId ? toAdminUserDetail(rest.splice(0, 3) as Parameters<typeof toAdminUserDetail>[0]) : null;
        let org: Extract<AdminPageData, { kind: "ok" }>["org"] = null;
        if (orgRef) {
          const [orgs, owners, members] = rest as [Parameters<typeof toAdminOrg>[0][0], Parameters<typeof toAdminOrg>[0][1], OrgMemberRow[]];
          const found = toAdminOrg([orgs, owners]);
          org = found ? { ...found, members } : null;
        }
        return {
          kind: "ok" as const,
          me: session.user.id,
          q: error ? "" : p.q,
          people: page.items,
          nextCursor: page.nextCursor,
          error,
          person,
          org,
          orgMissing: !!orgRef && !org,
          audit: toAdminAuditPage(auditRows as Parameters<typeof toAdminAuditPage>[0], AUDIT_SHOWN).items,
        };
      },
    };
  },
};
