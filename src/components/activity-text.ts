/**
 * One activity log entry as a sentence a person reads: "Ann changed Bob's role from member to admin". Names are as
 * they were when the entry was written (the log keeps them), so a renamed or deleted account still reads correctly.
 * Plain TypeScript (no JSX) so it is tested on its own; ActivityText.tsx renders it.
 */
import type { ActivityAction, ActivityItem } from "~/server/domain/activity";

/** A sentence as parts; `strong` parts are names of people, projects and the workspace. */
export type Part = string | { strong: string };

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const possessive = (name: string) => `${name}'s`;
const role = (v: unknown) => str(v) ?? "an unknown role";

export function describeActivity(item: ActivityItem): Part[] {
  const actor = { strong: item.actor.name };
  const target = item.target ? { strong: item.target.label } : { strong: "someone" };
  const targetIsActor = !!item.target && item.target.id === item.actor.id;
  const d = item.data ?? {};
  const project = str(d.projectName);
  const inProject = (p: string | null): Part[] => (p ? [" in the project ", { strong: p }] : []);
  const toProject = (p: string | null): Part[] => (p ? [" to the project ", { strong: p }] : []);

  switch (item.action) {
    case "org.created":
      return [actor, " created the workspace ", target];
    case "org.renamed":
      return [actor, " renamed the workspace from ", { strong: str(d.from) ?? "?" }, " to ", { strong: str(d.to) ?? "?" }];
    case "org.slug_changed":
      return [actor, ` changed the workspace address from /orgs/${str(d.from) ?? "?"} to /orgs/${str(d.to) ?? "?"}`];
    case "org.two_factor_changed":
      return [actor, d.to ? " required two-factor authentication for every member" : " stopped requiring two-factor authentication"];
    case "member.role_changed":
      return targetIsActor
        ? [actor, ` changed their own role from ${role(d.from)} to ${role(d.to)}`]
        : [actor, " changed ", { strong: possessive(target.strong) }, ` role from ${role(d.from)} to ${role(d.to)}`];
    case "member.removed":
      return [actor, " removed ", target, ` (${role(d.role)}) from the workspace`];
    case "member.left":
      return [actor, " left the workspace"];
    case "member.account_deleted":
      return [actor, " deleted their account and left the workspace"];
    case "member.joined":
      return [actor, d.role ? ` joined the workspace as ${role(d.role)}` : " joined the workspace"];
    case "invitation.created":
      return project
        ? [actor, " invited ", target, ...toProject(project), ` as ${role(d.role)}`]
        : [actor, " invited ", target, ` to the workspace as ${role(d.role)}`];
    case "invitation.updated":
      return [actor, " renewed the invitation of ", target, ...toProject(project), ` (now as ${role(d.role)})`];
    case "invitation.resent":
      return [actor, " resent the invitation to ", target, ...toProject(project)];
    case "invitation.cancelled":
      return [actor, " cancelled the invitation to ", target, ...toProject(project)];
    case "invitation.accepted":
      return project
        ? [actor, " accepted an invitation and joined the project ", { strong: project }, ` as ${role(d.role)}`]
        : [actor, ` accepted an invitation and joined the workspace as ${role(d.orgRole ?? d.role)}`];
    case "invitation.declined":
      return [actor, " declined the invitation to ", target, ...toProject(project)];
    case "project.created":
      return [actor, " created the project ", target];
    case "project.updated":
      return str(d.previousName)
        ? [actor, " renamed the project ", { strong: str(d.previousName)! }, " to ", target]
        : [actor, " edited the project ", target];
    case "project.deleted":
      return [actor, " deleted the project ", target];
    case "project.member_added":
      return [actor, " added ", target, ...toProject(project), ` as ${role(d.role)}`];
    case "project.member_role_changed":
      return [actor, " changed ", { strong: possessive(target.strong) }, " role", ...inProject(project), ` from ${role(d.from)} to ${role(d.to)}`];
    case "project.member_removed":
      return [actor, " removed ", target, " from the project", ...(project ? [" ", { strong: project }] : [])];
    case "project.member_left":
      return [actor, " left the project", ...(project ? [" ", { strong: project }] : [])];
    default:
      // An action this page does not know yet still says who and what.
      return [actor, ` did “${item.action}”`, ...(item.target ? [" on ", target] : [])];
  }
}

/** The sentence as plain text (for tests and accessible names). */
export function activitySentence(item: ActivityItem): string {
  return describeActivity(item)
    .map((p) => (typeof p === "string" ? p : p.strong))
    .join("");
}

/** The kinds of action the activity page filters by, grouped as a person thinks of them. */
export const actionGroups: { label: string; actions: { action: ActivityAction; label: string }[] }[] = [
  {
    label: "Members",
    actions: [
      { action: "member.joined", label: "Joined" },
      { action: "member.role_changed", label: "Role changed" },
      { action: "member.removed", label: "Removed" },
      { action: "member.left", label: "Left" },
      { action: "member.account_deleted", label: "Account deleted" },
    ],
  },
  {
    label: "Invitations",
    actions: [
      { action: "invitation.created", label: "Invited" },
      { action: "invitation.updated", label: "Invitation renewed" },
      { action: "invitation.resent", label: "Invitation resent" },
      { action: "invitation.cancelled", label: "Invitation cancelled" },
      { action: "invitation.accepted", label: "Invitation accepted" },
      { action: "invitation.declined", label: "Invitation declined" },
    ],
  },
  {
    label: "Projects",
    actions: [
      { action: "project.created", label: "Project created" },
      { action: "project.updated", label: "Project edited" },
      { action: "project.deleted", label: "Project deleted" },
      { action: "project.member_added", label: "Added to a project" },
      { action: "project.member_role_changed", label: "Project role changed" },
      { action: "project.member_removed", label: "Removed from a project" },
      { action: "project.member_left", label: "Left a project" },
    ],
  },
  {
    label: "Workspace",
    actions: [
      { action: "org.created", label: "Workspace created" },
      { action: "org.renamed", label: "Workspace renamed" },
      { action: "org.slug_changed", label: "Address changed" },
      { action: "org.two_factor_changed", label: "Two-factor rule changed" },
    ],
  },
];
