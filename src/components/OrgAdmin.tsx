/**
 * Pieces shared by the org administration pages (members, settings, activity): the page header with the org tabs, the
 * toasts for "done", the select style, and initial values for uncontrolled
 * inputs.
 */
import { type Action, useSubmission } from "@solidjs/router";
import { createEffect, on } from "solid-js";
import { roleLabel, type OrgRole } from "~/lib/permissions";
import type { ActionResult } from "~/server/rpc";
import { OrgNav } from "./OrgNav";
import { toast } from "./Toaster";
export { initialValue } from "./ui";
export { OrgMoved } from "./OrgMoved";

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

/** Shows `describe(...)` as a toast each time a submission of `act` succeeds, wherever on the page it was sent from. */
export function toastOnSuccess<T>(act: Action<[FormData], ActionResult<T>>, describe: (data: T, form: FormData) => string) {
  const submission = useSubmission(act);
  createEffect(
    on(
      () => submission.result,
      (r) => {
        const form = submission.input?.[0];
        if (r?.ok && form) toast({ message: describe(r.data, form) });
      },
      { defer: true },
    ),
  );
}

export const selectClass =
  "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-blue-600 aria-[invalid=true]:border-red-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";
