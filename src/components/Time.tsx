/** The one way a time is shown: relative ("3 hours ago"), the absolute time on hover and for assistive technology. */
import { absoluteTime, relativeTime } from "~/lib/format";

export function Time(props: { iso: string; class?: string }) {
  return (
    <time datetime={props.iso} title={absoluteTime(props.iso)} class={props.class}>
      {relativeTime(props.iso)}
      <span class="sr-only"> ({absoluteTime(props.iso)})</span>
    </time>
  );
}
