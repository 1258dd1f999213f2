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
    <nav aria-label="Workspace" class="mb-6 border-b border-line">
      <ul class="-mb-px flex overflow-x-auto [scrollbar-width:none] sm:gap-1">
        <For each={tabs()}>
          {(tab) => (
            <li>
              <A
                href={tab.href}
                end={tab.end}
                class="flex min-h-11 items-center border-b-2 border-transparent px-2 text-sm sm:px-3 font-medium whitespace-nowrap text-muted transition-colors hover:text-ink"
                activeClass="!border-accent !text-ink"
                classList={{ "!border-accent !text-ink": !!current(tab.href, tab.end) }}
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
