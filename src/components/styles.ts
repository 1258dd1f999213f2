/**
 * Class strings shared by the common controls (./ui.tsx) and the signed-in pages' frame (../lib/take-over.tsx's
 * neighbours in the "shell" chunk, app.config.ts), which must not load the controls at first paint.
 */
export const linkClass = "font-medium text-accent-ink underline-offset-2 hover:underline";

export const cardClass = "min-w-0 rounded-lg border border-line bg-surface p-4 shadow-xs sm:p-6";
