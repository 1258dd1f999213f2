/**
 * Placeholder rows while a page's data loads after a client-side navigation (server-rendered pages arrive complete).
 * Plain markup, one static template: every signed-in page links it, and five written-out rows gzip smaller than code
 * that repeats one.
 */
export function ListSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-live="polite" class="animate-pulse" data-testid="skeleton">
      <span class="sr-only">Loading…</span>
      <div class="mb-6 h-7 w-56 rounded bg-slate-200 dark:bg-slate-800" />
      <div class="mb-6 h-9 w-full rounded bg-slate-100 dark:bg-slate-900" />
      <ul class="flex flex-col gap-3" aria-hidden="true">
        <li class="flex items-center gap-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <div class="h-4 flex-1 rounded bg-slate-200 dark:bg-slate-800" />
          <div class="h-4 w-20 rounded bg-slate-100 dark:bg-slate-900" />
        </li>
        <li class="flex items-center gap-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <div class="h-4 flex-1 rounded bg-slate-200 dark:bg-slate-800" />
          <div class="h-4 w-20 rounded bg-slate-100 dark:bg-slate-900" />
        </li>
        <li class="flex items-center gap-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <div class="h-4 flex-1 rounded bg-slate-200 dark:bg-slate-800" />
          <div class="h-4 w-20 rounded bg-slate-100 dark:bg-slate-900" />
        </li>
        <li class="flex items-center gap-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <div class="h-4 flex-1 rounded bg-slate-200 dark:bg-slate-800" />
          <div class="h-4 w-20 rounded bg-slate-100 dark:bg-slate-900" />
        </li>
        <li class="flex items-center gap-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <div class="h-4 flex-1 rounded bg-slate-200 dark:bg-slate-800" />
          <div class="h-4 w-20 rounded bg-slate-100 dark:bg-slate-900" />
        </li>
      </ul>
    </div>
  );
}
