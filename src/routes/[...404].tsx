import { Title } from "~/components/Head";
import { HttpStatusCode } from "@solidjs/start";
import { buttonClass, linkClass, NarrowPage } from "~/components/ui";

export default function NotFound() {
  return (
    <NarrowPage title="Page not found">
      <Title>Page not found · CoRATES</Title>
      <HttpStatusCode code={404} />
      <p class="text-muted">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <div class="mt-5 flex flex-wrap items-center gap-x-4 gap-y-2">
        <a href="/" class={buttonClass("primary")}>
          Go to your workspace
        </a>
        <a href="/signin" class={`${linkClass} inline-flex min-h-11 items-center`}>
          Sign in as someone else
        </a>
      </div>
    </NarrowPage>
  );
}
