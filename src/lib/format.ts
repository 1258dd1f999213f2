/**
 * How the app writes counts and times, once: every page and the sessions list use these, so "1 member" and
 * "3 hours ago (28 Nov 2026, 14:05 UTC)" read the same everywhere. Fixed locale and time zone for the absolute form:
 * the server and the browser must render the same text, or hydration breaks.
 */

/** "1 member", "2 members", "0 members". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? one : many}`;
}

/** "1–50 of 61" for a page of a list; "No results" for an empty one. */
export function rangeText(first: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return "No results";
  return `${first.toLocaleString("en-GB")}–${(first + shown - 1).toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")}`;
}

const full = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 4.35],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** "just now", "3 hours ago", "in 6 days". */
export function relativeTime(iso: string, now = Date.now()): string {
  let value = (new Date(iso).getTime() - now) / 1000;
  if (Math.abs(value) < 45) return "just now";
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return rtf.format(Math.round(value), unit);
    value /= size;
  }
  return full.format(new Date(iso));
}

/** "28 Nov 2026, 14:05 UTC". */
export function absoluteTime(iso: string): string {
  return `${full.format(new Date(iso))} UTC`;
}

