/** Renders an activity entry's sentence (src/components/activity-text.ts) with names in bold. */
import { For } from "solid-js";
import type { ActivityItem } from "~/server/domain/activity";
import { describeActivity } from "./activity-text";

export function ActivityText(props: { item: ActivityItem }) {
  return (
    <For each={describeActivity(props.item)}>
      {(part) => (typeof part === "string" ? part : <strong class="font-semibold">{part.strong}</strong>)}
    </For>
  );
}
