/** Form fields shared by the "new project" page and the project's "edit details" form. */
import { type JSX, Show, splitProps } from "solid-js";

export const PROJECT_NAME_MAX = 255;
export const PROJECT_DESCRIPTION_MAX = 2000;

/** A labelled multi-line field with the same error and hint wiring as TextField (src/components/ui.tsx). */
export function ProjectTextArea(props: JSX.TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; name: string; error?: string | null; hint?: string }) {
  const [local, rest] = splitProps(props, ["label", "error", "hint", "id", "class"]);
  const id = () => local.id ?? `field-${props.name}`;
  return (
    <div class={`flex flex-col gap-1 ${local.class ?? ""}`}>
      <label for={id()} class="text-sm font-medium">
        {local.label}
      </label>
      <textarea
        {...rest}
        id={id()}
        aria-invalid={local.error ? "true" : undefined}
        aria-describedby={[local.error ? `${id()}-error` : "", local.hint ? `${id()}-hint` : ""].filter(Boolean).join(" ") || undefined}
        class="min-h-24 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-blue-600 aria-[invalid=true]:border-red-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
      />
      <Show when={local.hint}>
        <p id={`${id()}-hint`} class="text-xs text-slate-600 dark:text-slate-400">
          {local.hint}
        </p>
      </Show>
      <Show when={local.error}>
        <p id={`${id()}-error`} class="text-sm text-red-700 dark:text-red-400">
          {local.error}
        </p>
      </Show>
    </div>
  );
}
