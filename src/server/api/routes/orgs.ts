/** Workspace routes and the caller's identity. Handlers are thin: parse, call the domain, answer. */
import { createOrg, getOrgDetail, listUserOrgs, setActiveOrg } from "../../domain/orgs";
import { parse } from "../../validate";
import { idParam } from "~/lib/schemas";
import { json } from "../http";
import type { Route } from "../router";

export const orgRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/me",
    handler: async ({ session }) => {
      const s = await session();
      return json({ user: s.user, activeOrgId: s.activeOrgId });
    },
  },
  {
    method: "GET",
    path: "/api/orgs",
    handler: async ({ ctx, session }) => json({ items: await listUserOrgs(ctx, (await session()).user.id) }),
  },
  {
    method: "POST",
    path: "/api/orgs",
    handler: async ({ ctx, session, body }) => {
      const s = await session();
      return json(await createOrg(ctx, s.user.id, await body()), 201);
    },
  },
  {
    method: "GET",
    path: "/api/orgs/:orgId",
    handler: async ({ ctx, session, params }) => {
      const s = await session();
      return json(await getOrgDetail(ctx, s.user.id, { orgId: parse(idParam, params.orgId) }));
    },
  },
  {
    method: "POST",
    path: "/api/orgs/:orgId/active",
    handler: async ({ ctx, session, params }) => {
      const s = await session();
      const { activeOrgId } = await setActiveOrg(ctx, s.user.id, s.sessionId, parse(idParam, params.orgId));
      return json({ activeOrgId });
    },
  },
];
