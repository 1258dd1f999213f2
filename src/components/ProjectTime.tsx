/** A timestamp as people read it ("3 hours ago"), with the full date in the <time> element for hover and assistive tech. */

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

export function relativeTime(iso: string, now = Date.now()): string {
  let value = (new Date(iso).getTime() - now) / 1000;
  if (Math.abs(value) < 45) return "just now";
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return rtf.format(Math.round(value), unit);
    value /= size;
  }
  return full.format(new Date(iso));
}

export function fullDate(iso: string): string {
  return `${full.format(new Date(iso))} UTC`;
}

export function ProjectTime(props: { iso: string; class?: string }) {
  return (
    <time datetime={props.iso} title={fullDate(props.iso)} class={props.class}>
      {relativeTime(props.iso)}
      <span class="sr-only"> ({fullDate(props.iso)})</span>
    </time>
  );
}
