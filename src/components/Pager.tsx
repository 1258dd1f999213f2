/** "First page / Next page" links for keyset-paginated lists: the cursor travels in the URL, so paging needs no JS. */
import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { linkClass } from "./ui";

export function Pager(props: { label: string; cursor: string | null; nextCursor: string | null; link: (cursor: string | null) => string }) {
  return (
    <Show when={props.cursor || props.nextCursor}>
      <nav aria-label={props.label} class="mt-4 flex items-center justify-between gap-4 text-sm">
        <span>
          <Show when={props.cursor}>
            <A href={props.link(null)} class={linkClass}>
              ← First page
            </A>
          </Show>
        </span>
        <Show when={props.nextCursor}>
          {(next) => (
            <A href={props.link(next())} class={linkClass} rel="next">
              Next page →
            </A>
          )}
        </Show>
      </nav>
    </Show>
  );
}
