/** Projects and project members (PRODUCT.md section 6). Handlers are thin: parse ids, call the domain, answer. */
import { addProjectMember, changeProjectMemberRole, removeProjectMember } from "../../domain/project-members";
import { createProject, deleteProject, updateProject } from "../../domain/projects";
import { readProject, readProjectList, readProjectMembers } from "../../pages/api-reads";
import { parseIds } from "../../validate";
import { json } from "../http";
import type { Route } from "../router";
import { ProjectMemberListSchema, ProjectMemberSchema, ProjectPageSchema, ProjectSchema } from "~/lib/api-schemas";
import { addProjectMemberInput, changeProjectRoleInput, createProjectInput, listQuery, projectListQuery, updateProjectInput } from "~/lib/schemas";

const ids = (params: Record<string, string>) => parseIds(params, ["orgId", "projectId", "userId"]);

const base = "/api/orgs/:orgId/projects";

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
    summary: "Create a project; the caller becomes its owner",
    body: createProjectInput,
    response: ProjectSchema,
    status: 201,
    errors: ["FORBIDDEN"],
    handler: async ({ ctx, session, params, body }) => json(await createProject(ctx, (await session()).user.id, ids(params).orgId, await body()), 201),
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
    handler: async ({ ctx, session, params, body }) => {
      const { orgId, projectId } = ids(params);
      return json(await updateProject(ctx, (await session()).user.id, orgId, projectId, await body()));
    },
  },
  {
    method: "DELETE",
    path: `${base}/:projectId`,
    summary: "Delete a project",
    status: 204,
    errors: ["FORBIDDEN"],
    handler: async ({ ctx, session, params }) => {
      const { orgId, projectId } = ids(params);
      await deleteProject(ctx, (await session()).user.id, orgId, projectId);
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
    handler: async ({ ctx, session, params, body }) => {
      const { orgId, projectId } = ids(params);
      return json(await addProjectMember(ctx, (await session()).user.id, orgId, projectId, await body()), 201);
    },
  },
  {
    method: "PATCH",
    path: `${base}/:projectId/members/:userId`,
    summary: "Change a project member's role",
    body: changeProjectRoleInput,
    response: ProjectMemberSchema,
    errors: ["FORBIDDEN", "LAST_OWNER"],
    handler: async ({ ctx, session, params, body }) => {
      const { orgId, projectId, userId } = ids(params);
      return json(await changeProjectMemberRole(ctx, (await session()).user.id, orgId, projectId, userId, await body()));
    },
  },
  {
    method: "DELETE",
    path: `${base}/:projectId/members/:userId`,
    summary: "Remove a project member; the caller's own id means leave",
    status: 204,
    errors: ["FORBIDDEN", "LAST_OWNER"],
    handler: async ({ ctx, session, params }) => {
      const { orgId, projectId, userId } = ids(params);
      await removeProjectMember(ctx, (await session()).user.id, orgId, projectId, userId);
      return new Response(null, { status: 204 });
    },
  },
];
