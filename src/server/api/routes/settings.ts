/** Org settings: PATCH (rename, change slug; admin+) and DELETE (owner) of /api/orgs/:orgId. DELETE answers 204. */
import { deleteOrg, slugSafe, updateOrg } from "../../domain/org-writes";
import { parseIds } from "../../validate";
import { runOrgWrite } from "../../writes/run";
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
    handler: async ({ ctx, request, params, body }) =>
      json(await slugSafe(runOrgWrite(ctx, request.headers, { orgId: params.orgId ?? "" }, async () => (parseIds(params, ["orgId"]), updateOrg(ctx, await body()))))),
  },
  {
    method: "DELETE",
    path: "/api/orgs/:orgId",
    summary: "Delete a workspace with its projects, memberships and invitations (owner)",
    status: 204,
    errors: ["FORBIDDEN"],
    handler: async ({ ctx, request, params }) => {
      await runOrgWrite(ctx, request.headers, { orgId: params.orgId ?? "" }, () => (parseIds(params, ["orgId"]), deleteOrg(ctx)));
      return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
    },
  },
];
