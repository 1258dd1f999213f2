/**
 * The modal <dialog> of ConfirmDialog (ConfirmDialog.tsx holds its button), downloaded when a person is about to press
 * that button. It holds the real form, so nothing happens until the person confirms. Focus starts on "Cancel" (the safe
 * choice), or on the text field when the person must type something to confirm (e.g. the workspace name); Escape
 * closes; focus returns to the opening button. Errors (e.g. LAST_OWNER) are shown inside the dialog, field errors next
 * to the typed field; on success the dialog closes (or the page navigates away, when the action redirects).
 *
 * Several dialogs may share one action (a "Remove" per row): each submission carries the dialog's own id, so only the
 * dialog that sent it shows its pending state and its error.
 */
import { useSubmission } from "@solidjs/router";
import { createEffect, createSignal, createUniqueId, For, on, Show } from "solid-js";
import type { ConfirmDialogProps } from "./ConfirmDialog";
import { Alert, Button, TextField } from "./ui";

export interface ConfirmDialogPanelProps<T> extends ConfirmDialogProps<T> {
  /** The button that opened the dialog: focus goes back to it when the dialog closes. */
  opener: () => HTMLButtonElement;
  /** Receives the function that opens the dialog, once the panel exists. */
  register: (open: () => void) => void;
}

export function ConfirmDialogPanel<T>(props: ConfirmDialogPanelProps<T>) {
  const id = createUniqueId();
  let dialog!: HTMLDialogElement;
  let typed: HTMLInputElement | undefined;
  const [typedValue, setTypedValue] = createSignal("");
  const submission = useSubmission(props.action, ([form]) => form.get("confirmId") === id);
  const failure = () => {
    const r = submission.result;
    return r && !r.ok ? r.error : null;
  };
  const fieldError = () => (props.typeToConfirm ? failure()?.fields?.[props.typeToConfirm.name] : undefined);
  const message = () => {
    const e = failure();
    if (!e || fieldError()) return null;
    return props.explain ? props.explain(e) : e.message;
  };
  const matches = () => !props.typeToConfirm || typedValue().trim() === props.typeToConfirm.expected;

  function open() {
    // A reopened dialog starts clean, without the previous attempt's error or typed text.
    while (submission.result) submission.clear();
    if (typed) typed.value = "";
    setTypedValue("");
    dialog.showModal();
    (typed ?? dialog.querySelector<HTMLElement>("[data-cancel]"))?.focus();
  }
  props.register(open);

  createEffect(
    on(
      () => submission.result,
      (r) => {
        if (!r?.ok) return;
        if (dialog.open) dialog.close();
        props.onSuccess?.(r.data);
      },
      { defer: true },
    ),
  );

  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onClose={() => props.opener().isConnected && props.opener().focus()}
      class="m-auto max-h-[calc(100dvh-1.5rem)] w-[calc(100%-1.5rem)] max-w-md overflow-y-auto overscroll-contain rounded-lg border border-line bg-raised p-4 text-left text-ink shadow-xl backdrop:bg-slate-950/50 backdrop:backdrop-blur-[1px] sm:p-6"
    >
      <form action={props.action} method="post" class="flex min-w-0 flex-col gap-4">
        <h2 id={`${id}-title`} class="text-lg font-semibold break-words">
          {props.title}
        </h2>
        <div id={`${id}-body`} class="flex flex-col gap-2 text-sm break-words text-slate-700 dark:text-slate-300">
          {props.children}
        </div>
        <Show when={props.typeToConfirm}>
          {(t) => (
            <TextField
              ref={typed}
              id={`${id}-typed`}
              label={t().label}
              name={t().name}
              autocomplete="off"
              spellcheck={false}
              onInput={(e) => setTypedValue(e.currentTarget.value)}
              error={fieldError()}
            />
          )}
        </Show>
        <Show when={message()}>
          <Alert kind="error">{message()}</Alert>
        </Show>
        <input type="hidden" name="confirmId" value={id} />
        <For each={Object.entries(props.fields)}>{([name, value]) => <input type="hidden" name={name} value={value} />}</For>
        {/* On a phone the buttons stack full-width, the confirm above the safe choice. */}
        <div class="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end sm:gap-3">
          <Button type="button" variant="secondary" data-cancel onClick={() => dialog.close()}>
            {props.dismiss ?? "Cancel"}
          </Button>
          <Button type="submit" variant={props.confirmVariant ?? "danger"} disabled={!matches()} pending={submission.pending} pendingText={props.pendingText}>
            {props.confirm}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
