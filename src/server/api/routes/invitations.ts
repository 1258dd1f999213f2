/** Org and project invitations, and the invitee's public side. Handlers are thin: parse ids, call the domain, answer. */
import { acceptInvitation, declineInvitation, getInvitationByToken } from "../../domain/invitation-accept";
import { cancelOrgInvitation, createOrgInvitation, listOrgInvitations, resendOrgInvitation } from "../../domain/invitations";
import { cancelProjectInvitation, createProjectInvitation, listProjectInvitations, resendProjectInvitation } from "../../domain/project-invitations";
import { parse } from "../../validate";
import { idParam } from "~/lib/schemas";
import { json } from "../http";
import type { ApiRequest, Route } from "../router";

const ids = ({ params }: ApiRequest) => ({
  orgId: parse(idParam, params.orgId),
  projectId: params.projectId === undefined ? "" : parse(idParam, params.projectId),
  id: params.id === undefined ? "" : parse(idParam, params.id),
});

async function actor(req: ApiRequest) {
  const { user } = await req.session();
  return { id: user.id, name: user.name };
}

const org = "/api/orgs/:orgId/invitations";
const project = "/api/orgs/:orgId/projects/:projectId/invitations";

export const invitationRoutes: Route[] = [
  {
    method: "GET",
    path: org,
    handler: async (req) => json(await listOrgInvitations(req.ctx, await actor(req), ids(req).orgId, req.query())),
  },
  {
    method: "POST",
    path: org,
    handler: async (req) => json(await createOrgInvitation(req.ctx, await actor(req), ids(req).orgId, await req.body()), 201),
  },
  {
    method: "POST",
    path: `${org}/:id/resend`,
    handler: async (req) => {
      const { orgId, id } = ids(req);
      return json(await resendOrgInvitation(req.ctx, await actor(req), orgId, id));
    },
  },
  {
    method: "DELETE",
    path: `${org}/:id`,
    handler: async (req) => {
      const { orgId, id } = ids(req);
      return json(await cancelOrgInvitation(req.ctx, await actor(req), orgId, id));
    },
  },
  {
    method: "GET",
    path: project,
    handler: async (req) => {
      const { orgId, projectId } = ids(req);
      return json(await listProjectInvitations(req.ctx, await actor(req), orgId, projectId, req.query()));
    },
  },
  {
    method: "POST",
    path: project,
    handler: async (req) => {
      const { orgId, projectId } = ids(req);
      return json(await createProjectInvitation(req.ctx, await actor(req), orgId, projectId, await req.body()), 201);
    },
  },
  {
    method: "POST",
    path: `${project}/:id/resend`,
    handler: async (req) => {
      const { orgId, projectId, id } = ids(req);
      return json(await resendProjectInvitation(req.ctx, await actor(req), orgId, projectId, id));
    },
  },
  {
    method: "DELETE",
    path: `${project}/:id`,
    handler: async (req) => {
      const { orgId, projectId, id } = ids(req);
      return json(await cancelProjectInvitation(req.ctx, await actor(req), orgId, projectId, id));
    },
  },
  {
    method: "GET",
    path: "/api/invitations/:token",
    public: true,
    handler: async ({ ctx, params }) => json(await getInvitationByToken(ctx, params.token ?? "")),
  },
  {
    method: "POST",
    path: "/api/invitations/:token/accept",
    handler: async ({ ctx, params, session }) => json(await acceptInvitation(ctx, (await session()).user, params.token ?? "")),
  },
  {
    method: "POST",
    path: "/api/invitations/:token/decline",
    handler: async ({ ctx, params, session }) => json(await declineInvitation(ctx, (await session()).user, params.token ?? "")),
  },
];
