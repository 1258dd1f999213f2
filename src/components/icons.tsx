/**
 * The few icons the app draws, as plain SVG. They are Lucide's drawings (lucide.dev, ISC licence), written out here
 * because lucide-solid builds every icon at run time from data through a generic component, about 2 KB of gzip on
 * every page for eight icons (issue 15). Decorative only: every icon is hidden from screen readers.
 */
import type { JSX } from "solid-js";

type IconProps = { class?: string };

function Svg(props: IconProps & { children: JSX.Element }) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width="24"
      height="24"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      class={props.class}
      aria-hidden="true"
    >
      {props.children}
    </svg>
  );
}

export const CircleAlert = (p: IconProps) => (
  <Svg class={p.class}>
    <circle cx="12" cy="12" r="10" />
    <line x1="12" x2="12" y1="8" y2="12" />
    <line x1="12" x2="12.01" y1="16" y2="16" />
  </Svg>
);

export const CircleCheck = (p: IconProps) => (
  <Svg class={p.class}>
    <circle cx="12" cy="12" r="10" />
    <path d="m16 9-5.5 5.5L8 12" />
  </Svg>
);

export const Info = (p: IconProps) => (
  <Svg class={p.class}>
    <circle cx="12" cy="12" r="10" />
    <path d="M12 16v-4" />
    <path d="M12 8h.01" />
  </Svg>
);

export const ChevronDown = (p: IconProps) => (
  <Svg class={p.class}>
    <path d="m6 9 6 6 6-6" />
  </Svg>
);

export const Check = (p: IconProps) => (
  <Svg class={p.class}>
    <path d="M20 6 9 17l-5-5" />
  </Svg>
);

export const Plus = (p: IconProps) => (
  <Svg class={p.class}>
    <path d="M5 12h14" />
    <path d="M12 5v14" />
  </Svg>
);

export const LogOut = (p: IconProps) => (
  <Svg class={p.class}>
    <path d="m16 17 5-5-5-5" />
    <path d="M21 12H9" />
    <path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4" />
  </Svg>
);

export const Settings = (p: IconProps) => (
  <Svg class={p.class}>
    <path d="M9.671 4.136a2.34 2.34 0 0 1 4.659 0 2.34 2.34 0 0 0 3.319 1.915 2.34 2.34 0 0 1 2.33 4.033 2.34 2.34 0 0 0 0 3.831 2.34 2.34 0 0 1-2.33 4.033 2.34 2.34 0 0 0-3.319 1.915 2.34 2.34 0 0 1-4.659 0 2.34 2.34 0 0 0-3.32-1.915 2.34 2.34 0 0 1-2.33-4.033 2.34 2.34 0 0 0 0-3.831A2.34 2.34 0 0 1 6.35 6.051a2.34 2.34 0 0 0 3.319-1.915" />
    <circle cx="12" cy="12" r="3" />
  </Svg>
);
