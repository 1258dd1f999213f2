/** The frame of each /account section: a card with a heading (the section's accessible name) and a short description. */
import { type JSX, Show } from "solid-js";
import { Alert, Card } from "./ui";
import { UNREACHABLE } from "~/lib/messages";

/** A section's message after an action (saved, signed out, failed), shown above its content. */
export type Notice = { kind: "success" | "error"; text: string } | null;

export function AccountSection(props: { title: string; id: string; description?: string; children: JSX.Element }) {
  return (
    <Card>
      <section aria-labelledby={props.id} data-testid={props.id}>
        <h2 id={props.id} class="text-lg font-semibold">
          {props.title}
        </h2>
        <Show when={props.description}>
          <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">{props.description}</p>
        </Show>
        <div class="mt-4">{props.children}</div>
      </section>
    </Card>
  );
}

/** The section's notice, or why its form could not open (its code did not download). */
export function SectionNotice(props: { notice: Notice; loadFailed?: boolean }) {
  return <Show when={props.notice ?? (props.loadFailed ? { kind: "error" as const, text: UNREACHABLE } : null)}>{(n) => <Alert kind={n().kind}>{n().text}</Alert>}</Show>;
}
