/** Workspace routes and the caller's identity. Handlers are thin: parse, call the domain, answer. */
import { createOrg, setActiveOrg } from "../../domain/org-writes";
import { readOrgDetail, readUserOrgs } from "../../pages/api-reads";
import { runOrgWrite } from "../../writes/run";
import { parseIds } from "../../validate";
import { json } from "../http";
import type { Route } from "../router";
import { ActiveOrgSchema, MeSchema, OrgDetailSchema, OrgListSchema, OrgSchema } from "~/lib/api-schemas";
import { createOrgInput } from "~/lib/schemas";

export const orgRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/me",
    summary: "The signed-in user and the session's active workspace",
    response: MeSchema,
    handler: async ({ session }) => {
      const s = await session();
      // The site role (ADMIN_EMAILS, src/server/admin/): "admin" or "user", never anything else (PRODUCT.md section 8).
      return json({ user: { ...s.user, role: s.user.role === "admin" ? "admin" : "user" }, activeOrgId: s.activeOrgId });
    },
  },
  {
    method: "GET",
    path: "/api/orgs",
    summary: "The caller's workspaces, with the caller's role in each",
    response: OrgListSchema,
    handler: async ({ ctx, request }) => json({ items: await readUserOrgs(ctx, request.headers) }),
  },
  {
    method: "POST",
    path: "/api/orgs",
    idempotent: true,
    summary: "Create a workspace; the caller becomes its owner (slug derived from the name when absent)",
    body: createOrgInput,
    response: OrgSchema,
    status: 201,
    errors: ["SLUG_TAKEN", "RATE_LIMITED"],
    handler: async ({ ctx, request, body }) => json(await createOrg(ctx, request.headers, body), 201),
  },
  {
    method: "GET",
    path: "/api/orgs/:orgId",
    summary: "A workspace with its member and project counts",
    response: OrgDetailSchema,
    handler: async ({ ctx, request, params }) => json(await readOrgDetail(ctx, request.headers, parseIds(params, ["orgId"]))),
  },
  {
    method: "POST",
    path: "/api/orgs/:orgId/active",
    summary: "Make this workspace the session's active one",
    response: ActiveOrgSchema,
    handler: async ({ ctx, request, params }) => {
      const { activeOrgId } = await runOrgWrite(ctx, request.headers, { orgId: params.orgId ?? "" }, () => (parseIds(params, ["orgId"]), setActiveOrg(ctx)));
      return json({ activeOrgId });
    },
  },
];
