/** "@username" beside a person's name where the name alone is ambiguous: two people on the list share it (sharesName). */
import { Show } from "solid-js";

export function Username(props: { username: string | null | undefined }) {
  return (
    <Show when={props.username}>
      {(u) => (
        <span class="ml-1 text-sm font-normal text-slate-600 dark:text-slate-400" data-testid="username">
          @{u()}
        </span>
      )}
    </Show>
  );
}
const nameKey = (name: string) => name.trim().toLowerCase();

/**
 * Whether `name` is ambiguous among `people`: two or more of them share it (ignoring case). Usernames are shown beside
 * those names only, where the name alone cannot tell people apart.
 */
export function sharesName(people: readonly { name: string }[], name: string): boolean {
  const key = nameKey(name);
  let seen = 0;
  for (const p of people) if (nameKey(p.name) === key && ++seen > 1) return true;
  return false;
}
