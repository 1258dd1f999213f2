/** Org and project invitations, and the invitee's public side. Handlers are thin: parse ids, call the domain, answer. */
import { acceptInvitation, declineInvitation, getInvitationByToken } from "../../domain/invitation-accept";
import { kindOf, type InvitationScope } from "../../domain/invitation-kinds";
import { cancelInvitation, createInvitation, resendInvitation } from "../../domain/invitation-writes";
import { listOrgInvitations } from "../../domain/invitations";
import { listProjectInvitations } from "../../domain/project-invitations";
import { requireSession } from "../../session";
import { parseIds } from "../../validate";
import { orgRight, runOrgWrite, type OrgWrite } from "../../writes/run";
import { json } from "../http";
import type { ZodType } from "zod";
import type { ErrorCode } from "../../errors";
import type { ApiRequest, Route } from "../router";
import { AcceptResultSchema, CreatedInvitationSchema, DeclineResultSchema, InvitationPageSchema, InvitationSchema, InvitationViewSchema } from "~/lib/api-schemas";
import { createInvitationInput, createProjectInvitationInput, listQuery } from "~/lib/schemas";

const ids = ({ params }: ApiRequest) => parseIds(params, ["orgId", "projectId", "id"]);

async function actor(req: ApiRequest) {
  const { user } = await req.session();
  return { id: user.id, name: user.name };
}

/** The invitations' scope in the path: the org's own, or a project's. */
function scopeOf(req: ApiRequest): InvitationScope {
  const { projectId } = ids(req);
  return projectId ? { kind: "project", projectId } : { kind: "org" };
}

/**
 * An invitation write in the org of the path. Malformed ids and bodies are a 400 told after AUTH_REQUIRED, and after
 * NOT_FOUND or FORBIDDEN for a caller who may not manage these invitations (src/server/writes/run.ts).
 */
async function invitationWrite<T>(req: ApiRequest, make: (scope: InvitationScope) => OrgWrite<T> | Promise<OrgWrite<T>>): Promise<T> {
  let scope: InvitationScope;
  try {
    scope = scopeOf(req);
  } catch (err) {
    await requireSession(req.ctx, req.request.headers);
    throw err;
  }
  const kind = kindOf(scope);
  const gate: OrgWrite<unknown> =
    scope.kind === "project" ? { reads: (user, orgId) => kind.accessReads(req.ctx, user, orgId), decide: (a, rows) => ({ answer: kind.standing(a, rows) }) } : orgRight("invitations.manage");
  return runOrgWrite(req.ctx, req.request.headers, { orgId: req.params.orgId ?? "" }, () => make(scope), gate);
}

/** Create, resend and cancel under `base`: one engine for both kinds, so one set of routes, described per kind. */
function invitationWrites(base: string, docs: { create: string; createBody: ZodType; resend: string; cancel: string }): Route[] {
  const dead: ErrorCode[] = ["INVITATION_ALREADY_ACCEPTED", "INVITATION_EXPIRED", "INVITATION_CANCELLED"];
  return [
    {
      method: "POST",
      path: base,
      idempotent: true,
      summary: docs.create,
      body: docs.createBody,
      response: CreatedInvitationSchema,
      status: 201,
      errors: ["FORBIDDEN", "ALREADY_MEMBER", "RATE_LIMITED"],
      handler: async (req) => {
        // The link is for the page that sent it only: no API answer carries a token (docs/adr/0003-invitation-link-once.md).
        const { link: _link, ...created } = await invitationWrite(req, async (scope) => createInvitation(req.ctx, scope, await req.body()));
        return json(created, 201);
      },
    },
    {
      method: "POST",
      path: `${base}/:id/resend`,
      idempotent: true,
      summary: docs.resend,
      response: InvitationSchema,
      errors: ["FORBIDDEN", ...dead, "RATE_LIMITED"],
      handler: async (req) => json(await invitationWrite(req, (scope) => resendInvitation(req.ctx, scope, ids(req).id))),
    },
    {
      method: "DELETE",
      path: `${base}/:id`,
      summary: docs.cancel,
      response: InvitationSchema,
      errors: ["FORBIDDEN", ...dead],
      handler: async (req) => json(await invitationWrite(req, (scope) => cancelInvitation(req.ctx, scope, ids(req).id))),
    },
  ];
}

const org = "/api/orgs/:orgId/invitations";
const project = "/api/orgs/:orgId/projects/:projectId/invitations";

export const invitationRoutes: Route[] = [
  {
    method: "GET",
    path: org,
    summary: "Pending workspace invitations, never the token (admin or owner)",
    query: listQuery,
    response: InvitationPageSchema,
    errors: ["FORBIDDEN"],
    handler: async (req) => json(await listOrgInvitations(req.ctx, await actor(req), ids(req).orgId, req.query())),
  },
  ...invitationWrites(org, {
    create:
      "Invite someone to the workspace by email (admin or owner); sends the email. Inviting an address with a pending invitation refreshes it (`replaced: true`; the old link stops working)",
    createBody: createInvitationInput,
    resend: "Send a pending invitation again with a new token and expiry (admin or owner)",
    cancel: "Cancel a pending invitation (admin or owner)",
  }),
  {
    method: "GET",
    path: project,
    summary: "Pending invitations to the project",
    query: listQuery,
    response: InvitationPageSchema,
    errors: ["FORBIDDEN"],
    handler: async (req) => {
      const { orgId, projectId } = ids(req);
      return json(await listProjectInvitations(req.ctx, await actor(req), orgId, projectId, req.query()));
    },
  },
  ...invitationWrites(project, {
    create:
      "Invite someone to the project by email (project role member unless given; workspace role orgRole when they are not in it); sends the email. Inviting an address with a pending invitation refreshes it (`replaced: true`; the old link stops working)",
    createBody: createProjectInvitationInput,
    resend: "Send a pending project invitation again with a new token and expiry",
    cancel: "Cancel a pending project invitation",
  }),
  {
    method: "GET",
    path: "/api/invitations/:token",
    public: true,
    summary: "What an invitation offers, for the invitee (public: the token is the credential)",
    response: InvitationViewSchema,
    errors: ["RATE_LIMITED"],
    handler: async ({ ctx, params }) => json(await getInvitationByToken(ctx, params.token ?? "")),
  },
  {
    method: "POST",
    path: "/api/invitations/:token/accept",
    summary: "Accept an invitation as the invited email's user",
    response: AcceptResultSchema,
    errors: ["INVITATION_EMAIL_MISMATCH", "INVITATION_ALREADY_ACCEPTED", "INVITATION_EXPIRED", "INVITATION_CANCELLED", "RATE_LIMITED"],
    handler: async ({ ctx, params, request }) => json(await acceptInvitation(ctx, request.headers, params.token ?? "")),
  },
  {
    method: "POST",
    path: "/api/invitations/:token/decline",
    public: true,
    summary: "Decline an invitation (public: the token is the credential; a signed-in caller must be the invited address)",
    response: DeclineResultSchema,
    errors: ["INVITATION_EMAIL_MISMATCH", "INVITATION_ALREADY_ACCEPTED", "INVITATION_EXPIRED", "INVITATION_CANCELLED", "RATE_LIMITED"],
    handler: async ({ ctx, params, request }) => json(await declineInvitation(ctx, request.headers, params.token ?? "")),
  },
];
