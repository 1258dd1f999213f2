import { Title } from "~/components/Head";
import { Button, buttonClass, NarrowPage } from "./ui";

/**
 * What a person sees when a page fails: a plain message, never internals, and two ways forward. A workspace that
 * requires two-factor (TWO_FACTOR_REQUIRED) says so, and the way forward is the account page where it is turned on.
 */
export function ErrorPage(props: { error: unknown; reset: () => void }) {
  const twoFactor = () => (props.error as { code?: string } | undefined)?.code === "TWO_FACTOR_REQUIRED";
  const message = () => {
    const e = props.error as { code?: string; message?: string } | undefined;
    return e?.code && e.message ? e.message : "Something went wrong on our side. Please try again.";
  };
  return (
    <NarrowPage title={twoFactor() ? "Two-factor authentication required" : "Something went wrong"}>
      <Title>Something went wrong · CoRATES</Title>
      <p role="alert" class="text-muted">
        {message()}
      </p>
      <div class="mt-5 flex flex-wrap items-center gap-3">
        <Button type="button" onClick={() => props.reset()}>
          Try again
        </Button>
        <a href={twoFactor() ? "/account" : "/"} class={buttonClass("secondary")}>
          {twoFactor() ? "Turn on two-factor" : "Go to your workspace"}
        </a>
      </div>
    </NarrowPage>
  );
}
