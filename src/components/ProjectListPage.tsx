/**
 * The body of /orgs/<slug>, the org's projects (the route, src/routes/orgs/[slug]/index.tsx, reads the data and hands
 * it here; the browser takes this part over on first use, src/lib/take-over.tsx). A missing org, or one the person may
 * not see, is "not found".
 */
import { Title } from "~/components/Head";
import { A, useNavigate } from "@solidjs/router";
import { createEffect, For, on, Show } from "solid-js";
import { Pager } from "./Pager";
import { OrgNav } from "./OrgNav";
import { OrgNotFound } from "./OrgNotFound";
import { Time } from "./Time";
import { Alert, Button, Card, linkClass } from "./ui";
import { plural } from "~/lib/format";
import type { PagePosition } from "~/lib/paging";
import { canOrg, roleLabel } from "~/lib/permissions";
import { projectListPath, type Project, type ProjectListPage } from "~/rpc/projects";

declare module "solid-js" {
  namespace JSX {
    // Lets `attr:value` type-check: it sets the attribute (the initial text), never the live value.
    interface ExplicitAttributes {
      value: string;
    }
  }
}

const primaryLink =
  "inline-flex items-center justify-center rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2";

export default function ProjectListBody(props: { page: ProjectListPage | null; flash: string | null; slug: string }) {
  return (
    <Show when={props.page} fallback={<OrgNotFound slug={props.slug} />}>
      {(page) => <ProjectList page={page()} flash={props.flash} />}
    </Show>
  );
}

function ProjectList(props: { page: ProjectListPage; flash: string | null }) {
  const navigate = useNavigate();
  const org = () => props.page.org;
  const base = () => `/orgs/${org().slug}`;
  const searching = () => props.page.q !== "";
  let searchInput!: HTMLInputElement;

  // The field is uncontrolled (typing before hydration survives); keep it in step when the URL's q changes later.
  createEffect(
    on(
      () => props.page.q,
      (value) => {
        if (searchInput.value.trim() !== value) searchInput.value = value;
      },
      { defer: true },
    ),
  );

  const pageLink = (pos: PagePosition) => projectListPath(org().slug, { q: props.page.q, mine: props.page.mine, pos });
  const seesAll = () => canOrg(org().role, "projects.manageAll");

  return (
    <>
      <Title>{org().name} · CoRATES</Title>
      <div class="mb-4">
        <h1 class="text-2xl font-semibold" data-testid="org-name">
          {org().name}
        </h1>
        <p class="text-sm text-slate-600 dark:text-slate-400">
          Your role: <span data-testid="org-role">{roleLabel(org().role)}</span>
        </p>
      </div>
      <OrgNav slug={org().slug} role={org().role} />

      <Show when={props.flash}>
        <div class="mb-4">
          <Alert kind="success">{props.flash}</Alert>
        </div>
      </Show>

      <section aria-labelledby="projects-heading">
        <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
          <h2 id="projects-heading" class="text-lg font-semibold">
            Projects
          </h2>
          <A href={`${base()}/projects/new`} class={`${primaryLink} min-h-11`}>
            New project
          </A>
        </div>

        <Show when={seesAll()}>
          <nav aria-label="Which projects" class="mb-3 inline-flex rounded-md border border-slate-300 p-0.5 text-sm dark:border-slate-600">
            <a
              href={projectListPath(org().slug, { q: props.page.q })}
              aria-current={!props.page.mine ? "page" : undefined}
              class="inline-flex min-h-11 items-center rounded px-3 aria-[current=page]:bg-slate-900 aria-[current=page]:text-white dark:aria-[current=page]:bg-slate-100 dark:aria-[current=page]:text-slate-900"
            >
              All projects
            </a>
            <a
              href={projectListPath(org().slug, { q: props.page.q, mine: true })}
              aria-current={props.page.mine ? "page" : undefined}
              class="inline-flex min-h-11 items-center rounded px-3 aria-[current=page]:bg-slate-900 aria-[current=page]:text-white dark:aria-[current=page]:bg-slate-100 dark:aria-[current=page]:text-slate-900"
            >
              Show only mine
            </a>
          </nav>
        </Show>

        <form
          role="search"
          method="get"
          action={base()}
          class="mb-4 flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            navigate(projectListPath(org().slug, { q: searchInput.value.trim(), mine: props.page.mine }));
          }}
        >
          <label for="project-search" class="sr-only">
            Search projects by name
          </label>
          {/* attr:value sets the initial text without binding the live value (see src/routes/orgs/new.tsx). */}
          <input
            ref={searchInput}
            id="project-search"
            type="search"
            name="q"
            maxLength={100}
            placeholder="Search projects by name"
            attr:value={props.page.q}
            class="min-h-11 w-full min-w-0 flex-1 rounded-md border sm:max-w-sm border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-blue-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
          />
          <Show when={props.page.mine}>
            <input type="hidden" name="mine" value="1" />
          </Show>
          <Button type="submit" variant="secondary" class="min-h-11">
            Search
          </Button>
          <Show when={searching()}>
            <A href={projectListPath(org().slug, { mine: props.page.mine })} class={`${linkClass} self-center text-sm`}>
              Clear search
            </A>
          </Show>
        </form>

        <Show when={props.page.error}>
          <Alert kind="error">
            {props.page.error}{" "}
            <A href={base()} class={linkClass}>
              Show all projects
            </A>
          </Alert>
        </Show>

        <Show when={!props.page.error}>
          <Show when={props.page.items.length > 0} fallback={<EmptyState page={props.page} />}>
            <Card class="!p-0">
              <ul class="divide-y divide-slate-200 dark:divide-slate-800" aria-label={searching() ? `Projects matching “${props.page.q}”` : `Projects in ${org().name}`}>
                <For each={props.page.items}>{(p) => <ProjectRow project={p} slug={org().slug} />}</For>
              </ul>
            </Card>
          </Show>

          <Pager
            label="Pages of projects"
            position={props.page.position}
            nextCursor={props.page.nextCursor}
            shown={props.page.items.length}
            total={props.page.total}
            limit={50}
            link={pageLink}
          />
        </Show>
      </section>
    </>
  );
}

