import { Title } from "@solidjs/meta";
import { lazy, Show } from "solid-js";
import { Button, buttonClass, NarrowPage } from "./ui";

const TwoFactorRequired = lazy(() => import("./TwoFactorRequired"));

/** What a person sees when a page fails: a plain message, never internals, and two ways forward. */
export function ErrorPage(props: { error: unknown; reset: () => void }) {
  const message = () => {
    const e = props.error as { code?: string; message?: string } | undefined;
    return e?.code && e.message ? e.message : "Something went wrong on our side. Please try again.";
  };
  const twoFactor = () => (props.error as { code?: string } | undefined)?.code === "TWO_FACTOR_REQUIRED";
  return (
    <Show when={!twoFactor()} fallback={<TwoFactorRequired />}>
      <NarrowPage title="Something went wrong">
        <Title>Something went wrong · CoRATES</Title>
        <p role="alert" class="text-muted">
          {message()}
        </p>
        <div class="mt-5 flex flex-wrap items-center gap-3">
          <Button type="button" onClick={() => props.reset()}>
            Try again
          </Button>
          <a href="/" class={buttonClass("secondary")}>
            Go to your workspace
          </a>
        </div>
      </NarrowPage>
    </Show>
  );
}
