/**
 * Org members (PRODUCT.md section 6). Handlers are thin: the domain validates ids and bodies and decides.
 * DELETE answers 204 No Content (no body), like every DELETE of these org administration routes.
 */
import { changeOrgMemberRole, removeOrgMember } from "../../domain/member-writes";
import { readOrgMembers } from "../../pages/api-reads";
import { parseIds } from "../../validate";
import { runOrgWrite } from "../../writes/run";
import { json } from "../http";
import type { Route } from "../router";
import { MemberPageSchema, MemberSchema } from "~/lib/api-schemas";
import { listQuery } from "~/lib/schemas";
import { changeOrgRoleInput } from "../../domain/members";

/** The org of the path; a malformed id is a 400 (parseIds, inside each write, after AUTH_REQUIRED). */
const ids = (params: Record<string, string>) => ({ orgId: params.orgId ?? "" });

export const memberRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/orgs/:orgId/members",
    summary: "The workspace's members, searchable by name or email, paged",
    query: listQuery,
    response: MemberPageSchema,
    handler: async ({ ctx, request, params, query }) => json(await readOrgMembers(ctx, request.headers, params, query())),
  },
  {
    method: "PATCH",
    path: "/api/orgs/:orgId/members/:userId",
    summary: "Change a member's role (PRODUCT.md section 2)",
    body: changeOrgRoleInput,
    response: MemberSchema,
    errors: ["FORBIDDEN", "LAST_OWNER"],
    handler: async ({ ctx, request, params, body }) =>
      json(await runOrgWrite(ctx, request.headers, ids(params), async () => (parseIds(params, ["orgId", "userId"]), changeOrgMemberRole(ctx, params.userId!, await body())))),
  },
  {
    method: "DELETE",
    path: "/api/orgs/:orgId/members/:userId",
    summary: "Remove a member; the caller's own id means leave",
    status: 204,
    errors: ["FORBIDDEN", "LAST_OWNER"],
    handler: async ({ ctx, request, params }) => {
      await runOrgWrite(ctx, request.headers, ids(params), () => (parseIds(params, ["orgId", "userId"]), removeOrgMember(ctx, params.userId!)));
      return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
    },
  },
];
