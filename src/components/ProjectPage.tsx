/**
 * The body of a project's page (the route, src/routes/orgs/[slug]/projects/[projectId].tsx, reads the data and hands
 * it here; the browser takes this part over on first use, src/lib/take-over.tsx): details, members, invitations and
 * the danger zone, or the not-found pages (a project of another org, one the person may not see and a missing one
 * look the same).
 */
import { Title } from "./Head";
import { A, useSubmission, type Action } from "@solidjs/router";
import { createEffect, Match, on, Switch } from "solid-js";
import { OrgNav } from "./OrgNav";
import { OrgNotFound } from "./OrgNotFound";
import { ProjectDangerZone, ProjectHeader } from "./ProjectDetails";
import { ProjectInvitations } from "./ProjectInvitations";
import { memberRole } from "./ProjectFormBits";
import { ProjectMembers } from "./ProjectMembers";
import { ProjectNotFound } from "./ProjectNotFound";
import { toast } from "./Toaster";
import { linkClass } from "./ui";
import {
  addProjectMemberAction,
  cancelProjectInvitationAction,
  inviteToProjectAction,
  removeProjectMemberAction,
  resendProjectInvitationAction,
  updateProjectAction,
  type CreatedInvitation,
  type Invitation,
  type ProjectMember,
  type ProjectPageOk,
  type ProjectPageData,
} from "~/rpc/projects";
import type { ActionResult } from "~/server/rpc";

export default function ProjectPage(props: { data: ProjectPageData; slug: string }) {
  return (
    <Switch>
      <Match when={props.data?.kind === "org-missing"}>
        <OrgNotFound slug={props.slug} />
      </Match>
      <Match when={props.data?.kind === "project-missing"}>
        <ProjectNotFound slug={props.slug} />
      </Match>
      <Match when={props.data?.kind === "ok" && (props.data as ProjectPageOk)}>{(d) => <Overview data={d()} />}</Match>
    </Switch>
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
