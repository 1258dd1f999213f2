/** Tabs of an org's pages. Tabs a role cannot use are not shown (the server refuses them anyway). */
import { A, useLocation } from "@solidjs/router";
import { For } from "solid-js";
import { canOrg, type OrgRole } from "~/lib/permissions";

export function OrgNav(props: { slug: string; role: OrgRole }) {
  const location = useLocation();
  /** "page" on the tab's own page; "true" inside its section (a project page is inside Projects). */
  const current = (href: string, end: boolean) => {
    const path = location.pathname.replace(/\/+$/, "");
    if (path === href) return "page" as const;
    const section = end ? `${href}/projects/` : `${href}/`;
    return path.startsWith(section) ? ("true" as const) : undefined;
  };
  const tabs = () =>
    [
      { href: `/orgs/${props.slug}`, label: "Projects", show: true, end: true },
      { href: `/orgs/${props.slug}/members`, label: "Members", show: canOrg(props.role, "members.read"), end: false },
      { href: `/orgs/${props.slug}/activity`, label: "Activity", show: canOrg(props.role, "activity.read"), end: false },
      { href: `/orgs/${props.slug}/settings`, label: "Settings", show: true, end: false },
    ].filter((t) => t.show);
  return (
    <nav aria-label="Workspace" class="mb-6 border-b border-slate-200 dark:border-slate-800">
      <ul class="-mb-px flex gap-1 overflow-x-auto">
        <For each={tabs()}>
          {(tab) => (
            <li>
              <A
                href={tab.href}
                end={tab.end}
                class="block border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
                activeClass="!border-blue-700 !text-blue-800 dark:!text-blue-300"
                classList={{ "!border-blue-700 !text-blue-800 dark:!text-blue-300": !!current(tab.href, tab.end) }}
                aria-current={current(tab.href, tab.end)}
              >
                {tab.label}
              </A>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
