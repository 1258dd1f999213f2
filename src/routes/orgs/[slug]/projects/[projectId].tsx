/**
 * /orgs/<slug>/projects/<projectId>: a project's overview. A project of another org, one the person may not see and a
 * missing one all show the same not-found page (with a 404 status).
 */
import { Title } from "~/components/Head";
import { A, createAsync, useParams, useSubmission, type Action, type RouteDefinition } from "@solidjs/router";
import { createEffect, Match, on, Switch } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { OrgNav } from "~/components/OrgNav";
import { OrgNotFound } from "~/components/OrgNotFound";
import { ProjectDangerZone, ProjectHeader } from "~/components/ProjectDetails";
import { ProjectInvitations } from "~/components/ProjectInvitations";
import { memberRole } from "~/components/ProjectFormBits";
import { ProjectMembers } from "~/components/ProjectMembers";
import { ProjectNotFound } from "~/components/ProjectNotFound";
import { toast } from "~/components/Toaster";
import { linkClass } from "~/components/ui";
import {
  addProjectMemberAction,
  cancelProjectInvitationAction,
  getProjectPage,
  inviteToProjectAction,
  removeProjectMemberAction,
  resendProjectInvitationAction,
  updateProjectAction,
  type CreatedInvitation,
  type Invitation,
  type ProjectMember,
  type ProjectPageOk,
} from "~/rpc/projects";
import type { ActionResult } from "~/server/rpc";
import { preloadWith } from "~/lib/preload";

export const route = { preload: ({ params }) => preloadWith(() => import("~/rpc/projects"), (m) => m.getProjectPage, params.slug!, params.projectId!) } satisfies RouteDefinition;

export default function ProjectPage() {
  const params = useParams();
  // deferStream: the 404 status and the sign-in redirect can only be set before the page starts streaming.
  const data = createAsync(() => getProjectPage(params.slug!, params.projectId!), { deferStream: true });
  return (
    <AppShell currentOrgSlug={params.slug}>
      <Switch>
        <Match when={data()?.kind === "org-missing"}>
          <OrgNotFound slug={params.slug!} />
        </Match>
        <Match when={data()?.kind === "project-missing"}>
          <ProjectNotFound slug={params.slug!} />
        </Match>
        <Match when={data()?.kind === "ok" && (data() as ProjectPageOk)}>{(d) => <Overview data={d()} />}</Match>
      </Switch>
    </AppShell>
  );
}

function Overview(props: { data: ProjectPageOk }) {
  useNotices();
  return (
    <>
      <Title>
        {props.data.project.name} · {props.data.org.name} · CoRATES
      </Title>
      <OrgNav slug={props.data.org.slug} role={props.data.org.role} />
      <nav aria-label="Breadcrumb" class="mb-3 text-sm" data-testid="breadcrumb">
        <ol class="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
          <li class="min-w-0">
            <A href={`/orgs/${props.data.org.slug}`} class={`${linkClass} inline-flex min-h-11 items-center [overflow-wrap:anywhere] sm:min-h-0`}>
              {props.data.org.name}
            </A>
          </li>
          <li aria-hidden="true" class="text-slate-400">
            ›
          </li>
          <li class="min-w-0">
            <span aria-current="page" class="[overflow-wrap:anywhere] text-slate-700 dark:text-slate-300">
              {props.data.project.name}
            </span>
          </li>
        </ol>
      </nav>
      <ProjectHeader data={props.data} />
      <div class="flex flex-col gap-6">
        <ProjectMembers data={props.data} />
        <ProjectInvitations data={props.data} />
        <ProjectDangerZone data={props.data} />
      </div>
    </>
  );
}

type Form = FormData | URLSearchParams;
const field = (form: Form | undefined, key: string) => String(form?.get(key) ?? "");

/**
 * One toast per finished action. Role changes toast from their row (with Undo); the invite form also shows the
 * new link, so its toast is short.
 */
function useNotices() {
  function on_<T>(action: Action<[FormData], ActionResult<T>>, message: (data: T, form: Form | undefined) => string) {
    const submission = useSubmission(action);
    // Each finished submission toasts once, even if the router hands the same result back after a revalidation.
    const shown = new WeakSet<object>();
    createEffect(
      on(
        () => submission.result,
        (r) => {
          const form = submission.input?.[0] as Form | undefined;
          const key: object = form ?? r ?? {};
          if (!r?.ok || shown.has(key)) return;
          shown.add(key);
          toast(message(r.data, form));
        },
        { defer: true },
      ),
    );
  }
  on_(updateProjectAction, () => "Project details saved.");
  on_(addProjectMemberAction, (m: ProjectMember) => `${m.name} was added as ${memberRole(m.role)}.`);
  on_(removeProjectMemberAction, (_, form) => `${field(form, "name")} was removed from the project.`);
  on_(inviteToProjectAction, (inv: CreatedInvitation) =>
    inv.replaced ? `Invitation to ${inv.email} updated and sent again. The earlier link no longer works.` : `Invitation sent to ${inv.email}.`,
  );
  on_(resendProjectInvitationAction, (inv: Invitation) => `Invitation sent again to ${inv.email}. The earlier link no longer works.`);
  on_(cancelProjectInvitationAction, (inv: Invitation) => `The invitation to ${inv.email} was cancelled.`);
}
