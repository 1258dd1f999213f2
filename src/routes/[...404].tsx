import { Title } from "@solidjs/meta";
import { HttpStatusCode } from "@solidjs/start";
import { linkClass, NarrowPage } from "~/components/ui";

export default function NotFound() {
  return (
    <NarrowPage title="Page not found">
      <Title>Page not found · CoRATES</Title>
      <HttpStatusCode code={404} />
      <p class="text-slate-600 dark:text-slate-400">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <p class="mt-4">
        <a href="/" class={linkClass}>
          Go to your workspace
        </a>
      </p>
    </NarrowPage>
  );
}
