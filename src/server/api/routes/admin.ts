/**
 * Site administration (PRODUCT.md section 8): site admins only; everyone else, signed out included, gets 404, so the
 * routes are "public" to the router and the admin check is the domain's (src/server/admin/access.ts).
 */
import { AdminAuditPageSchema, AdminOrgSchema, AdminUserDetailSchema, AdminUserPageSchema, AdminUserSchema, adminAuditQuery, adminUserSearch, banInput, transferInput } from "~/lib/admin-schemas";
import { auditLog, listUsers, orgOwners, userDetail } from "../../admin/queries";
import { banUser, transferOrgOwnership, unbanUser } from "../../admin/writes";
import { json } from "../http";
import type { Route } from "../router";

/**
 * The body read now (it does not touch the database), handed on as a thunk that throws the reason it could not be
 * read, so the domain tells that reason only once the caller is known to be an admin.
 */
async function bodyLater(body: () => Promise<Record<string, unknown>>): Promise<() => unknown> {
  try {
    const value = await body();
    return () => value;
  } catch (err) {
    return () => {
      throw err;
    };
  }
}

export const adminRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/admin/users",
    public: true,
    summary: "Search people by name, email or username prefix, keyset pages (site admins)",
    query: adminUserSearch,
    response: AdminUserPageSchema,
    errors: ["NOT_FOUND"],
    handler: async ({ ctx, request, query }) => json(await listUsers(ctx, request.headers, query())),
  },
  {
    method: "GET",
    path: "/api/admin/users/:userId",
    public: true,
    summary: "A person with their workspaces and roles, and their live sessions (site admins)",
    response: AdminUserDetailSchema,
    handler: async ({ ctx, request, params }) => json(await userDetail(ctx, request.headers, params.userId ?? "")),
  },
  {
    method: "POST",
    path: "/api/admin/users/:userId/ban",
    public: true,
    summary: "Ban a person with a reason and an optional end; their sessions end at once (site admins)",
    body: banInput,
    response: AdminUserSchema,
    errors: ["FORBIDDEN", "RATE_LIMITED"],
    handler: async ({ ctx, request, params, body }) => json(await banUser(ctx, request.headers, params.userId ?? "", await bodyLater(body))),
  },
  {
    method: "POST",
    path: "/api/admin/users/:userId/unban",
    public: true,
    summary: "Lift a ban (site admins)",
    response: AdminUserSchema,
    errors: ["RATE_LIMITED"],
    handler: async ({ ctx, request, params }) => json(await unbanUser(ctx, request.headers, params.userId ?? "")),
  },
  {
    method: "GET",
    path: "/api/admin/orgs/:orgId",
    public: true,
    summary: "A workspace (by id or address) and its owners (site admins)",
    response: AdminOrgSchema,
    handler: async ({ ctx, request, params }) => json(await orgOwners(ctx, request.headers, params.orgId ?? "")),
  },
  {
    method: "POST",
    path: "/api/admin/orgs/:orgId/transfer",
    public: true,
    summary: "Make a person the owner of a workspace that has no owner in good standing (site admins)",
    body: transferInput,
    response: AdminOrgSchema,
    errors: ["FORBIDDEN", "RATE_LIMITED"],
    handler: async ({ ctx, request, params, body }) => json(await transferOrgOwnership(ctx, request.headers, params.orgId ?? "", await bodyLater(body))),
  },
  {
    method: "GET",
    path: "/api/admin/audit",
    public: true,
    summary: "What site admins did, newest first (site admins)",
    query: adminAuditQuery,
    response: AdminAuditPageSchema,
    errors: ["NOT_FOUND"],
    handler: async ({ ctx, request, query }) => json(await auditLog(ctx, request.headers, query())),
  },
];
