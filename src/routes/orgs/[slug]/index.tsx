/**
 * /orgs/<slug>: the org's projects the person may see (all of them for org admins/owners, marked where they are not
 * a member), newest update first, with search (?q=) and keyset pagination (?cursor=). One server call for the data.
 */
import { Title } from "@solidjs/meta";
import { A, createAsync, useNavigate, useParams, useSearchParams, type RouteDefinition } from "@solidjs/router";
import { createEffect, For, on, Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { Pager } from "~/components/Pager";
import { OrgNav } from "~/components/OrgNav";
import { OrgNotFound } from "~/components/OrgNotFound";
import { Time } from "~/components/Time";
import { Alert, Button, Card, linkClass } from "~/components/ui";
import { canOrg, roleLabel } from "~/lib/permissions";
import { getProjectList, type Project, type ProjectListPage } from "~/rpc/projects";

declare module "solid-js" {
  namespace JSX {
    // Lets `attr:value` type-check: it sets the attribute (the initial text), never the live value.
    interface ExplicitAttributes {
      value: string;
    }
  }
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

export const route = {
  preload: ({ params, location }) => {
    const search = new URLSearchParams(location.search);
    return getProjectList(params.slug!, search.get("q") ?? "", search.get("cursor") ?? "");
  },
} satisfies RouteDefinition;

const primaryLink =
  "inline-flex items-center justify-center rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2";

export default function OrgProjects() {
  const params = useParams();
  const [search] = useSearchParams();
  const q = () => one(search.q);
  const cursor = () => one(search.cursor);
  // deferStream: a signed-out visitor gets a real redirect to sign in, not a page that stops streaming.
  const data = createAsync(() => getProjectList(params.slug!, q(), cursor()), { deferStream: true });

  return (
    <AppShell currentOrgSlug={params.slug}>
      <Show when={data() !== undefined}>
        <Show when={data()} fallback={<OrgNotFound slug={params.slug!} />}>
          {(d) => <ProjectList page={d()} flash={search.deleted ? "The project was deleted." : search.left ? "You left the project." : null} />}
        </Show>
      </Show>
    </AppShell>
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

  const pageLink = (cursor: string | null) => {
    const qs = new URLSearchParams();
    if (props.page.q) qs.set("q", props.page.q);
    if (cursor) qs.set("cursor", cursor);
    const s = qs.toString();
    return s ? `${base()}?${s}` : base();
  };

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
          <A href={`${base()}/projects/new`} class={primaryLink}>
            New project
          </A>
        </div>

        <form
          role="search"
          method="get"
          action={base()}
          class="mb-4 flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const value = searchInput.value.trim();
            navigate(value ? `${base()}?${new URLSearchParams({ q: value })}` : base());
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
            class="w-full max-w-sm rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-blue-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
          />
          <Button type="submit" variant="secondary">
            Search
          </Button>
          <Show when={searching()}>
            <A href={base()} class={`${linkClass} self-center text-sm`}>
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
            <Card class="overflow-x-auto !p-0">
              <table class="w-full text-left text-sm">
                <caption class="sr-only">{searching() ? `Projects matching “${props.page.q}”` : `Projects in ${org().name}`}</caption>
                <thead class="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:text-slate-400">
                  <tr>
                    <th scope="col" class="px-4 py-3 font-medium">
                      Project
                    </th>
                    <th scope="col" class="px-4 py-3 font-medium">
                      Your role
                    </th>
                    <th scope="col" class="px-4 py-3 text-right font-medium">
                      Members
                    </th>
                    <th scope="col" class="px-4 py-3 font-medium">
                      Last update
                    </th>
                  </tr>
                </thead>
                <tbody class="divide-y divide-slate-200 dark:divide-slate-800">
                  <For each={props.page.items}>{(p) => <ProjectRow project={p} slug={org().slug} />}</For>
                </tbody>
              </table>
            </Card>
          </Show>

          <Pager label="Pages of projects" cursor={props.page.cursor} nextCursor={props.page.nextCursor} link={pageLink} />
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
    <tr class="align-top">
      <td class="max-w-md px-4 py-3">
        <A href={`/orgs/${props.slug}/projects/${props.project.id}`} class={`${linkClass} break-words`}>
          {props.project.name}
        </A>
        <Show when={description()}>
          <p class="mt-1 line-clamp-2 break-words text-slate-600 dark:text-slate-400">{description()}</p>
        </Show>
      </td>
      <td class="whitespace-nowrap px-4 py-3">
        <Show when={props.project.role} fallback={<span class="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">Not a member</span>}>
          {(role) => roleLabel(role())}
        </Show>
      </td>
      <td class="whitespace-nowrap px-4 py-3 text-right tabular-nums">{props.project.memberCount}</td>
      <td class="whitespace-nowrap px-4 py-3 text-slate-600 dark:text-slate-400">
        <Time iso={props.project.updatedAt} />
      </td>
    </tr>
  );
}

function EmptyState(props: { page: ProjectListPage }) {
  const base = () => `/orgs/${props.page.org.slug}`;
  return (
    <Card class="text-center">
      <Show
        when={props.page.q}
        fallback={
          <>
            <h3 class="text-lg font-semibold">No projects yet</h3>
            <p class="mt-1 text-slate-600 dark:text-slate-400">
              {props.page.cursor
                ? "There are no more projects."
                : canOrg(props.page.org.role, "projects.manageAll")
                  ? "This workspace has no projects yet. Projects hold the studies your team appraises together."
                  : "You are not in any project of this workspace yet. Start one, or ask a project owner to add you."}
            </p>
            <p class="mt-4">
              <A href={`${base()}/projects/new`} class={primaryLink}>
                Create your first project
              </A>
            </p>
          </>
        }
      >
        <h3 class="text-lg font-semibold">No projects match “{props.page.q}”</h3>
        <p class="mt-1 text-slate-600 dark:text-slate-400">Check the spelling, or search for part of the name.</p>
        <p class="mt-4">
          <A href={base()} class={linkClass}>
            Show all projects
          </A>
        </p>
      </Show>
    </Card>
  );
}
