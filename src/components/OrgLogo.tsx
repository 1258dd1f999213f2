/** A workspace's logo where it has one; nothing otherwise (the name is always written beside it). Decorative. */
import { Show } from "solid-js";

const sizes = { sm: "h-5 w-5", md: "h-8 w-8", lg: "h-12 w-12" } as const;

export function OrgLogo(props: { logo?: string | null; size?: keyof typeof sizes }) {
  return (
    <Show when={props.logo}>
      {(src) => <img src={src()} alt="" data-org-logo class={`shrink-0 rounded object-contain ${sizes[props.size ?? "sm"]}`} />}
    </Show>
  );
}
