/** "@username" beside a person's name where the name alone is ambiguous (src/lib/profile-rules.ts sharesName). */
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
