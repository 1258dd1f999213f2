/**
 * The body of /orgs/<slug>/activity (the route, src/routes/orgs/[slug]/activity.tsx, reads the data and hands it here;
 * the browser takes this part over on first use, src/lib/take-over.tsx): the log with its filters and pages, what a
 * plain member is told instead, or "not found".
 */
import { Title } from "~/components/Head";
import { A, useNavigate } from "@solidjs/router";
import { For, Show } from "solid-js";
import { ActivityText } from "./ActivityText";
import { actionGroups } from "./activity-text";
import { Avatar } from "./Avatar";
import { OrgPageHeader, selectClass } from "./OrgAdmin";
import { OrgNotFound } from "./OrgNotFound";
import { Pager } from "./Pager";
import { Time } from "./Time";
import { Alert, Button, Card, linkClass } from "./ui";
import { activityPath, type ActivityPageData } from "~/rpc/activity";

type Shown = Exclude<ActivityPageData, { kind: "moved" }>;

export default function ActivityBody(props: { data: Shown; slug: string }) {
  const narrow = <K extends Shown["kind"]>(kind: K) => (props.data.kind === kind ? (props.data as Extract<Shown, { kind: K }>) : null);
  return (
    <>
      <Show when={narrow("missing")}>
        <OrgNotFound slug={props.slug} />
      </Show>
      <Show when={narrow("forbidden")}>{(d) => <Forbidden org={d().org} />}</Show>
      <Show when={narrow("ok")}>{(d) => <ActivityLog data={d()} />}</Show>
    </>
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
  const navigate = useNavigate();
  const org = () => props.data.org;
  const filtered = () => !!(props.data.actor || props.data.action);
  // A person filtered by who is not among the members offered (left the workspace, or beyond the first 100).
  const actorMissing = () => !!props.data.actor && !props.data.people.some((p) => p.id === props.data.actor);
  const actorName = () => props.data.items.find((i) => i.actor.id === props.data.actor)?.actor.name ?? "A former member";
  let form!: HTMLFormElement;
  const apply = () => {
    const f = new FormData(form);
    navigate(activityPath(org().slug, { actor: String(f.get("actor") ?? ""), action: String(f.get("action") ?? "") }));
  };
  return (
    <>
      <Title>Activity · {org().name} · CoRATES</Title>
      <OrgPageHeader org={org()} />
      <section aria-labelledby="activity-heading">
        <h2 id="activity-heading" class="mb-3 text-lg font-semibold">
          Activity
        </h2>
        <form
          ref={form}
          method="get"
          action={activityPath(org().slug)}
          class="mb-4 flex flex-wrap items-end gap-3"
          aria-label="Filter the activity"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <div class="flex min-w-0 flex-col gap-1">
            <label for="activity-actor" class="text-sm font-medium">
              Person
            </label>
            <select id="activity-actor" name="actor" class={`${selectClass} min-h-11 max-w-full`}>
              <option value="" selected={!props.data.actor}>
                Everyone
              </option>
              <Show when={actorMissing()}>
                <option value={props.data.actor} selected>
                  {actorName()}
                </option>
              </Show>
              <For each={props.data.people}>
                {(p) => (
                  <option value={p.id} selected={p.id === props.data.actor}>
                    {p.name}
                  </option>
                )}
              </For>
            </select>
          </div>
          <div class="flex min-w-0 flex-col gap-1">
            <label for="activity-action" class="text-sm font-medium">
              Kind of action
            </label>
            <select id="activity-action" name="action" class={`${selectClass} min-h-11 max-w-full`}>
              <option value="" selected={!props.data.action}>
                All actions
              </option>
              <For each={actionGroups}>
                {(g) => (
                  <optgroup label={g.label}>
                    <For each={g.actions}>
                      {(a) => (
                        <option value={a.action} selected={a.action === props.data.action}>
                          {a.label}
                        </option>
                      )}
                    </For>
                  </optgroup>
                )}
              </For>
            </select>
          </div>
          <Button type="submit" variant="secondary" class="min-h-11">
            Filter
          </Button>
          <Show when={filtered()}>
            <A href={activityPath(org().slug)} class={`${linkClass} inline-flex min-h-11 items-center text-sm`}>
              Clear filters
            </A>
          </Show>
        </form>
        <Show when={props.data.error}>
          <div class="mb-4">
            <Alert kind="error">{props.data.error} Showing the newest entries.</Alert>
          </div>
        </Show>
        <Show
          when={props.data.items.length > 0}
          fallback={
            <Card class="text-center text-slate-600 dark:text-slate-400">
              {props.data.position.cursor
                ? "There is no older activity."
                : filtered()
                  ? "No activity matches these filters."
                  : "Nothing has happened in this workspace yet."}
            </Card>
          }
        >
          <Card class="!p-0">
            <ol class="divide-y divide-slate-200 dark:divide-slate-800" aria-label={`Activity in ${org().name}, newest first`}>
              <For each={props.data.items}>
                {(item) => (
                  <li class="flex gap-3 px-4 py-3 text-sm" data-testid="activity-entry">
                    <Avatar name={item.actor.name} id={item.actor.id ?? undefined} image={item.actor.image} size="sm" />
                    <div class="flex min-w-0 flex-1 flex-col gap-1 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
                      <p class="[overflow-wrap:anywhere]">
                        <ActivityText item={item} />
                      </p>
                      <span class="shrink-0 whitespace-nowrap text-xs text-slate-500 dark:text-slate-400">
                        <Time iso={item.createdAt} />
                      </span>
                    </div>
                  </li>
                )}
              </For>
            </ol>
          </Card>
        </Show>
        <Pager
          label="Pages of activity"
          position={props.data.position}
          nextCursor={props.data.nextCursor}
          shown={props.data.items.length}
          limit={50}
          previousText="Newer"
          nextText="Older"
          link={(pos) => activityPath(org().slug, { actor: props.data.actor, action: props.data.action, pos })}
        />
      </section>
    </>
  );
}
