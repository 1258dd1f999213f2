/**
 * /orgs/<slug>/projects/<projectId>: a project's overview. A project of another org, one the person may not see and a
 * missing one all show the same not-found page (with a 404 status).
 */
import { Title } from "@solidjs/meta";
import { A, createAsync, useParams, useSubmission, type Action, type RouteDefinition } from "@solidjs/router";
import { createEffect, createSignal, Match, on, onCleanup, Switch } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { OrgNav } from "~/components/OrgNav";
import { OrgNotFound } from "~/components/OrgNotFound";
import { ProjectDangerZone, ProjectHeader } from "~/components/ProjectDetails";
import { ProjectInvitations } from "~/components/ProjectInvitations";
import { ProjectMembers } from "~/components/ProjectMembers";
import { ProjectNotFound } from "~/components/ProjectNotFound";
import { linkClass } from "~/components/ui";
import {
  addProjectMemberAction,
  cancelProjectInvitationAction,
  changeProjectRoleAction,
  getProjectPage,
  inviteToProjectAction,
  removeProjectMemberAction,
  resendProjectInvitationAction,
  updateProjectAction,
  type Invitation,
  type ProjectMember,
  type ProjectPageOk,
} from "~/rpc/projects";
import type { ActionResult } from "~/server/rpc";

export const route = { preload: ({ params }) => getProjectPage(params.slug!, params.projectId!) } satisfies RouteDefinition;

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
  const notice = useNotices();
  return (
    <>
      <Title>
        {props.data.project.name} · {props.data.org.name} · CoRATES
      </Title>
      <OrgNav slug={props.data.org.slug} role={props.data.org.role} />
      <p class="mb-3 text-sm">
        <A href={`/orgs/${props.data.org.slug}`} class={linkClass}>
          ← All projects
        </A>
      </p>
      <ProjectHeader data={props.data} />
      <div class="flex flex-col gap-6">
        <ProjectMembers data={props.data} />
        <ProjectInvitations data={props.data} />
        <ProjectDangerZone data={props.data} />
      </div>
      {/* Always present, so screen readers announce each new message. */}
      <div
        role="status"
        aria-live="polite"
        data-testid="project-notice"
        class="fixed bottom-4 left-1/2 z-30 -translate-x-1/2 rounded-md bg-slate-900 px-4 py-2 text-sm text-white shadow-lg empty:hidden dark:bg-slate-100 dark:text-slate-900"
      >
        {notice()}
      </div>
    </>
  );
}

type Form = FormData | URLSearchParams;
const field = (form: Form | undefined, key: string) => String(form?.get(key) ?? "");
const memberRole = (m: ProjectMember) => (m.role === "owner" ? "an owner" : "a member");

/** One short message per finished action, shown in the page's live region for a few seconds. */
function useNotices() {
  const [text, setText] = createSignal("");
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const show = (message: string) => {
    clearTimeout(timer);
    // Empty first, so the same message twice in a row is announced twice.
    setText("");
    queueMicrotask(() => setText(message));
    timer = setTimeout(() => setText(""), 6000);
  };
  function on_<T>(action: Action<[FormData], ActionResult<T>>, message: (data: T, form: Form | undefined) => string) {
    const submission = useSubmission(action);
    createEffect(
      on(
        () => submission.result,
        (r) => {
          if (r?.ok) show(message(r.data, submission.input?.[0] as Form | undefined));
        },
        { defer: true },
      ),
    );
  }
  on_(updateProjectAction, () => "Project details saved.");
  on_(addProjectMemberAction, (m) => `${m.name} was added as ${memberRole(m)}.`);
  on_(changeProjectRoleAction, (m) => `${m.name} is now ${memberRole(m)} of the project.`);
  on_(removeProjectMemberAction, (_, form) => `${field(form, "name")} was removed from the project.`);
  on_(inviteToProjectAction, (inv: Invitation) => `Invitation sent to ${inv.email}.`);
  on_(resendProjectInvitationAction, (inv: Invitation) => `Invitation sent again to ${inv.email}.`);
  on_(cancelProjectInvitationAction, (inv: Invitation) => `The invitation to ${inv.email} was cancelled.`);
  return text;
}
