/**
 * The confirm step of a destructive action: a button that opens a modal dialog holding the real form, so nothing
 * happens until the person confirms (ConfirmDialogPanel.tsx: focus, Escape, errors, focus back to this button).
 * The button is what the page shows; the dialog is not on screen until it is pressed, so it loads on use.
 */
import { type Action } from "@solidjs/router";
import { type Component, createSignal, type JSX, Show } from "solid-js";
import type { ActionResult } from "~/server/rpc";
import { useHydrated } from "~/lib/forms";
import { loadOnUse } from "~/lib/on-use";
import type { ConfirmDialogPanelProps } from "./ConfirmDialogPanel";
import { toast } from "./Toaster";
import { Button } from "./ui";
import { UNREACHABLE } from "~/lib/messages";

export interface ConfirmDialogProps<T> {
  /** Text of the opening button, and its accessible name when it differs (e.g. "Remove Jane Doe"). */
  trigger: string;
  triggerLabel?: string;
  triggerVariant?: "primary" | "secondary" | "danger" | "ghost";
  triggerClass?: string;
  title: string;
  /** What will happen, in plain words. */
  children: JSX.Element;
  confirm: string;
  pendingText: string;
  confirmVariant?: "primary" | "danger";
  /** The safe button's text; "Cancel" unless that reads oddly (e.g. when the action itself is "Cancel invitation"). */
  dismiss?: string;
  action: Action<[FormData], ActionResult<T>>;
  /** Hidden fields posted with the form (ids, slug). */
  fields: Record<string, string>;
  /**
   * Ask the person to type `expected` before the confirm button works; the typed text is posted as `name`, so the
   * server can check it too. Compared after trimming, case-sensitively.
   */
  typeToConfirm?: { label: string; expected: string; name: string };
  /** Rewords an error for this context (e.g. LAST_OWNER when leaving); defaults to the server's message. */
  explain?: (error: { code: string; message: string }) => JSX.Element;
  onSuccess?: (data: T) => void;
}

// Safe to defer: a closed dialog shows nothing, and pressing the button awaits the download before opening it.
const panel = loadOnUse(() => import("./ConfirmDialogPanel"));

export function ConfirmDialog<T>(props: ConfirmDialogProps<T>) {
  let trigger!: HTMLButtonElement;
  // The dialog needs the page's script: until it has loaded, the button says so by being disabled instead of
  // silently doing nothing when pressed.
  const ready = useHydrated();
  const [Panel, setPanel] = createSignal<Component<ConfirmDialogPanelProps<T>>>();
  let openPanel: (() => void) | undefined;

  async function open() {
    if (!openPanel) {
      try {
        const { ConfirmDialogPanel } = await panel.load();
        setPanel(() => ConfirmDialogPanel);
      } catch {
        toast({ message: UNREACHABLE, kind: "error" });
        return;
      }
    }
    openPanel?.();
  }

  return (
    <>
      <Button
        ref={trigger}
        type="button"
        variant={props.triggerVariant ?? "secondary"}
        class={props.triggerClass}
        aria-label={props.triggerLabel}
        aria-haspopup="dialog"
        disabled={!ready()}
        data-until-script={ready() ? undefined : ""}
        onPointerOver={panel.warm}
        onFocusIn={panel.warm}
        onTouchStart={panel.warm}
        onClick={() => void open()}
      >
        {props.trigger}
      </Button>
      <Show when={Panel()}>
        {(P) => {
          const Dialog = P();
          return <Dialog {...props} opener={() => trigger} register={(fn) => (openPanel = fn)} />;
        }}
      </Show>
    </>
  );
}
