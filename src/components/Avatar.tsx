/** A person's avatar: their image when they have one, else their initials on a colour picked from their id. */
import { Show } from "solid-js";
import { initials } from "~/lib/initials";

const colours = [
  "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  "bg-rose-100 text-rose-900 dark:bg-rose-900 dark:text-rose-100",
  "bg-violet-100 text-violet-900 dark:bg-violet-900 dark:text-violet-100",
  "bg-teal-100 text-teal-900 dark:bg-teal-900 dark:text-teal-100",
];

function colourOf(key: string): string {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return colours[h % colours.length]!;
}

const sizes = { sm: "h-6 w-6 text-[0.625rem]", md: "h-8 w-8 text-xs", lg: "h-10 w-10 text-sm" } as const;

/** Decorative: the name is always written beside it, so the avatar itself is hidden from assistive technology. */
export function Avatar(props: { name: string; id?: string; email?: string; image?: string | null; size?: keyof typeof sizes }) {
  const size = () => sizes[props.size ?? "md"];
  return (
    <Show
      // Only our own pictures: a provider's picture URL (a Google sign-in may bring one) is blocked by the CSP.
      when={props.image?.startsWith("/api/images/") && props.image}
      fallback={
        <span aria-hidden="true" data-avatar class={`inline-flex shrink-0 items-center justify-center rounded-full font-semibold ${size()} ${colourOf(props.id ?? props.email ?? props.name)}`}>
          {initials(props.name, props.email)}
        </span>
      }
    >
      {(src) => <img src={src()} alt="" data-avatar class={`shrink-0 rounded-full object-cover ${size()}`} />}
    </Show>
  );
}
