/** Projects and project members (PRODUCT.md section 6). Handlers are thin: parse ids, call the domain, answer. */
import { addProjectMember, changeProjectMemberRole, removeProjectMember } from "../../domain/project-members";
import { createProject, deleteProject, updateProject } from "../../domain/project-writes";
import { readProject, readProjectList, readProjectMembers } from "../../pages/api-reads";
import { parseIds } from "../../validate";
import { runOrgWrite, type OrgWrite } from "../../writes/run";
import type { ApiRequest } from "../router";
import { json } from "../http";
import type { Route } from "../router";
import { ProjectMemberListSchema, ProjectMemberSchema, ProjectPageSchema, ProjectSchema } from "~/lib/api-schemas";
import { addProjectMemberInput, changeProjectRoleInput, createProjectInput, projectListQuery, updateProjectInput } from "~/lib/schemas";

const ids = (params: Record<string, string>) => parseIds(params, ["orgId", "projectId", "userId"]);

const base = "/api/orgs/:orgId/projects";

/** A write in the org of the path: malformed ids are a 400, told after AUTH_REQUIRED (src/server/writes/run.ts). */
function orgWrite<T>({ ctx, request, params }: ApiRequest, make: (path: Record<"orgId" | "projectId" | "userId", string>) => OrgWrite<T> | Promise<OrgWrite<T>>): Promise<T> {
  return runOrgWrite(ctx, request.headers, { orgId: params.orgId ?? "" }, () => make(ids(params)));
}

export const projectRoutes: Route[] = [
  {
    method: "GET",
    path: base,
    summary: "The workspace's projects, searchable by name, paged; role is null where the caller is not a member",
    query: projectListQuery,
    response: ProjectPageSchema,
    handler: async ({ ctx, request, params, query }) => json(await readProjectList(ctx, request.headers, ids(params).orgId, query())),
  },
  {
    method: "POST",
    path: base,
    idempotent: true,
    summary: "Create a project; the caller becomes its owner",
    body: createProjectInput,
    response: ProjectSchema,
    status: 201,
    errors: ["FORBIDDEN"],
    handler: async (req) => json(await orgWrite(req, async () => createProject(req.ctx, await req.body())), 201),
  },
  {
    method: "GET",
    path: `${base}/:projectId`,
    summary: "A project",
    response: ProjectSchema,
    handler: async ({ ctx, request, params }) => {
      const { orgId, projectId } = ids(params);
      return json(await readProject(ctx, request.headers, orgId, projectId));
    },
  },
  {
    method: "PATCH",
    path: `${base}/:projectId`,
    summary: "Rename a project or change its description",
    body: updateProjectInput,
    response: ProjectSchema,
    errors: ["FORBIDDEN"],
    handler: async (req) => json(await orgWrite(req, async ({ projectId }) => updateProject(req.ctx, projectId, await req.body()))),
  },
  {
    method: "DELETE",
    path: `${base}/:projectId`,
    summary: "Delete a project",
    status: 204,
    errors: ["FORBIDDEN"],
    handler: async (req) => {
      await orgWrite(req, ({ projectId }) => deleteProject(req.ctx, projectId));
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "GET",
    path: `${base}/:projectId/members`,
    summary: "The project's members",
    response: ProjectMemberListSchema,
    handler: async ({ ctx, request, params }) => {
      const { orgId, projectId } = ids(params);
      return json({ items: await readProjectMembers(ctx, request.headers, orgId, projectId) });
    },
  },
  {
    method: "POST",
    path: `${base}/:projectId/members`,
    summary: "Add an existing workspace member to the project",
    body: addProjectMemberInput,
    response: ProjectMemberSchema,
    status: 201,
    errors: ["FORBIDDEN", "ALREADY_MEMBER"],
    handler: async (req) => json(await orgWrite(req, async ({ projectId }) => addProjectMember(req.ctx, projectId, await req.body())), 201),
  },
  {
    method: "PATCH",
    path: `${base}/:projectId/members/:userId`,
    summary: "Change a project member's role",
    body: changeProjectRoleInput,
    response: ProjectMemberSchema,
    errors: ["FORBIDDEN", "LAST_OWNER"],
    handler: async (req) => json(await orgWrite(req, async ({ projectId, userId }) => changeProjectMemberRole(req.ctx, projectId, userId, await req.body()))),
  },
  {
    method: "DELETE",
    path: `${base}/:projectId/members/:userId`,
    summary: "Remove a project member; the caller's own id means leave",
    status: 204,
    errors: ["FORBIDDEN", "LAST_OWNER"],
    handler: async (req) => {
      await orgWrite(req, ({ projectId, userId }) => removeProjectMember(req.ctx, projectId, userId));
      return new Response(null, { status: 204 });
    },
  },
];
