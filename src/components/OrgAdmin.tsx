/**
 * Pieces shared by the org administration pages (members, settings, activity): the page header with the org tabs,
 * a polite live region for "done" messages, dates that render the same on server and browser, and initial values for
 * uncontrolled inputs.
 */
import { Title } from "~/components/Head";
import { A, type Action, useNavigate, useSubmission } from "@solidjs/router";
import { createEffect, createSignal, on, onCleanup, onMount, Show } from "solid-js";
import { roleLabel, type OrgRole } from "~/lib/permissions";
import type { ActionResult } from "~/server/rpc";
import { OrgNav } from "./OrgNav";
import { toast } from "./Toaster";
import { Card, linkClass } from "./ui";
export { initialValue } from "./ui";

export function OrgPageHeader(props: { org: { name: string; slug: string; role: OrgRole } }) {
  return (
    <>
      <div class="mb-4">
        <h1 class="text-2xl font-semibold break-words" data-testid="org-name">
          {props.org.name}
        </h1>
        <p class="text-sm text-slate-600 dark:text-slate-400">
          Your role: <span data-testid="org-role">{roleLabel(props.org.role)}</span>
        </p>
      </div>
      <OrgNav slug={props.org.slug} role={props.org.role} />
    </>
  );
}

/**
 * An old address of a renamed workspace (only members get this far): go to the new one at once, and say where it is
 * in case the page's script cannot run.
 */
export function OrgMoved(props: { to: string }) {
  const navigate = useNavigate();
  onMount(() => navigate(props.to, { replace: true }));
  return (
    <Card class="mx-auto max-w-lg text-center">
      <Title>Workspace moved · CoRATES</Title>
      <h1 class="text-xl font-semibold">This workspace has a new address</h1>
      <p class="mt-2 text-slate-600 dark:text-slate-400">
        It now lives at{" "}
        <A href={props.to} class={linkClass}>
          {props.to}
        </A>
        . Update your bookmarks.
      </p>
    </Card>
  );
}

/** A message announced politely to screen readers and shown briefly as a toast. */
export function createAnnouncer() {
  const [message, setMessage] = createSignal<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const announce = (text: string) => {
    clearTimeout(timer);
    setMessage(text);
    timer = setTimeout(() => setMessage(null), 8000);
  };
  return { message, announce };
}

/** The live region must be in the page before its text changes, or screen readers miss the change. */
export function LiveStatus(props: { message: string | null }) {
  return (
    <div role="status" aria-live="polite" class="pointer-events-none fixed inset-x-0 bottom-4 z-40 flex justify-center px-4">
      <Show when={props.message}>
        <p class="pointer-events-auto rounded-md border border-green-300 bg-green-50 px-4 py-3 text-sm text-green-900 shadow-lg dark:border-green-800 dark:bg-green-950 dark:text-green-100">
          {props.message}
        </p>
      </Show>
    </div>
  );
}

/** Shows `describe(...)` as a toast each time a submission of `act` succeeds, wherever on the page it was sent from. */
export function toastOnSuccess<T>(act: Action<[FormData], ActionResult<T>>, describe: (data: T, form: FormData) => string) {
  announceOnSuccess(act, (message) => toast({ message }), describe);
}

/** Announces `describe(...)` each time a submission of `act` succeeds, wherever on the page it was sent from. */
export function announceOnSuccess<T>(act: Action<[FormData], ActionResult<T>>, announce: (text: string) => void, describe: (data: T, form: FormData) => string) {
  const submission = useSubmission(act);
  createEffect(
    on(
      () => submission.result,
      (r) => {
        const form = submission.input?.[0];
        if (r?.ok && form) announce(describe(r.data, form));
      },
      { defer: true },
    ),
  );
}

// A fixed locale and time zone: the server and the browser must render the same text, or hydration breaks.
const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

export function DateText(props: { iso: string; withTime?: boolean }) {
  const text = () => (props.withTime ? `${dateTimeFormat.format(new Date(props.iso))} UTC` : dateFormat.format(new Date(props.iso)));
  return <time datetime={props.iso}>{text()}</time>;
}


export const selectClass =
  "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-blue-600 aria-[invalid=true]:border-red-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";
