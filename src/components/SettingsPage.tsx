/**
 * The body of /orgs/<slug>/settings (the route, src/routes/orgs/[slug]/settings.tsx, reads the data and hands it here;
 * the browser takes this part over on first use, src/lib/take-over.tsx). A missing org, or one the person may not
 * see, is "not found".
 */
import { Title } from "~/components/Head";
import { A, useSubmission } from "@solidjs/router";
import { Show } from "solid-js";
import { OrgLogoSection } from "./OrgLogoSection";
import { ConfirmDialog } from "./ConfirmDialog";
import { LeaveWorkspace } from "./LeaveWorkspace";
import { initialValue, OrgPageHeader, toastOnSuccess } from "./OrgAdmin";
import { OrgNotFound } from "./OrgNotFound";
import { OrgTwoFactorRule } from "./OrgTwoFactorRule";
import { Alert, Button, Card, linkClass, TextField } from "./ui";
import { plural } from "~/lib/format";
import { canOrg } from "~/lib/permissions";
import { deleteOrgAction, getSettingsData, updateOrgAction, type SettingsOrg } from "~/rpc/settings";

export default function SettingsBody(props: { org: SettingsOrg | null; saved: boolean; slug: string }) {
  return (
    <Show when={props.org} fallback={<OrgNotFound slug={props.slug} />}>
      {(o) => <SettingsPage org={o()} saved={props.saved} />}
    </Show>
  );
}

function SettingsPage(props: { org: SettingsOrg; saved: boolean }) {
  const org = () => props.org;
  toastOnSuccess(updateOrgAction, () => "Workspace settings saved.");

  return (
    <>
      <Title>Settings · {org().name} · CoRATES</Title>
      <OrgPageHeader org={org()} />
      <Show when={props.saved}>
        <div class="mb-4">
          <Alert kind="success">Workspace settings saved. Its address is now /orgs/{org().slug}; old links lead here.</Alert>
        </div>
      </Show>

      <section aria-labelledby="details-heading">
        <h2 id="details-heading" class="mb-3 text-lg font-semibold">
          Workspace details
        </h2>
        <Card class="max-w-xl">
          <Show when={canOrg(org().role, "org.update")} fallback={<ReadOnlyDetails org={org()} />}>
            <DetailsForm org={org()} />
          </Show>
        </Card>
      </section>

      {/* Shown at first paint (the current logo and its buttons); the upload form itself loads on use. */}
      <Show when={canOrg(org().role, "org.logo")}>
        <OrgLogoSection org={org()} revalidateKey={getSettingsData.key} />
      </Show>

      <OrgTwoFactorRule org={org()} revalidateKey={getSettingsData.key} />

      <LeaveWorkspace org={org()} ownerCount={org().ownerCount} />

      <Show when={canOrg(org().role, "org.delete")}>
        <section aria-labelledby="delete-heading" class="mt-10 rounded-lg border border-red-300 p-6 dark:border-red-900">
          <h2 id="delete-heading" class="text-lg font-semibold text-red-800 dark:text-red-300">
            Delete workspace
          </h2>
          <p class="mt-1 mb-3 text-sm text-slate-700 dark:text-slate-300">
            Deleting {org().name} removes its {plural(org().projectCount, "project")}, {plural(org().memberCount, "membership")},
            pending invitations and activity log, for everyone. This cannot be undone.
          </p>
          <ConfirmDialog
            trigger="Delete workspace"
            triggerVariant="danger"
            triggerClass="min-h-11"
            title={`Delete ${org().name}?`}
            confirm="Delete workspace"
            pendingText="Deleting…"
            action={deleteOrgAction}
            fields={{ orgSlug: org().slug }}
            typeToConfirm={{ label: `Type the workspace name, ${org().name}, to confirm`, expected: org().name, name: "confirmName" }}
          >
            <p>
              This deletes {org().name} with its {plural(org().projectCount, "project")} and removes{" "}
              {org().memberCount === 1 ? "its only member" : `all ${plural(org().memberCount, "member")}`} from it. This cannot be undone.
            </p>
          </ConfirmDialog>
        </section>
      </Show>
    </>
  );
}

function ReadOnlyDetails(props: { org: SettingsOrg }) {
  return (
    <>
      <dl class="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        <dt class="font-medium">Name</dt>
        <dd class="break-words">{props.org.name}</dd>
        <dt class="font-medium">Address</dt>
        <dd>/orgs/{props.org.slug}</dd>
      </dl>
      <p class="mt-4 text-sm text-slate-600 dark:text-slate-400">
        Only admins and owners can change these settings. See who they are on the{" "}
        <A href={`/orgs/${props.org.slug}/members`} class={linkClass}>
          Members page
        </A>
        .
      </p>
    </>
  );
}

function DetailsForm(props: { org: SettingsOrg }) {
  const submission = useSubmission(updateOrgAction);
  const failure = () => (submission.result && !submission.result.ok ? submission.result.error : null);
  const fields = () => failure()?.fields ?? {};
  const formError = () => (failure() && !failure()!.fields ? failure()!.message : null);
  return (
    <form action={updateOrgAction} method="post" class="flex flex-col gap-4" novalidate>
      <input type="hidden" name="orgSlug" value={props.org.slug} />
      <Show when={formError()}>
        <Alert kind="error">{formError()}</Alert>
      </Show>
      <TextField label="Name" name="name" required maxLength={100} autocomplete="organization" {...initialValue(props.org.name)} error={fields().name} />
      <TextField
        label="Address"
        name="slug"
        required
        maxLength={48}
        autocomplete="off"
        spellcheck={false}
        {...initialValue(props.org.slug)}
        error={fields().slug}
        hint="The workspace lives at /orgs/<address>. Lowercase letters, digits and dashes. After a change, old links lead members to the new address."
      />
      <div>
        <Button type="submit" class="min-h-11" pending={submission.pending} pendingText="Saving…">
          Save changes
        </Button>
      </div>
    </form>
  );
}
