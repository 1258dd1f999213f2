/** Projects and project members (PRODUCT.md section 6). Handlers are thin: parse ids, call the domain, answer. */
import { idParam } from "~/lib/schemas";
import { addProjectMember, changeProjectMemberRole, listProjectMembers, removeProjectMember } from "../../domain/project-members";
import { createProject, deleteProject, getProject, listProjects, updateProject } from "../../domain/projects";
import { parse } from "../../validate";
import { json } from "../http";
import type { Route } from "../router";

const ids = (params: Record<string, string>) => ({
  orgId: parse(idParam, params.orgId),
  projectId: params.projectId === undefined ? "" : parse(idParam, params.projectId),
  userId: params.userId === undefined ? "" : parse(idParam, params.userId),
});

const base = "/api/orgs/:orgId/projects";

export const projectRoutes: Route[] = [
  {
    method: "GET",
    path: base,
    handler: async ({ ctx, session, params, query }) => json(await listProjects(ctx, (await session()).user.id, ids(params).orgId, query())),
  },
  {
    method: "POST",
    path: base,
    handler: async ({ ctx, session, params, body }) => json(await createProject(ctx, (await session()).user.id, ids(params).orgId, await body()), 201),
  },
  {
    method: "GET",
    path: `${base}/:projectId`,
    handler: async ({ ctx, session, params }) => {
      const { orgId, projectId } = ids(params);
      return json(await getProject(ctx, (await session()).user.id, orgId, projectId));
    },
  },
  {
    method: "PATCH",
    path: `${base}/:projectId`,
    handler: async ({ ctx, session, params, body }) => {
      const { orgId, projectId } = ids(params);
      return json(await updateProject(ctx, (await session()).user.id, orgId, projectId, await body()));
    },
  },
  {
    method: "DELETE",
    path: `${base}/:projectId`,
    handler: async ({ ctx, session, params }) => {
      const { orgId, projectId } = ids(params);
      await deleteProject(ctx, (await session()).user.id, orgId, projectId);
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "GET",
    path: `${base}/:projectId/members`,
    handler: async ({ ctx, session, params }) => {
      const { orgId, projectId } = ids(params);
      return json({ items: await listProjectMembers(ctx, (await session()).user.id, orgId, projectId) });
    },
  },
  {
    method: "POST",
    path: `${base}/:projectId/members`,
    handler: async ({ ctx, session, params, body }) => {
      const { orgId, projectId } = ids(params);
      return json(await addProjectMember(ctx, (await session()).user.id, orgId, projectId, await body()), 201);
    },
  },
  {
    method: "PATCH",
    path: `${base}/:projectId/members/:userId`,
    handler: async ({ ctx, session, params, body }) => {
      const { orgId, projectId, userId } = ids(params);
      return json(await changeProjectMemberRole(ctx, (await session()).user.id, orgId, projectId, userId, await body()));
    },
  },
  {
    method: "DELETE",
    path: `${base}/:projectId/members/:userId`,
    handler: async ({ ctx, session, params }) => {
      const { orgId, projectId, userId } = ids(params);
      await removeProjectMember(ctx, (await session()).user.id, orgId, projectId, userId);
      return new Response(null, { status: 204 });
    },
  },
];
