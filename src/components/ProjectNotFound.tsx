import { A } from "@solidjs/router";
import { Title } from "~/components/Head";
import { HttpStatusCode } from "@solidjs/start";
import { Card, linkClass } from "./ui";

/**
 * Shown for a project that does not exist, belongs to another org, or that the person may not see: the same words for
 * all three, so an id reveals nothing. Always with a way back to the org's project list. Answers 404 (pages render in
 * async mode, so the status can still be set after the D1 read that decides it).
 */
export function ProjectNotFound(props: { slug: string }) {
  return (
    <Card class="mx-auto max-w-lg text-center">
      <Title>Project not found · CoRATES</Title>
      <HttpStatusCode code={404} />
      <h1 class="text-xl font-semibold">Project not found</h1>
      <p class="mt-2 text-slate-600 dark:text-slate-400">
        There is no project at this address that you can open. It may have been deleted, or you may not be a member of it.
      </p>
      <p class="mt-4 flex justify-center gap-4">
        <A href={`/orgs/${props.slug}`} class={linkClass}>
          Back to the projects
        </A>
      </p>
    </Card>
  );
}
