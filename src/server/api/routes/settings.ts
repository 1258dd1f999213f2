/** Org settings: PATCH (rename, change slug; admin+) and DELETE (owner) of /api/orgs/:orgId. DELETE answers 204. */
import { deleteOrg, updateOrg } from "../../domain/org-settings";
import { json } from "../http";
import type { Route } from "../router";
import { OrgSchema } from "~/lib/api-schemas";
import { updateOrgInput } from "~/lib/schemas";

export const settingsRoutes: Route[] = [
  {
    method: "PATCH",
    path: "/api/orgs/:orgId",
    summary: "Rename a workspace or change its address (admin or owner)",
    body: updateOrgInput,
    response: OrgSchema,
    errors: ["FORBIDDEN", "SLUG_TAKEN"],
    handler: async ({ ctx, session, params, body }) => {
      const { user } = await session();
      return json(await updateOrg(ctx, user, params.orgId!, await body()));
    },
  },
  {
    method: "DELETE",
    path: "/api/orgs/:orgId",
    summary: "Delete a workspace with its projects, memberships and invitations (owner)",
    status: 204,
    errors: ["FORBIDDEN"],
    handler: async ({ ctx, session, params }) => {
      const { user } = await session();
      await deleteOrg(ctx, user, params.orgId!);
      return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
    },
  },
];
