/**
 * Server functions behind the project pages. Each resolves the org slug from the URL against the caller's current
 * membership, then calls the domain layer (src/server/domain), which re-checks the project role on every call.
 */
import { action, redirect } from "@solidjs/router";
import { serverQuery } from "~/lib/query";
import { projectListPath } from "~/lib/page-paths";
import { parseTrail } from "~/lib/paging";
import { listQuery } from "~/lib/schemas";
import { parse } from "~/server/validate";
import type { Invitation } from "~/server/domain/invitations";
import { membersListQuery, toMembersPage, type Member } from "~/server/domain/members";
import { kindOf } from "~/server/domain/invitation-kinds";
import { cancelInvitation, createInvitation, resendInvitation, type CreatedInvitationWithLink as CreatedInvitation } from "~/server/domain/invitation-writes";
import { addProjectMember, changeProjectMemberRole, removeProjectMember } from "~/server/domain/project-members";
import { createProject, deleteProject, updateProject } from "~/server/domain/project-writes";
import type { Project, ProjectMember, ProjectRights } from "~/server/domain/projects";
import { requireOrgPermission } from "~/server/domain/access";
import { resolveOrgActor } from "~/server/actor";
import type { AppContext } from "~/server/context";
import type { OrgSummary } from "~/server/pages/org";
import {
  newProjectPage,
  projectListPage,
  projectPage,
  type ProjectListPage,
  type ProjectPageData,
  type ProjectPageOk,
} from "~/server/pages/projects";
import { pageQuery, withCaller } from "~/server/rpc";
import { actionWrite, text } from "~/server/writes/action";
import { runOrgWrite, type OrgWrite } from "~/server/writes/run";

export type { CreatedInvitation, Invitation, Member, Project, ProjectMember, ProjectRights };
export type { OrgSummary, ProjectListPage, ProjectPageData, ProjectPageOk };
export { projectListPath };

/** The org page: one page of the projects the caller may see. null when the org is missing or not theirs. */
// Every argument is a string: the server-function door accepts nothing else (src/server/server-fn-gate.ts).
export const getProjectList = serverQuery(async (slug: string, q: string, cursor: string, mineParam = "", trail = ""): Promise<ProjectListPage | null> => {
  "use server";
  const mine = mineParam === "1" ? "1" : "";
  const back = projectListPath(slug, { q, mine: !!mine, pos: { cursor, trail: cursor ? parseTrail(trail) : [] } });
  return pageQuery(projectListPage, { slug, q, cursor, mine, trail }, back);
}, "project-list");

/** The overview page: project, members, the caller's rights and the pending invitations. */
export const getProjectPage = serverQuery(async (slug: string, projectId: string): Promise<ProjectPageData> => {
  "use server";
  return pageQuery(projectPage, { slug, projectId }, `/orgs/${slug}/projects/${projectId}`);
}, "project-page");

/** The org for the "new project" page; null when missing or not the caller's. */
export const getProjectOrg = serverQuery(async (slug: string): Promise<OrgSummary | null> => {
  "use server";
  return pageQuery(newProjectPage, { slug }, `/orgs/${slug}/projects/new`);
}, "project-org");

/** Org members matching `q`, for the "add a member" picker (the page drops the ones already in the project). */
export const findOrgMembers = serverQuery(async (slug: string, q: string): Promise<Member[]> => {
  "use server";
  return withCaller(`/orgs/${slug}`, async (ctx, headers) => {
    const input = parse(listQuery, { q: q.trim() || undefined, limit: 100 });
    // Session, membership and the matches in one round trip; the list is handed out only to a member who may read it.
    const { actor, results } = await resolveOrgActor(ctx, headers, { slug }, () => [membersListQuery(ctx, { slug }, input)] as const);
    requireOrgPermission(actor, "members.read");
    return toMembersPage(results[0], input.limit).items;
  });
}, "org-member-search");

// ---------------------------------------------------------------- actions (forms post slug and projectId as hidden fields)
// Each is one read batch (session, membership, the project and the write's pre-reads) and one write batch.

function ids(form: FormData) {
  return { slug: text(form, "slug") ?? "", projectId: text(form, "projectId") ?? "" };
}

