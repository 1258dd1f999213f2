/**
 * The CoRATES mark: a rounded tile holding an open "C" that closes on a check, two appraisers' marks meeting.
 * Inline SVG (no request, inherits nothing); public/favicon.svg is the same drawing.
 */
export function LogoMark(props: { class?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" class={props.class ?? "h-7 w-7"}>
      <rect width="32" height="32" rx="8" fill="var(--color-blue-700)" />
      <path d="M22.5 10.2A8.5 8.5 0 1 0 24.4 18" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" />
      <path d="M12.4 16.2l3 3 6.4-6.6" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

/** The mark and the word, as the link home. `compact` hides the word on phones (the mark keeps the name for AT). */
export function Logo(props: { compact?: boolean; href?: string }) {
  return (
    <a href={props.href ?? "/"} class="inline-flex min-h-11 min-w-11 shrink-0 items-center gap-2 rounded-md text-ink" aria-label="CoRATES home">
      <LogoMark />
      <span class={`text-base font-semibold tracking-tight ${props.compact ? "max-sm:hidden" : ""}`} aria-hidden="true">
        CoRATES
      </span>
    </a>
  );
}
