/**
 * The toast after a role change on the members page, with Undo (the change back) when the person may still make it (an
 * owner who stepped down to admin may not make themselves owner again). Only needed once a role has changed: loaded on
 * use by MemberRow.tsx.
 */
import { canChangeOrgRole, orgRoles, roleLabel, type OrgRole } from "~/lib/permissions";
import { toast } from "./Toaster";

export function roleChangeToast(
  changed: { userId: string; name: string; role: OrgRole },
  from: string,
  viewer: { id: string; role: OrgRole; slug: string },
  change: (form: FormData) => unknown,
) {
  const roleAfter = changed.userId === viewer.id ? changed.role : viewer.role;
  const undoable = (orgRoles as readonly string[]).includes(from) && from !== changed.role && canChangeOrgRole(roleAfter, changed.role, from as OrgRole);
  const undo = () => {
    const fd = new FormData();
    for (const [k, v] of Object.entries({ orgSlug: viewer.slug, userId: changed.userId, memberName: changed.name, role: from, from: changed.role })) fd.set(k, v);
    void change(fd);
  };
  toast({ message: `${changed.name} is now ${roleLabel(changed.role).toLowerCase()}.`, action: undoable ? { label: "Undo", onClick: undo } : undefined });
}
