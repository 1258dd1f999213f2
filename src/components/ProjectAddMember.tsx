/** Adding someone who is already in the workspace to the project (for those who manage its members). */
import { sharesName } from "~/components/Username";
import { useSubmission } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, on, onCleanup, Show } from "solid-js";
import { projectRoleChoices, roleLabel, type ProjectRole } from "~/lib/permissions";
import { addProjectMemberAction, findOrgMembers, type Member, type ProjectPageOk } from "~/rpc/projects";
import { ProjectIds, selectClass } from "./ProjectFormBits";
import { Alert, Button } from "./ui";

/**
 * Picks an org member who is not in the project yet. The first names come with the page (its one batch), so the list
 * is there at first paint; typing narrows it through the server, and only the newest answer counts.
 */
export function AddMember(props: { data: ProjectPageOk }) {
  const [search, setSearch] = createSignal("");
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  // Loaded outside Suspense on purpose: reading an async value under the page's Suspense boundary replaced the whole
  // page with "Loading…" right after it appeared.
  const [searched, setSearched] = createSignal<Member[] | undefined>();
  let asked = 0;
  createEffect(
    on(
      search,
      (q) => {
        const mine = ++asked;
        if (!q) return setSearched(undefined);
        findOrgMembers(props.data.org.slug, q).then(
          (list) => mine === asked && setSearched(list),
          () => mine === asked && setSearched([]),
        );
      },
      { defer: true },
    ),
  );
  const found = () => (search() ? searched() : props.data.candidates);
  const candidates = createMemo(() => {
    const inProject = new Set(props.data.members.map((m) => m.userId));
    return found()?.filter((m) => !inProject.has(m.userId));
  });
  const submission = useSubmission(addProjectMemberAction);
  const fields = () => (submission.result && !submission.result.ok ? (submission.result.error.fields ?? {}) : {});
  const formError = () => (submission.result && !submission.result.ok && !submission.result.error.fields ? submission.result.error.message : null);
  const noOwner = () => !props.data.members.some((m) => m.role === "owner");
  // The search answers at most 100 people: when all of those are in the project, more may exist beyond them.
  const noneLeft = () =>
    search() ? "No one else matches" : (found()?.length ?? 0) < 100 ? "Everyone in the workspace is in this project" : "Search to find more people";

  return (
    <div class="mt-6 border-t border-slate-200 pt-4 dark:border-slate-800">
      <h3 class="font-semibold">Add a workspace member</h3>
      <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">People already in {props.data.org.name}. To add someone new, invite them by email below.</p>
      <form action={addProjectMemberAction} method="post" class="mt-3 flex flex-col gap-3" novalidate>
        <Show when={formError()}>
          <Alert kind="error">{formError()}</Alert>
        </Show>
        <ProjectIds data={props.data} />
        <div class="flex flex-col gap-1">
          <label for="add-member-search" class="text-sm font-medium">
            Find a person
          </label>
          <input
            id="add-member-search"
            type="search"
            placeholder="Name or email"
            maxLength={100}
            aria-controls="add-member-person"
            onInput={(e) => {
              const value = e.currentTarget.value;
              clearTimeout(timer);
              timer = setTimeout(() => setSearch(value.trim()), 250);
            }}
            class="min-h-11 w-full max-w-sm rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-blue-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
          />
        </div>
        <div class="flex flex-wrap items-end gap-3">
          <div class="flex flex-col gap-1 max-sm:w-full">
            <label for="add-member-person" class="text-sm font-medium">
              Person
            </label>
            <select
              id="add-member-person"
              name="userId"
              class={`${selectClass} w-full sm:w-auto sm:min-w-64`}
              aria-invalid={fields().userId ? "true" : undefined}
              aria-describedby={fields().userId ? "add-member-person-error" : undefined}
              disabled={!candidates()?.length}
            >
              <Show when={candidates()} fallback={<option value="">Loading…</option>}>
                {(list) => (
                  <Show when={list().length > 0} fallback={<option value="">{noneLeft()}</option>}>
                    <For each={list()}>
                      {(m) => (
                        <option value={m.userId}>
                          {m.name}
                          {m.username && sharesName(candidates() ?? [], m.name) ? ` @${m.username}` : ""} ({m.email})
                        </option>
                      )}
                    </For>
                  </Show>
                )}
              </Show>
            </select>
          </div>
          <div class="flex flex-col gap-1">
            <label for="add-member-role" class="text-sm font-medium">
              Project role
            </label>
            <select id="add-member-role" name="role" class={selectClass}>
              <For each={projectRoleChoices}>
                {(r: ProjectRole) => (
                  <option value={r} selected={noOwner() ? r === "owner" : r === "member"}>
                    {roleLabel(r)}
                  </option>
                )}
              </For>
            </select>
          </div>
          <Button type="submit" class="min-h-11" pending={submission.pending} pendingText="Adding…" disabled={!candidates()?.length}>
            Add to project
          </Button>
        </div>
        <Show when={fields().userId}>
          <p id="add-member-person-error" class="text-sm text-red-700 dark:text-red-400">
            {fields().userId}
          </p>
        </Show>
      </form>
    </div>
  );
}
