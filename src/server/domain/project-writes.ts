/**
 * Project writes: create, edit, delete, as org writes (src/server/writes/run.ts): the project row with the caller's
 * role is read in the actor's batch; the write's guard re-checks the right (compiled from canProject) as it runs.
 */
import { and, eq, type SQL } from "drizzle-orm";
import { projectMembers, projects } from "~/db/schema";
import { canOrg, canProject, type ProjectAction, type ProjectRole } from "~/lib/permissions";
import { createProjectInput, updateProjectInput } from "~/lib/schemas";
import type { OrgActor } from "../actor";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { parse } from "../validate";
import { actorMayOnProject, holds, isOrgMember } from "../writes/guards";
import type { OrgWrite, Rows } from "../writes/run";
import { insertWhere, logActivityIf } from "../writes/statements";
import type { ActivityEntry } from "./activity";
import { projectRowQuery, toProject, type Project, type ProjectRow } from "./projects";

export interface ProjectStanding {
  project: Project;
  projectRole: ProjectRole | null;
}

/** The project with the caller's role, to read in the actor's batch. */
export function projectRead(ctx: AppContext, user: string | SQL, orgId: string | SQL, projectId: string) {
  return projectRowQuery(ctx, user, orgId, projectId);
}

/** NOT_FOUND unless the caller may see the project (PRODUCT.md section 2); FORBIDDEN unless they may do `action`. */
export function projectStanding(actor: OrgActor, rows: Rows, action?: ProjectAction): ProjectStanding {
  const row = rows[0] as ProjectRow | undefined;
  if (!row || !canProject(actor.role, row.role, "project.read")) throw new AppError("NOT_FOUND");
  if (action && !canProject(actor.role, row.role, action)) throw new AppError("FORBIDDEN");
  return { project: toProject(row), projectRole: row.role ?? null };
}

/** An activity entry by the actor. */
export function byActor(actor: OrgActor, e: Omit<ActivityEntry, "orgId" | "actor">): ActivityEntry {
  return { orgId: actor.org.id, actor: { id: actor.userId, name: actor.session.user.name }, ...e };
}

/** Any org member may create a project; they become its owner. Project, owner membership and log: one batch. */
export function createProject(ctx: AppContext, input: unknown): OrgWrite<Project> {
  const data = parse(createProjectInput, input);
  return {
    decide(actor) {
      if (!canOrg(actor.role, "project.create")) throw new AppError("FORBIDDEN");
      const orgId = actor.org.id;
      const id = crypto.randomUUID();
      const now = new Date(Math.floor(Date.now() / 1000) * 1000);
      // Every statement re-checks org membership at write time: someone removed from the org a moment ago creates nothing.
      const stillMember = isOrgMember(orgId, actor.userId);
      const answer = { id, orgId, name: data.name, description: data.description ?? null, role: "owner" as const, memberCount: 1, createdAt: now.toISOString(), updatedAt: now.toISOString() };
      return {
        batch: [
          logActivityIf(ctx, byActor(actor, { action: "project.created", target: { type: "project", id, label: data.name } }), stillMember),
          insertWhere(ctx, projects, { id, name: data.name, description: data.description ?? null, orgId, createdBy: actor.userId, createdAt: now, updatedAt: now }, stillMember).returning({
            id: projects.id,
          }),
          insertWhere(ctx, projectMembers, { id: crypto.randomUUID(), projectId: id, userId: actor.userId, role: "owner", joinedAt: now }, stillMember),
        ],
        took: (r) => r[1]!.length > 0,
        answer: () => answer,
        replay: { answer, guard: stillMember },
      };
    },
  };
}

/** Rename and/or edit the description; any project member or org admin/owner. Bumps updatedAt. */
export function updateProject(ctx: AppContext, projectId: string, input: unknown): OrgWrite<Project> {
  const data = parse(updateProjectInput, input);
  return {
    reads: (user, orgId) => [projectRead(ctx, user, orgId, projectId)],
    decide(actor, rows) {
      const { project } = projectStanding(actor, rows[0]!, "project.edit");
      const changes: { name?: string; description?: string | null } = {};
      if (data.name !== undefined && data.name !== project.name) changes.name = data.name;
      if (data.description !== undefined && data.description !== project.description) changes.description = data.description;
      if (Object.keys(changes).length === 0) return { answer: project };
      const orgId = actor.org.id;
      const guard = and(eq(projects.id, projectId), eq(projects.orgId, orgId), actorMayOnProject(orgId, projectId, actor.userId, "project.edit"))!;
      const log = byActor(actor, {
        action: "project.updated",
        target: { type: "project", id: projectId, label: changes.name ?? project.name },
        data: { fields: Object.keys(changes), ...(changes.name ? { previousName: project.name } : {}) },
      });
      return {
        batch: [
          logActivityIf(ctx, log, holds(projects, guard)),
          ctx.db.update(projects).set({ ...changes, updatedAt: new Date() }).where(guard).returning({ id: projects.id }),
          projectRead(ctx, actor.userId, orgId, projectId),
        ],
        took: (r) => r[1]!.length > 0 && r[2]!.length > 0,
        answer: (r) => toProject(r[2]![0] as ProjectRow),
      };
    },
  };
}

/**
 * Deletes the project; project owners and org admins/owners. Its memberships and invitations go with it through the
 * foreign keys' ON DELETE CASCADE, in the same statement, so the one guarded DELETE decides everything.
 */
export function deleteProject(ctx: AppContext, projectId: string): OrgWrite<void> {
  return {
    reads: (user, orgId) => [projectRead(ctx, user, orgId, projectId)],
    decide(actor, rows) {
      const { project } = projectStanding(actor, rows[0]!, "project.delete");
      const orgId = actor.org.id;
      const guard = and(eq(projects.id, projectId), eq(projects.orgId, orgId), actorMayOnProject(orgId, projectId, actor.userId, "project.delete"))!;
      return {
        batch: [
          logActivityIf(ctx, byActor(actor, { action: "project.deleted", target: { type: "project", id: projectId, label: project.name } }), holds(projects, guard)),
          ctx.db.delete(projects).where(guard).returning({ id: projects.id }),
        ],
        took: (r) => r[1]!.length > 0,
        answer: () => undefined,
      };
    },
  };
}
