import { Title } from "@solidjs/meta";
import { A, createAsync, useParams, type RouteDefinition } from "@solidjs/router";
import { Show } from "solid-js";
import { AppShell } from "~/components/AppShell";
import { OrgNotFound } from "~/components/OrgNotFound";
import { Card } from "~/components/ui";
import { roleLabel } from "~/lib/permissions";
import { getOrgHome } from "~/rpc/orgs";

export const route = { preload: ({ params }) => getOrgHome(params.slug!) } satisfies RouteDefinition;

export default function OrgHome() {
  const params = useParams();
  const org = createAsync(() => getOrgHome(params.slug!));
  return (
    <AppShell currentOrgSlug={params.slug}>
      <Show when={org() !== undefined}>
        <Show when={org()} fallback={<OrgNotFound slug={params.slug!} />}>
          {(o) => (
            <>
              <Title>{o().name} · CoRATES</Title>
              <div class="mb-6 flex flex-wrap items-end justify-between gap-3">
                <div>
                  <h1 class="text-2xl font-semibold" data-testid="org-name">
                    {o().name}
                  </h1>
                  <p class="text-sm text-slate-600 dark:text-slate-400">
                    Your role: <span data-testid="org-role">{roleLabel(o().role)}</span> · {o().memberCount} {o().memberCount === 1 ? "member" : "members"}
                  </p>
                </div>
              </div>
              <Card>
                <h2 class="text-lg font-semibold">Projects</h2>
                <Show
                  when={o().projectCount > 0}
                  fallback={<p class="mt-2 text-slate-600 dark:text-slate-400">This workspace has no projects yet.</p>}
                >
                  <p class="mt-2 text-slate-600 dark:text-slate-400">{o().projectCount} projects.</p>
                </Show>
              </Card>
            </>
          )}
        </Show>
      </Show>
    </AppShell>
  );
}
