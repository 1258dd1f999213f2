/**
 * "1–50 of 61" with "Previous" and "Next" links for keyset-paginated lists (src/lib/paging.ts): the cursor and the
 * trail of earlier cursors travel in the URL, so paging needs no JS and a page can be bookmarked.
 */
import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { rangeText } from "~/lib/format";
import { firstIndex, nextPosition, previousPosition, type PagePosition } from "~/lib/paging";

const linkButton =
  "inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-900 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800";

export function Pager(props: {
  label: string;
  position: PagePosition;
  nextCursor: string | null;
  shown: number;
  /** Without a total (a log that is not counted), only the links are shown. */
  total?: number;
  limit: number;
  previousText?: string;
  nextText?: string;
  link: (pos: PagePosition) => string;
}) {
  const previous = () => previousPosition(props.position);
  return (
    <nav aria-label={props.label} class="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
      <p class="text-slate-600 tabular-nums dark:text-slate-400" data-testid="range">
        <Show when={props.total !== undefined}>{rangeText(firstIndex(props.position, props.limit), props.shown, props.total!)}</Show>
      </p>
      <Show when={previous() || props.nextCursor}>
        <div class="flex gap-2">
          <Show when={previous()}>
            {(prev) => (
              <A href={props.link(prev())} class={linkButton} rel="prev">
                ← {props.previousText ?? "Previous"}
              </A>
            )}
          </Show>
          <Show when={props.nextCursor}>
            {(next) => (
              <A href={props.link(nextPosition(props.position, next()))} class={linkButton} rel="next">
                {props.nextText ?? "Next"} →
              </A>
            )}
          </Show>
        </div>
      </Show>
    </nav>
  );
}
