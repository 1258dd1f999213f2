/** The few building blocks every page uses, so forms look and behave (labels, errors, pending) the same everywhere. */
import { children, type JSX, Show, splitProps } from "solid-js";

const buttonStyles = {
  primary: "bg-blue-700 text-white hover:bg-blue-800 disabled:bg-blue-400",
  secondary: "border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800",
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:bg-red-400",
  ghost: "text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800",
} as const;

export function Button(props: JSX.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof buttonStyles; pending?: boolean; pendingText?: string }) {
  const [local, rest] = splitProps(props, ["variant", "pending", "pendingText", "class", "children", "disabled"]);
  return (
    <button
      {...rest}
      disabled={local.disabled || local.pending}
      aria-busy={local.pending ? "true" : undefined}
      class={`inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium transition disabled:cursor-not-allowed ${buttonStyles[local.variant ?? "primary"]} ${local.class ?? ""}`}
    >
      <Show when={local.pending}>
        <span class="h-3.5 w-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden="true" />
      </Show>
      {local.pending && local.pendingText ? local.pendingText : local.children}
    </button>
  );
}

export function TextField(
  props: JSX.InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; error?: string | null; hint?: JSX.Element },
) {
  const [local, rest] = splitProps(props, ["label", "error", "hint", "id", "class"]);
  const id = () => local.id ?? `field-${props.name}`;
  // Resolve JSX props once: reading them twice would build the elements twice and break hydration.
  const hint = children(() => local.hint);
  return (
    <div class={`flex flex-col gap-1 ${local.class ?? ""}`}>
      <label for={id()} class="text-sm font-medium">
        {local.label}
      </label>
      <input
        {...rest}
        id={id()}
        aria-invalid={local.error ? "true" : undefined}
        aria-describedby={[local.error ? `${id()}-error` : "", hint() ? `${id()}-hint` : ""].filter(Boolean).join(" ") || undefined}
        class="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-blue-600 aria-[invalid=true]:border-red-600 disabled:bg-slate-100 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
      />
      <Show when={hint()}>
        <p id={`${id()}-hint`} class="text-xs text-slate-600 dark:text-slate-400">
          {hint()}
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

export function Alert(props: { kind?: "error" | "success" | "info"; title?: string; children: JSX.Element }) {
  const styles = {
    error: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
    success: "border-green-300 bg-green-50 text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100",
    info: "border-blue-300 bg-blue-50 text-blue-900 dark:border-blue-800 dark:bg-blue-950 dark:text-blue-100",
  };
  return (
    <div role={props.kind === "error" ? "alert" : "status"} class={`rounded-md border px-4 py-3 text-sm ${styles[props.kind ?? "info"]}`}>
      <Show when={props.title}>
        <p class="font-semibold">{props.title}</p>
      </Show>
      <div>{props.children}</div>
    </div>
  );
}

export function Card(props: { children: JSX.Element; class?: string }) {
  return <div class={`rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900 ${props.class ?? ""}`}>{props.children}</div>;
}

/** A centred single-card page (sign in, sign up, errors). */
export function NarrowPage(props: { title: string; children: JSX.Element; footer?: JSX.Element }) {
  const footer = children(() => props.footer);
  return (
    <main class="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-12">
      <a href="/" class="mb-6 text-center text-lg font-bold tracking-tight text-blue-800 dark:text-blue-300">
        CoRATES
      </a>
      <Card>
        <h1 class="mb-4 text-xl font-semibold">{props.title}</h1>
        {props.children}
      </Card>
      <Show when={footer()}>
        <div class="mt-4 text-center text-sm text-slate-600 dark:text-slate-400">{footer()}</div>
      </Show>
    </main>
  );
}

export const linkClass = "font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-300";
