import { Title } from "@solidjs/meta";
import { Button, linkClass, NarrowPage } from "./ui";

/** What a person sees when a page fails: a plain message, never internals, and two ways forward. */
export function ErrorPage(props: { error: unknown; reset: () => void }) {
  const message = () => {
    const e = props.error as { code?: string; message?: string } | undefined;
    return e?.code && e.message ? e.message : "Something went wrong on our side. Please try again.";
  };
  return (
    <NarrowPage title="Something went wrong">
      <Title>Something went wrong · CoRATES</Title>
      <p role="alert" class="text-slate-700 dark:text-slate-300">
        {message()}
      </p>
      <div class="mt-4 flex items-center gap-4">
        <Button type="button" onClick={() => props.reset()}>
          Try again
        </Button>
        <a href="/" class={linkClass}>
          Go to your workspace
        </a>
      </div>
    </NarrowPage>
  );
}
