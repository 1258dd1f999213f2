/**
 * Pieces shared by the org administration pages (members, settings, activity): the page header with the org tabs, the
 * page of a renamed workspace's old address, toasts for "done", the select style, and initial values for uncontrolled
 * inputs.
 */
import { Title } from "~/components/Head";
import { A, type Action, useNavigate, useSubmission } from "@solidjs/router";
import { createEffect, on, onMount } from "solid-js";
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
