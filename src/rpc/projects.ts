/**
 * Server functions behind the project pages. Each resolves the org slug from the URL against the caller's current
 * membership, then calls the domain layer (src/server/domain), which re-checks the project role on every call.
 */
import { action, redirect } from "@solidjs/router";
import { serverQuery } from "~/lib/query";
import { parseTrail, positionParams, type PagePosition } from "~/lib/paging";
import type { OrgRole } from "~/lib/permissions";
import type { Invitation } from "~/server/domain/invitations";
import { listOrgMembers, type Member } from "~/server/domain/members";
import { kindOf } from "~/server/domain/invitation-kinds";
import { cancelInvitation, createInvitation, resendInvitation, type CreatedInvitationWithLink as CreatedInvitation } from "~/server/domain/invitation-writes";
import { addProjectMember, changeProjectMemberRole, removeProjectMember } from "~/server/domain/project-members";
import { createProject, deleteProject, updateProject } from "~/server/domain/project-writes";
import { listProjectsBySlug, type Project, type ProjectMember, type ProjectRights } from "~/server/domain/projects";
import { requireOrgMember } from "~/server/domain/access";
import type { AppContext } from "~/server/context";
import { AppError } from "~/server/errors";
import { getProjectPageBySlug } from "~/server/domain/project-page";
import { withUser } from "~/server/rpc";
import { actionWrite, text } from "~/server/writes/action";
import { runOrgWrite, type OrgWrite } from "~/server/writes/run";

export type { CreatedInvitation, Invitation, Member, Project, ProjectMember, ProjectRights };

export interface OrgSummary {
  id: string;
  name: string;
  slug: string;
  role: OrgRole;
}

export interface ProjectListPage {
  org: OrgSummary;
  q: string;
  /** "Show only mine" (admins and owners; plain members only ever see their own). */
  mine: boolean;
  position: PagePosition;
  items: Project[];
  nextCursor: string | null;
  total: number;
  /** Some admins and owners by name, for a plain member's empty list ("ask … to add you"). */
  managers: string[];
  /** A search or page link the server refused (too long, stale cursor): shown instead of the rows. */
  error: string | null;
}

export type ProjectPageData =
  | { kind: "org-missing" }
  | { kind: "project-missing"; org: OrgSummary }
  | {
      kind: "ok";
      org: OrgSummary;
      viewerId: string;
      project: Project;
      members: ProjectMember[];
      rights: ProjectRights;
      invitations: Invitation[];
    };

export type ProjectPageOk = Extract<ProjectPageData, { kind: "ok" }>;

const isMissing = (err: unknown) => err instanceof AppError && (err.code === "NOT_FOUND" || err.code === "VALIDATION_FAILED");

async function orgBySlug(ctx: AppContext, userId: string, slug: string): Promise<OrgSummary | null> {
  try {
    const m = await requireOrgMember(ctx, userId, { slug });
    return { id: m.org.id, name: m.org.name, slug: m.org.slug, role: m.role };
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
}

/** The org page: one page of the projects the caller may see. null when the org is missing or not theirs. */
/** The project list's address with its search, "only mine" and page position. */
export function projectListPath(slug: string, params: { q?: string; mine?: boolean; pos?: PagePosition } = {}): string {
  const qs = new URLSearchParams();
  if (params.q) qs.set("q", params.q);
  if (params.mine) qs.set("mine", "1");
  for (const [k, v] of Object.entries(params.pos ? positionParams(params.pos) : {})) if (v) qs.set(k, v);
  const s = qs.toString();
  return `/orgs/${slug}${s ? `?${s}` : ""}`;
}

// Every argument is a string: the server-function door accepts nothing else (src/server/server-fn-gate.ts).
export const getProjectList = serverQuery(async (slug: string, q: string, cursor: string, mineParam = "", trail = ""): Promise<ProjectListPage | null> => {
  "use server";
  const mine = mineParam === "1";
  const position: PagePosition = { cursor, trail: cursor ? parseTrail(trail) : [] };
  const back = projectListPath(slug, { q, mine, pos: position });
  return withUser(back, async ({ ctx, session }) => {
    try {
      // The org, the caller's role, the page, its total and the names of some admins in one D1 round trip.
      const r = await listProjectsBySlug(ctx, session.user.id, slug, { q: q || undefined, cursor: cursor || undefined, mine: mine ? "1" : undefined });
      const m = r.membership;
      const org = { id: m.org.id, name: m.org.name, slug: m.org.slug, role: m.role };
      return { org, q, mine, position, ...r.page, total: r.total, managers: r.managers, error: null };
    } catch (err) {
      if (err instanceof AppError && err.code === "NOT_FOUND") return null;
      if (!(err instanceof AppError) || err.code !== "VALIDATION_FAILED") throw err;
      // A refused search or page link: show the org with the message instead of rows.
      const org = await orgBySlug(ctx, session.user.id, slug);
      if (!org) return null;
      const fields = (err.details?.fields ?? {}) as Record<string, string>;
      return { org, q, mine, position, items: [], nextCursor: null, total: 0, managers: [], error: fields.q ?? fields.cursor ?? err.message };
    }
  });
}, "project-list");

/** The overview page: project, members, the caller's rights and the pending invitations. */
export const getProjectPage = serverQuery(async (slug: string, projectId: string): Promise<ProjectPageData> => {
  "use server";
  return withUser(`/orgs/${slug}/projects/${projectId}`, async ({ ctx, session }) => {
    const user = session.user;
    try {
      // The org, the project, its members and pending invitations in one D1 round trip.
      const page = await getProjectPageBySlug(ctx, user.id, slug, projectId);
      const m = page.membership;
      return {
        kind: "ok" as const,
        org: { id: m.org.id, name: m.org.name, slug: m.org.slug, role: m.role },
        viewerId: user.id,
        project: page.project,
        members: page.members,
        rights: page.rights,
        invitations: page.invitations,
      };
    } catch (err) {
      // Another org's project, one the caller may not see, and a missing one all read the same.
      if (!isMissing(err)) throw err;
      const org = await orgBySlug(ctx, user.id, slug);
      return org ? { kind: "project-missing" as const, org } : { kind: "org-missing" as const };
    }
  });
}, "project-page");

/** The org for the "new project" page; null when missing or not the caller's. */
export const getProjectOrg = serverQuery(async (slug: string): Promise<OrgSummary | null> => {
  "use server";
  return withUser(`/orgs/${slug}/projects/new`, async ({ ctx, session }) => orgBySlug(ctx, session.user.id, slug));
}, "project-org");

/** Org members matching `q`, for the "add a member" picker (the page drops the ones already in the project). */
export const findOrgMembers = serverQuery(async (slug: string, q: string): Promise<Member[]> => {
  "use server";
  return withUser(`/orgs/${slug}`, async ({ ctx, session }) => {
    const m = await requireOrgMember(ctx, session.user.id, { slug });
    return (await listOrgMembers(ctx, session.user.id, m.org.id, { q: q.trim() || undefined, limit: 100 })).items;
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
