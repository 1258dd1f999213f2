import { A } from "@solidjs/router";
import { Title } from "~/components/Head";
import { HttpStatusCode } from "@solidjs/start";
import { Card, linkClass } from "./ui";

/** Shown for an org that does not exist or that the person may not see: the same words for both, with ways forward. */
export function OrgNotFound(props: { slug: string }) {
  return (
    <Card class="mx-auto max-w-lg text-center">
      <Title>Workspace not found · CoRATES</Title>
      <HttpStatusCode code={404} />
      <h1 class="text-xl font-semibold">Workspace not found</h1>
      <p class="mt-2 text-slate-600 dark:text-slate-400">
        There is no workspace at /orgs/{props.slug} that you can open. It may have been renamed or deleted, or you may not be a member.
      </p>
      <p class="mt-4 flex justify-center gap-4">
        <A href="/" class={linkClass}>
          Go to your workspace
        </A>
        <A href="/orgs/new" class={linkClass}>
          Create a workspace
        </A>
      </p>
    </Card>
  );
}
