/**
 * The permission tables of PRODUCT.md section 2, in one place. The server decides with them; the UI reads the same
 * functions to hide controls a person may not use. Deny by default: an action not listed for a role is refused.
 */
export const orgRoles = ["owner", "admin", "member"] as const;
export type OrgRole = (typeof orgRoles)[number];
export const projectRoles = ["owner", "member"] as const;
export type ProjectRole = (typeof projectRoles)[number];

const everyone: readonly OrgRole[] = orgRoles;
const admins: readonly OrgRole[] = ["owner", "admin"];
const owners: readonly OrgRole[] = ["owner"];

export const orgPermissions = {
  "org.read": everyone,
  "org.switch": everyone,
  "members.read": everyone,
  "project.create": everyone,
  "org.update": admins,
  // The workspace's logo (src/server/domain/org-logo.ts): who may rename it may also change its picture.
  "org.logo": admins,
  "invitations.manage": admins,
  "members.manage": admins,
  "owner.grant": owners,
  "org.leave": everyone,
  "org.delete": owners,
  // Whether members must have two-factor (GitHub's rule too): owners only, and only owners who have it themselves.
  "org.requireTwoFactor": owners,
  "activity.read": admins,
  // Org admins and owners act on every project of the org as if they were its owner (PRODUCT.md section 2).
  "projects.manageAll": admins,
} as const satisfies Record<string, readonly OrgRole[]>;

export type OrgAction = keyof typeof orgPermissions;

export function canOrg(role: OrgRole | null | undefined, action: OrgAction): boolean {
  return !!role && (orgPermissions[action] as readonly OrgRole[]).includes(role);
}

/** Which org roles this actor may hand out (on an invitation or a role change). */
export function assignableOrgRoles(actor: OrgRole | null | undefined): OrgRole[] {
  if (actor === "owner") return ["member", "admin", "owner"];
  if (actor === "admin") return ["member", "admin"];
  return [];
}

/**
 * May `actor` change `target`'s role to `next`? Admins move people between member and admin, never touching an
 * owner; owners may do anything (the last-owner rule is checked against the rows, not here).
 */
export function canChangeOrgRole(actor: OrgRole | null | undefined, target: OrgRole, next: OrgRole): boolean {
  if (!canOrg(actor, "members.manage")) return false;
  if (actor === "owner") return true;
  return target !== "owner" && next !== "owner";
}

/** May `actor` remove a member whose role is `target`? (Leaving oneself is "org.leave".) */
export function canRemoveOrgMember(actor: OrgRole | null | undefined, target: OrgRole): boolean {
  if (!canOrg(actor, "members.manage")) return false;
  return actor === "owner" || target !== "owner";
}

/**
 * Would `target` (with role `targetRole`) leaving, being removed or stepping down leave the org without an owner?
 * `ownerCount` is the org's owners including the target. The server decides with the rows (and guards the write); the
 * pages read the same rule from their owner count to disable the control and say why before anyone clicks.
 */
export function isLastOwner(targetRole: OrgRole, ownerCount: number): boolean {
  return targetRole === "owner" && ownerCount <= 1;
}

export const projectPermissions = {
  "project.read": ["owner", "member"],
  "project.edit": ["owner", "member"],
  "project.manageMembers": ["owner"],
  "project.delete": ["owner"],
  "project.leave": ["owner", "member"],
} as const satisfies Record<string, readonly ProjectRole[]>;

export type ProjectAction = keyof typeof projectPermissions;

/** Project rights come from the project role, or from being an org admin/owner (who acts as a project owner). */
export function canProject(orgRole: OrgRole | null | undefined, projectRole: ProjectRole | null | undefined, action: ProjectAction): boolean {
  if (action === "project.leave") return !!projectRole;
  if (canOrg(orgRole, "projects.manageAll")) return true;
  return !!projectRole && (projectPermissions[action] as readonly ProjectRole[]).includes(projectRole);
}

/**
 * Which org roles an invitation to a project may carry, sent by someone with these roles (PRODUCT.md section 2): whoever
 * manages the project's members may bring a newcomer into the org as a plain member (a project owner who is a plain
 * org member included); a higher org role is the org's admins' call, and owner the owners' alone.
 */
export function projectInvitationOrgRoles(orgRole: OrgRole | null | undefined, projectRole: ProjectRole | null | undefined): OrgRole[] {
  if (!canProject(orgRole, projectRole, "project.manageMembers")) return [];
  const higher = canOrg(orgRole, "invitations.manage") ? assignableOrgRoles(orgRole) : [];
  return ["member", ...higher.filter((r) => r !== "member")];
}

/** Which org roles an org invitation may carry, sent by someone with this role: invitation managers, per assignableOrgRoles. */
export function orgInvitationRoles(orgRole: OrgRole | null | undefined): OrgRole[] {
  return canOrg(orgRole, "invitations.manage") ? assignableOrgRoles(orgRole) : [];
}

export function roleLabel(role: OrgRole | ProjectRole): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

/**
 * The last-owner rule (PRODUCT.md section 2), for the page to say so BEFORE a click: would changing `target`'s role to
 * `next` (null: removing them, or them leaving) leave no owner, given how many owners there are now? The server
 * decides again against the current rows (LAST_OWNER), so two owners stepping down at once still cannot both win.
 */
export function removesLastOwner(target: OrgRole | ProjectRole | null | undefined, next: OrgRole | ProjectRole | null, ownerCount: number): boolean {
  return target === "owner" && next !== "owner" && ownerCount <= 1;
}

/** The project roles in the order a form offers them: the least power first, so the default is never "owner". */
export const projectRoleChoices: readonly ProjectRole[] = ["member", "owner"];
