/**
 * Everything the project page shows, by the org's address, in ONE D1 round trip: the caller's org membership, the
 * project with their role, its members and its pending invitations. Visibility is decided as for every other project
 * read (toProjectAccess): another org's project, a hidden one and a missing one are all NOT_FOUND.
 */
import type { AppContext } from "../context";
import { membershipQuery } from "./access";
import type { Invitation } from "./invitations";
import { pendingProjectInvitationsQuery, toInvitationPage } from "./project-invitations";
import { orgIdOf, projectMembersQuery, projectRights, projectRowQuery, toProjectAccess, toProjectMember, type ProjectOverview } from "./projects";
import type { OrgMembership } from "./access";

const INVITATIONS_SHOWN = 100;

export async function getProjectPageBySlug(
  ctx: AppContext,
  userId: string,
  slug: string,
  projectId: string,
): Promise<ProjectOverview & { membership: OrgMembership; invitations: Invitation[] }> {
  const orgId = orgIdOf({ slug });
  const [m, p, members, invitations] = await ctx.db.batch([
    membershipQuery(ctx, userId, { slug }),
    projectRowQuery(ctx, userId, orgId, projectId),
    projectMembersQuery(ctx, orgId, projectId),
    pendingProjectInvitationsQuery(ctx, orgId, projectId, INVITATIONS_SHOWN),
  ]);
  const access = toProjectAccess(userId, m, p);
  return {
    membership: access.membership,
    project: access.project,
    members: members.map(toProjectMember),
    rights: projectRights(access.membership.role, access.projectRole),
    orgRole: access.membership.role,
    invitations: toInvitationPage(invitations, INVITATIONS_SHOWN).items,
  };
}
