/** Small pieces the project page's sections share: the ids every project form posts, the select style, role words. */
import type { ProjectRole } from "~/lib/permissions";
import type { ProjectPageOk } from "~/rpc/projects";

export const selectClass =
  "min-h-11 rounded-md border border-slate-300 bg-white px-2 py-2 text-sm text-slate-900 shadow-sm focus:border-blue-600 disabled:cursor-not-allowed disabled:opacity-60 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";

export const LAST_OWNER_REASON = "The only owner. Make someone else an owner first.";

export const memberRole = (role: ProjectRole) => (role === "owner" ? "an owner" : "a member");

export const ownerCount = (data: ProjectPageOk) => data.members.filter((m) => m.role === "owner").length;

/** The hidden fields every project form posts: which org (by its URL slug) and which project. */
export function ProjectIds(props: { data: ProjectPageOk }) {
  return (
    <>
      <input type="hidden" name="slug" value={props.data.org.slug} />
      <input type="hidden" name="projectId" value={props.data.project.id} />
    </>
  );
}
