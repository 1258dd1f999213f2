/** The few building blocks every page uses, so forms look and behave (labels, errors, pending) the same everywhere. */
import { children, type JSX, Show, splitProps } from "solid-js";
import { Logo } from "./Logo";
import { CircleAlert, CircleCheck, Info } from "./icons";
import { cardClass, linkClass } from "./styles";

const buttonStyles = {
  primary: "bg-accent text-white shadow-sm hover:bg-accent-hover disabled:opacity-60",
  secondary: "border border-line-strong bg-surface text-ink shadow-xs hover:bg-subtle disabled:opacity-60",
  danger: "bg-red-700 text-white shadow-sm hover:bg-red-800 disabled:opacity-60",
  ghost: "text-ink hover:bg-subtle disabled:opacity-60",
} as const;

/** Shared look of a button, for links that act as one (`<A class={buttonClass("secondary")}>`). */
export function buttonClass(variant: keyof typeof buttonStyles = "primary"): string {
  return `inline-flex min-h-11 min-w-11 items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium transition-colors duration-150 disabled:cursor-not-allowed ${buttonStyles[variant]}`;
}

export function Button(props: JSX.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof buttonStyles; pending?: boolean; pendingText?: string }) {
  const [local, rest] = splitProps(props, ["variant", "pending", "pendingText", "class", "children", "disabled"]);
  return (
    <button {...rest} disabled={local.disabled || local.pending} aria-busy={local.pending ? "true" : undefined} class={`${buttonClass(local.variant)} ${local.class ?? ""}`}>
      <Show when={local.pending}>
        <span class="h-3.5 w-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden="true" />
      </Show>
      {local.pending && local.pendingText ? local.pendingText : local.children}
    </button>
  );
}

export const inputClass =
  "min-h-11 w-full min-w-0 rounded-md border border-line-strong bg-surface px-3 py-2 text-base text-ink shadow-xs placeholder:text-slate-400 focus:border-blue-600 focus:outline-2 focus:outline-offset-0 focus:outline-blue-600/30 aria-[invalid=true]:border-red-600 disabled:bg-subtle disabled:text-muted sm:text-sm dark:placeholder:text-slate-500";

export function TextField(
  props: JSX.InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; error?: string | null; hint?: JSX.Element },
) {
  const [local, rest] = splitProps(props, ["label", "error", "hint", "id", "class"]);
  const id = () => local.id ?? `field-${props.name}`;
  // Resolve JSX props once: reading them twice would build the elements twice and break hydration.
  const hint = children(() => local.hint);
  return (
    <div class={`flex min-w-0 flex-col gap-1.5 ${local.class ?? ""}`}>
      <label for={id()} class="text-sm font-medium text-ink">
        {local.label}
      </label>
      <input
        {...rest}
        id={id()}
        aria-invalid={local.error ? "true" : undefined}
        aria-describedby={[local.error ? `${id()}-error` : "", hint() && !(local.error && typeof local.hint === "string") ? `${id()}-hint` : ""].filter(Boolean).join(" ") || undefined}
        class={inputClass}
      />
      {/* A plain-text hint gives way to the error, which says the same thing more pointedly ("Use at least 8
          characters." after "At least 8 characters."); a hint with links or live text stays. */}
      <Show when={hint() && !(local.error && typeof local.hint === "string")}>
        <p id={`${id()}-hint`} class="text-xs text-muted">
          {hint()}
        </p>
      </Show>
      <Show when={local.error}>
        <p id={`${id()}-error`} class="flex items-start gap-1.5 text-sm text-red-700 dark:text-red-400">
          <CircleAlert class="mt-0.5 h-4 w-4 shrink-0" aria-hidden="true" />
          <span>{local.error}</span>
        </p>
      </Show>
    </div>
  );
}

export function Alert(props: { kind?: "error" | "success" | "info"; title?: string; children: JSX.Element }) {
  const styles = {
    error: "border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/60 dark:text-red-100",
    success: "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-100",
    info: "border-blue-200 bg-blue-50 text-blue-950 dark:border-blue-900 dark:bg-blue-950/60 dark:text-blue-50",
  };
  const icons = { error: CircleAlert, success: CircleCheck, info: Info };
  const kind = () => props.kind ?? "info";
  const Icon = icons[kind()];
  return (
    <div role={props.kind === "error" ? "alert" : "status"} class={`flex gap-3 rounded-md border px-4 py-3 text-sm ${styles[kind()]}`}>
      <Icon class="mt-0.5 h-4 w-4 shrink-0" aria-hidden="true" />
      <div class="min-w-0 flex-1">
        <Show when={props.title}>
          <p class="font-semibold">{props.title}</p>
        </Show>
        <div>{props.children}</div>
      </div>
    </div>
  );
}

export function Card(props: { children: JSX.Element; class?: string }) {
  return <div class={`${cardClass} ${props.class ?? ""}`}>{props.children}</div>;
}

/** A centred single-card page (sign in, sign up, errors). */
export function NarrowPage(props: { title: string; children: JSX.Element; footer?: JSX.Element }) {
  const footer = children(() => props.footer);
  return (
    <main class="mx-auto flex min-h-dvh w-full max-w-md flex-col justify-center px-3 py-8 sm:px-4 sm:py-12">
      <div class="mb-6 flex justify-center">
        <Logo />
      </div>
      <Card>
        <h1 class="mb-4 text-xl font-semibold tracking-tight">{props.title}</h1>
        {props.children}
      </Card>
      <Show when={footer()}>
        <div class="mt-4 text-center text-sm text-muted">{footer()}</div>
      </Show>
    </main>
  );
}

export { linkClass };

/**
 * The initial text of an uncontrolled input, as its HTML `value` attribute: Solid then never writes the live value,
 * so text typed before the page hydrates survives (see src/routes/orgs/new.tsx). Spread it: `{...initialValue(v)}`.
 */
export function initialValue(value: string): object {
  return { "attr:value": value };
}
