/**
 * /orgs/<slug>/activity: who did what to whom, and when, newest first, with "Older" pages (?cursor=). Admins and
 * owners only; a plain member is told so and pointed back (the tab is hidden for them, but links get shared).
 */
import { Title } from "@solidjs/meta";
import { A, createAsync, useParams, useSearchParams, type RouteDefinition } from "@solidjs/router";
import { For, Show } from "solid-js";
import { ActivityText } from "~/components/ActivityText";
import { AppShell } from "~/components/AppShell";
import { DateText, OrgMoved, OrgPageHeader } from "~/components/OrgAdmin";
import { OrgNotFound } from "~/components/OrgNotFound";
import { Alert, Card, linkClass } from "~/components/ui";
import { activityPath, getActivityData, type ActivityPageData } from "~/rpc/activity";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

export const route = {
  preload: ({ params, location }) => getActivityData(params.slug!, new URLSearchParams(location.search).get("cursor") ?? ""),
} satisfies RouteDefinition;

export default function ActivityRoute() {
  const params = useParams();
  const [search] = useSearchParams();
  // deferStream: the redirect to sign in must be decided before the first byte is streamed.
  const data = createAsync(() => getActivityData(params.slug!, one(search.cursor)), { deferStream: true });
  const narrow = <K extends ActivityPageData["kind"]>(kind: K) => {
    const d = data();
    return d?.kind === kind ? (d as Extract<ActivityPageData, { kind: K }>) : null;
  };
  return (
    <AppShell currentOrgSlug={params.slug}>
      <Show when={narrow("missing")}>
        <OrgNotFound slug={params.slug!} />
      </Show>
      <Show when={narrow("moved")}>{(d) => <OrgMoved to={d().to} />}</Show>
      <Show when={narrow("forbidden")}>{(d) => <Forbidden org={d().org} />}</Show>
      <Show when={narrow("ok")}>{(d) => <ActivityLog data={d()} />}</Show>
    </AppShell>
  );
}

function Forbidden(props: { org: Extract<ActivityPageData, { kind: "forbidden" }>["org"] }) {
  return (
    <>
      <Title>Activity · {props.org.name} · CoRATES</Title>
      <OrgPageHeader org={props.org} />
      <Card class="max-w-xl">
        <h2 class="text-lg font-semibold">Activity log</h2>
        <p class="mt-2 text-slate-700 dark:text-slate-300">Only admins and owners can see the activity log of {props.org.name}.</p>
        <p class="mt-4 flex flex-wrap gap-4">
          <A href={`/orgs/${props.org.slug}`} class={linkClass}>
            Back to the projects
          </A>
          <A href={`/orgs/${props.org.slug}/members`} class={linkClass}>
            See the members
          </A>
        </p>
      </Card>
    </>
  );
}

function ActivityLog(props: { data: Extract<ActivityPageData, { kind: "ok" }> }) {
  const org = () => props.data.org;
  return (
    <>
      <Title>Activity · {org().name} · CoRATES</Title>
      <OrgPageHeader org={org()} />
      <section aria-labelledby="activity-heading">
        <h2 id="activity-heading" class="mb-3 text-lg font-semibold">
          Activity
        </h2>
        <Show when={props.data.error}>
          <div class="mb-4">
            <Alert kind="error">{props.data.error} Showing the newest entries.</Alert>
          </div>
        </Show>
        <Show
          when={props.data.items.length > 0}
          fallback={
            <Card class="text-center text-slate-600 dark:text-slate-400">
              {props.data.cursor ? "There is no older activity." : "Nothing has happened in this workspace yet."}
            </Card>
          }
        >
          <Card class="!p-0">
            <ol class="divide-y divide-slate-200 dark:divide-slate-800" aria-label={`Activity in ${org().name}, newest first`}>
              <For each={props.data.items}>
                {(item) => (
                  <li class="flex flex-col gap-1 px-4 py-3 text-sm sm:flex-row sm:items-baseline sm:justify-between sm:gap-4" data-testid="activity-entry">
                    <p class="break-words">
                      <ActivityText item={item} />
                    </p>
                    <span class="shrink-0 whitespace-nowrap text-xs text-slate-500 dark:text-slate-400">
                      <DateText iso={item.createdAt} withTime />
                    </span>
                  </li>
                )}
              </For>
            </ol>
          </Card>
        </Show>
        <Show when={props.data.cursor || props.data.nextCursor}>
          <nav aria-label="Pages of activity" class="mt-4 flex items-center justify-between gap-4 text-sm">
            <span>
              <Show when={props.data.cursor}>
                <A href={activityPath(org().slug)} class={linkClass}>
                  ← Newest
                </A>
              </Show>
            </span>
            <Show when={props.data.nextCursor}>
              {(next) => (
                <A href={activityPath(org().slug, next())} class={linkClass} rel="next">
                  Older →
                </A>
              )}
            </Show>
          </nav>
        </Show>
      </section>
    </>
  );
}
