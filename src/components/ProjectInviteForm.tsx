/**
 * The project page's invite form. The project role starts at Member (projectRoleChoices), and inviting an owner (of the
 * project, or of the workspace) asks once more before sending. After sending, the link is shown once to copy: only this
 * answer carries it (the token is stored as a hash), and re-inviting a pending address says that its earlier link was
 * replaced. The question and the link appear only after the person acts, so they load on use (intent on the form).
 */
import { useSubmission } from "@solidjs/router";
import { createEffect, createSignal, For, lazy, on, Show, untrack } from "solid-js";
import { focusFirstError } from "~/lib/forms";
import { openOnUse, warm } from "~/lib/on-use";
import { assignableOrgRoles, projectRoleChoices, roleLabel, type OrgRole, type ProjectRole } from "~/lib/permissions";
import { inviteToProjectAction, type CreatedInvitation, type ProjectPageOk } from "~/rpc/projects";
import { ProjectIds, selectClass } from "./ProjectFormBits";
import { Alert, Button, TextField } from "./ui";

const OwnerConfirm = lazy(() => import("./ProjectInviteOwnerConfirm"));
const InvitationLink = lazy(() => import("./ProjectInvitationLink"));

export function InviteForm(props: { data: ProjectPageOk }) {
  const orgRoles = () => assignableOrgRoles(props.data.org.role);
  const submission = useSubmission(inviteToProjectAction);
  const fields = () => (submission.result && !submission.result.ok ? (submission.result.error.fields ?? {}) : {});
  const formError = () => (submission.result && !submission.result.ok && !submission.result.error.fields ? submission.result.error.message : null);
  const [confirmOwner, setConfirmOwner] = createSignal<string | null>(null);
  // The link of the newest invitation, until "Done". A result already there when the form appears (a form posted
  // before the script ran) is shown as the server rendered it.
  const [shown, setShown] = createSignal<CreatedInvitation | null>(untrack(() => (submission.result?.ok ? submission.result.data : null)));
  let confirmed = false;
  let form!: HTMLFormElement;
  let confirmButton: HTMLButtonElement | undefined;
  let sendButton: HTMLButtonElement | undefined;
  createEffect(
    on(
      () => submission.result,
      (r) => {
        if (!r?.ok) setShown(null);
        if (!r) return;
        if (r.ok) {
          form.reset();
          void openOnUse(InvitationLink, () => submission.result === r && setShown(r.data));
        } else focusFirstError(form);
      },
      { defer: true },
    ),
  );

  function onSubmit(e: SubmitEvent) {
    if (confirmed) {
      confirmed = false;
      setConfirmOwner(null);
      return;
    }
    const data = new FormData(form);
    const who = String(data.get("email") ?? "").trim() || "this person";
    const projectOwner = data.get("role") === "owner";
    const orgOwner = data.get("orgRole") === "owner";
    if (!projectOwner && !orgOwner) return;
    e.preventDefault();
    const question =
      projectOwner && orgOwner
        ? `Invite ${who} as an owner of ${props.data.project.name} and of ${props.data.org.name}?`
        : projectOwner
          ? `Invite ${who} as an owner of ${props.data.project.name}? Owners can add and remove people, change roles and delete the project.`
          : `Invite ${who} as an owner of ${props.data.org.name}? Workspace owners can change everything, including deleting the workspace.`;
    void openOnUse(OwnerConfirm, () => {
      setConfirmOwner(question);
      queueMicrotask(() => confirmButton?.focus());
    });
  }

  const warmExtras = () => warm(InvitationLink, OwnerConfirm);
  // Choosing an owner role is the surest sign the question will be needed.
  const onRoleChange = (e: Event & { currentTarget: HTMLSelectElement }) => {
    setConfirmOwner(null);
    if (e.currentTarget.value === "owner") warm(OwnerConfirm);
  };

  return (
    <>
      <form
        ref={form}
        action={inviteToProjectAction}
        method="post"
        class="mt-3 flex flex-col gap-3"
        novalidate
        onSubmit={onSubmit}
        onPointerOver={warmExtras}
        onFocusIn={warmExtras}
        onTouchStart={warmExtras}
      >
        <Show when={formError()}>
          <Alert kind="error">{formError()}</Alert>
        </Show>
        <ProjectIds data={props.data} />
        <div class="flex flex-wrap items-start gap-3">
          <TextField
            label="Email"
            name="email"
            type="email"
            autocomplete="off"
            required
            maxLength={254}
            class="w-full sm:w-auto sm:min-w-64 sm:flex-1"
            // A 44 px tap target (the shared field's own height is the design system's call).
            style={{ "min-height": "2.75rem" }}
            error={fields().email}
          />
          <div class="flex flex-col gap-1 max-sm:w-full">
            <label for="invite-role" class="text-sm font-medium">
              Project role
            </label>
            <select id="invite-role" name="role" class={selectClass} onChange={onRoleChange}>
              <For each={projectRoleChoices}>{(r: ProjectRole) => <option value={r} selected={r === "member"}>{roleLabel(r)}</option>}</For>
            </select>
          </div>
          <Show when={orgRoles().length > 0}>
            <div class="flex flex-col gap-1 max-sm:w-full">
              <label for="invite-org-role" class="text-sm font-medium">
                Workspace role
              </label>
              <select id="invite-org-role" name="orgRole" class={selectClass} onChange={onRoleChange}>
                <For each={orgRoles()}>{(r: OrgRole) => <option value={r} selected={r === "member"}>{roleLabel(r)}</option>}</For>
              </select>
            </div>
          </Show>
        </div>
        <Show when={fields().orgRole || fields().role}>
          <p class="text-sm text-red-700 dark:text-red-400">{fields().orgRole ?? fields().role}</p>
        </Show>
        <p class="text-xs text-slate-600 dark:text-slate-400">
          <Show when={orgRoles().length > 0} fallback={`People not yet in ${props.data.org.name} join it as members when they accept.`}>
            The workspace role applies only to people not yet in {props.data.org.name}.
          </Show>
        </p>
        <Show
          when={confirmOwner()}
          fallback={
            <div>
              <Button ref={sendButton} type="submit" class="min-h-11 max-sm:w-full" pending={submission.pending} pendingText="Sending…">
                Send invitation
              </Button>
            </div>
          }
        >
          {(question) => (
            <OwnerConfirm
              question={question()}
              pending={!!submission.pending}
              ref={(b) => (confirmButton = b)}
              onConfirm={() => {
                confirmed = true;
                form.requestSubmit();
              }}
              onBack={() => {
                setConfirmOwner(null);
                queueMicrotask(() => sendButton?.focus());
              }}
            />
          )}
        </Show>
      </form>
      <Show when={shown()}>{(inv) => <InvitationLink invitation={inv()} onClose={() => setShown(null)} />}</Show>
    </>
  );
}