function ProjectRow(props: { project: Project; slug: string }) {
  const description = () => {
    const d = props.project.description ?? "";
    // Only the start is shipped: descriptions may run to 2,000 characters and the overview shows them in full.
    return d.length > 160 ? `${d.slice(0, 160).trimEnd()}…` : d;
  };
  return (
    <li class="px-4 py-3 text-sm" data-testid="project-row">
      <A href={`/orgs/${props.slug}/projects/${props.project.id}`} class={`${linkClass} font-medium [overflow-wrap:anywhere]`}>
        {props.project.name}
      </A>
      <Show when={description()}>
        <p class="mt-1 line-clamp-2 [overflow-wrap:anywhere] text-slate-600 dark:text-slate-400">{description()}</p>
      </Show>
      <p class="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
        <Show when={props.project.role} fallback={<span class="rounded bg-amber-100 px-2 py-0.5 font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">Not a member</span>}>
          {(role) => <span>Your role: {roleLabel(role())}</span>}
        </Show>
        <span aria-hidden="true">·</span>
        <span>{plural(props.project.memberCount, "member")}</span>
        <span aria-hidden="true">·</span>
        <span>
          Updated <Time iso={props.project.updatedAt} />
        </span>
      </p>
    </li>
  );
}

/** Who a plain member can ask: "Ada Lovelace, Ben Ng or another admin or owner", or "an admin or owner". */
function whoCanAdd(names: string[]): string {
  if (names.length === 0) return "an admin or owner of this workspace";
  if (names.length === 1) return `${names[0]} (an admin or owner)`;
  return `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]} (admins and owners)`;
}

function EmptyState(props: { page: ProjectListPage }) {
  const base = () => `/orgs/${props.page.org.slug}`;
  const seesAll = () => canOrg(props.page.org.role, "projects.manageAll");
  return (
    <Card class="text-center">
      <Show
        when={props.page.q}
        fallback={
          <Show
            when={!props.page.position.cursor}
            fallback={<p class="text-slate-600 dark:text-slate-400">There are no more projects.</p>}
          >
            <Show
              when={seesAll() && !props.page.mine}
              fallback={
                <>
                  <h3 class="text-lg font-semibold">You are not in any project here yet</h3>
                  <p class="mt-1 text-slate-600 dark:text-slate-400" data-testid="member-empty">
                    {seesAll()
                      ? "This list shows only the projects you belong to. Switch to all projects to see the rest of the workspace."
                      : `You see the projects of ${props.page.org.name} that you belong to. To join one, ask its owner or ${whoCanAdd(props.page.managers)} to add you, or start a project of your own.`}
                  </p>
                  <p class="mt-4 flex flex-wrap justify-center gap-3">
                    <Show when={seesAll()}>
                      <A href={base()} class={`${linkClass} inline-flex min-h-11 items-center`}>
                        Show all projects
                      </A>
                    </Show>
                    <A href={`${base()}/projects/new`} class={`${primaryLink} min-h-11`}>
                      Start a project
                    </A>
                  </p>
                </>
              }
            >
              <h3 class="text-lg font-semibold">No projects yet</h3>
              <p class="mt-1 text-slate-600 dark:text-slate-400">This workspace has no projects yet. Projects hold the studies your team appraises together.</p>
              <p class="mt-4">
                <A href={`${base()}/projects/new`} class={`${primaryLink} min-h-11`}>
                  Create your first project
                </A>
              </p>
            </Show>
          </Show>
        }
      >
        <h3 class="text-lg font-semibold">No projects match “{props.page.q}”</h3>
        <p class="mt-1 text-slate-600 dark:text-slate-400">Check the spelling, or search for the start of the name.</p>
        <p class="mt-4">
          <A href={projectListPath(props.page.org.slug, { mine: props.page.mine })} class={linkClass}>
            Show all projects
          </A>
        </p>
      </Show>
    </Card>
  );
}
