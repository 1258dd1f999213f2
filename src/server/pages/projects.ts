/**
 * The project pages: the list (/orgs/<slug>), a project (/orgs/<slug>/projects/<id>) and "new project". Each reads in
 * the page's one batch. Visibility is decided as for every other project read (toProjectAccess): another org's
 * project, a hidden one and a missing one all read "project missing".
 */
import type { SQL } from "drizzle-orm";
import { parseTrail, type PagePosition } from "~/lib/paging";
import { keepActor } from "../actor";
import type { AppContext } from "../context";
import { membershipQuery, type OrgMembership } from "../domain/access";
import type { Invitation } from "../domain/invitations";
import { membersListQuery, toMembersPage, type Member } from "../domain/members";
import { pendingProjectInvitationsQuery, toInvitationPage } from "../domain/project-invitations";
import {
  projectMembersQuery,
  projectRights,
  projectRowQuery,
  toProjectAccess,
  toProjectMember,
  type Project,
  type ProjectMember,
  type ProjectOverview,
  type ProjectRights,
  type ProjectRow,
} from "../domain/projects";
import { isAppError, orgIdOf, refusal, toMembershipOrMissing, toOrgSummary, type MembershipRows, type OrgSummary } from "./org";
import type { CurrentSession } from "../session";
import { runRead, type PageLoader, type Read } from "./page";
import { projectListRead } from "./project-list";

// ---------------------------------------------------------------- the list

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

export interface ProjectListParams {
  slug: string;
  q: string;
  cursor: string;
  /** "1" for "only mine". */
  mine: string;
  trail: string;
}

/**
 * Only the caller's membership, as the page's summary of the org: null when the org is missing or not theirs. What a
 * refused link still shows (the org, with the reason instead of rows), and all "new project" needs.
 */
function orgOnly<T>(ctx: AppContext, user: string | SQL, slug: string, show: (org: OrgSummary) => T): Read<(session: CurrentSession) => T | null> {
  return {
    statements: [membershipQuery(ctx, user, { slug })],
    shape: (results) => (session) => {
      const m = (results[0] as MembershipRows)[0];
      if (!m) return null;
      keepActor(session, m);
      return show(toOrgSummary(m));
    },
  };
}

/** null when the org is missing or not the caller's. */
export const projectListPage: PageLoader<ProjectListParams, ProjectListPage | null> = {
  name: "project-list",
  read(ctx, { user }, p) {
    const mine = p.mine === "1";
    const position: PagePosition = { cursor: p.cursor, trail: p.cursor ? parseTrail(p.trail) : [] };
    const base = { q: p.q, mine, position };
    try {
      const read = projectListRead(ctx, user, { slug: p.slug }, { q: p.q || undefined, cursor: p.cursor || undefined, mine: mine ? "1" : undefined });
      return {
        statements: read.statements,
        shape: (results) => (session) => {
          const [membership] = results as [MembershipRows];
          if (!membership[0]) return null;
          keepActor(session, membership[0]);
          const r = read.shape(results);
          return { org: toOrgSummary(r.membership), ...base, ...r.page, total: r.total, managers: r.managers, error: null };
        },
      };
    } catch (err) {
      // A refused search or page link: show the org with the message instead of rows.
      if (!isAppError(err, "VALIDATION_FAILED")) throw err;
      const error = refusal(err, "q", "cursor");
      return orgOnly(ctx, user, p.slug, (org) => ({ org, ...base, items: [], nextCursor: null, total: 0, managers: [], error }));
    }
  },
};

// ---------------------------------------------------------------- one project

const INVITATIONS_SHOWN = 100;
/** As many as the picker's search answers (src/rpc/projects.ts findOrgMembers). */
const CANDIDATES_SHOWN = 100;

export type ProjectPageRead = ProjectOverview & { membership: OrgMembership; invitations: Invitation[] };

/** The org membership, the project with the caller's role, its members and pending invitations. NOT_FOUND when shaped if hidden. */
export function projectPageRead(ctx: AppContext, user: string | SQL, slug: string, projectId: string): Read<ProjectPageRead> {
  const orgId = orgIdOf({ slug });
  return {
    statements: [
      membershipQuery(ctx, user, { slug }),
      projectRowQuery(ctx, user, orgId, projectId),
      projectMembersQuery(ctx, orgId, projectId),
      pendingProjectInvitationsQuery(ctx, orgId, projectId, INVITATIONS_SHOWN),
    ],
    shape(results) {
      const [m, p, members, invitations] = results as [
        MembershipRows,
        ProjectRow[],
        Parameters<typeof toProjectMember>[0][],
        Parameters<typeof toInvitationPage>[0],
      ];
      const access = toProjectAccess(typeof user === "string" ? user : "", m, p);
      return {
        membership: access.membership,
        project: access.project,
        members: members.map(toProjectMember),
        rights: projectRights(access.membership.role, access.projectRole),
        orgRole: access.membership.role,
        invitations: toInvitationPage(invitations, INVITATIONS_SHOWN).items,
      };
    },
  };
}

export async function getProjectPageBySlug(ctx: AppContext, userId: string, slug: string, projectId: string): Promise<ProjectPageRead> {
  return runRead(ctx, projectPageRead(ctx, userId, slug, projectId));
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
      /**
       * For those who manage the project's members: the first workspace members by name, for the add-member picker to
       * show at first paint (searching further asks the server as one types). Absent for everyone else.
       */
      candidates?: Member[];
    };

export type ProjectPageOk = Extract<ProjectPageData, { kind: "ok" }>;

export const projectPage: PageLoader<{ slug: string; projectId: string }, ProjectPageData> = {
  name: "project",
  read(ctx, { user }, { slug, projectId }) {
    const read = projectPageRead(ctx, user, slug, projectId);
    // The picker's first names ride in the page's one batch: no server call (and no serializer download) after load.
    const people = membersListQuery(ctx, { slug }, { limit: CANDIDATES_SHOWN });
    return {
      statements: [...read.statements, people],
      shape: (results) => (session) => {
        const m = toMembershipOrMissing(results[0] as MembershipRows, session.user.id);
        if (!m) return { kind: "org-missing" as const };
        keepActor(session, m);
        try {
          const { project, members, rights, invitations } = read.shape(results);
          const candidates = rights.canManageMembers ? toMembersPage(results[read.statements.length] as Parameters<typeof toMembersPage>[0], CANDIDATES_SHOWN).items : undefined;
          return { kind: "ok" as const, org: toOrgSummary(m), viewerId: session.user.id, project, members, rights, invitations, candidates };
        } catch (err) {
          if (isAppError(err, "NOT_FOUND", "VALIDATION_FAILED")) return { kind: "project-missing" as const, org: toOrgSummary(m) };
          throw err;
        }
      },
    };
  },
};

// ---------------------------------------------------------------- new project

/** The org for the "new project" page; null when missing or not the caller's. */
export const newProjectPage: PageLoader<{ slug: string }, OrgSummary | null> = {
  name: "new-project",
  read: (ctx, { user }, { slug }) => orgOnly(ctx, user, slug, (org) => org),
};