/** Runs a project write for the caller; errors become a result the form shows. */
function projectWrite<T>(form: FormData, make: (ctx: AppContext, projectId: string) => OrgWrite<T> | Promise<OrgWrite<T>>, gate?: (ctx: AppContext, projectId: string) => OrgWrite<unknown>) {
  const { slug, projectId } = ids(form);
  return actionWrite(`/orgs/${slug}/projects/${projectId}`, (ctx, headers) => runOrgWrite(ctx, headers, { slug }, () => make(ctx, projectId), gate?.(ctx, projectId)));
}

/** Refusals of a project invitation come before its input errors: the caller must manage the project's members. */
function invitationGate(ctx: AppContext, projectId: string): OrgWrite<unknown> {
  const kind = kindOf({ kind: "project", projectId });
  return { reads: (user, orgId) => kind.accessReads(ctx, user, orgId), decide: (actor, rows) => ({ answer: kind.standing(actor, rows) }) };
}

export const createProjectAction = action(async (form: FormData) => {
  "use server";
  const slug = text(form, "slug") ?? "";
  const result = await actionWrite(`/orgs/${slug}/projects/new`, (ctx, headers) =>
    runOrgWrite(ctx, headers, { slug }, () => createProject(ctx, { name: text(form, "name"), description: text(form, "description") })),
  );
  if (result.ok) throw redirect(`/orgs/${slug}/projects/${result.data.id}`);
  return result;
}, "project-create");

export const updateProjectAction = action(async (form: FormData) => {
  "use server";
  return projectWrite(form, (ctx, projectId) => updateProject(ctx, projectId, { name: text(form, "name"), description: text(form, "description") }));
}, "project-update");

export const deleteProjectAction = action(async (form: FormData) => {
  "use server";
  const result = await projectWrite(form, (ctx, projectId) => deleteProject(ctx, projectId));
  if (result.ok) throw redirect(`/orgs/${ids(form).slug}?deleted=1`);
  return result;
}, "project-delete");

export const addProjectMemberAction = action(async (form: FormData) => {
  "use server";
  return projectWrite(form, (ctx, projectId) => addProjectMember(ctx, projectId, { userId: text(form, "userId") || undefined, role: text(form, "role") }));
}, "project-member-add");

export const changeProjectRoleAction = action(async (form: FormData) => {
  "use server";
  return projectWrite(form, (ctx, projectId) => changeProjectMemberRole(ctx, projectId, text(form, "userId") ?? "", { role: text(form, "role") }));
}, "project-member-role");

export const removeProjectMemberAction = action(async (form: FormData) => {
  "use server";
  return projectWrite(form, (ctx, projectId) => removeProjectMember(ctx, projectId, text(form, "userId") ?? ""));
}, "project-member-remove");

/** Leaving: afterwards a plain member may no longer see the project, so everyone lands on the list. */
export const leaveProjectAction = action(async (form: FormData) => {
  "use server";
  const result = await projectWrite(form, (ctx, projectId) => removeProjectMember(ctx, projectId, null));
  if (result.ok) throw redirect(`/orgs/${ids(form).slug}?left=1`);
  return result;
}, "project-leave");

export const inviteToProjectAction = action(async (form: FormData) => {
  "use server";
  return projectWrite(
    form,
    (ctx, projectId) => createInvitation(ctx, { kind: "project", projectId }, { email: text(form, "email"), role: text(form, "role"), orgRole: text(form, "orgRole") || undefined }),
    invitationGate,
  );
}, "project-invite");

export const resendProjectInvitationAction = action(async (form: FormData) => {
  "use server";
  return projectWrite(form, (ctx, projectId) => resendInvitation(ctx, { kind: "project", projectId }, text(form, "invitationId") ?? ""), invitationGate);
}, "project-invite-resend");

export const cancelProjectInvitationAction = action(async (form: FormData) => {
  "use server";
  return projectWrite(form, (ctx, projectId) => cancelInvitation(ctx, { kind: "project", projectId }, text(form, "invitationId") ?? ""), invitationGate);
}, "project-invite-cancel");
