/** /admin's "What admins did": the latest bans, lifted bans and hand-overs, with a link to the full log as JSON. */
import { For } from "solid-js";
import type { AdminPageData } from "~/rpc/admin";
import { Time } from "./Time";
import { linkClass } from "./ui";

type Ok = Extract<AdminPageData, { kind: "ok" }>;

export function AdminAudit(props: { items: Ok["audit"] }) {
  const words = { "user.ban": "banned", "user.unban": "lifted the ban of", "org.transfer": "handed over" } as const;
  return (
    <section aria-labelledby="audit-heading" class="mt-8">
      <h2 id="audit-heading" class="mb-2 text-lg font-semibold">
        What admins did
      </h2>
      <ul class="divide-y divide-line rounded-md border border-line text-sm" data-testid="admin-audit">
        <For each={props.items} fallback={<li class="p-3 text-muted">Nothing yet.</li>}>
          {(a) => (
            <li class="p-3 break-words">
              {a.actorName} {words[a.action]} {a.targetLabel}
              {a.action === "user.ban" && a.data?.reason ? `: ${String(a.data.reason)}` : ""}
              {a.action === "org.transfer" && a.data?.toName ? ` to ${String(a.data.toName)}` : ""} · <Time iso={a.createdAt} />
            </li>
          )}
        </For>
      </ul>
      <p class="mt-2 text-sm">
        <a href="/api/admin/audit" class={linkClass}>
          Full log (JSON)
        </a>
      </p>
    </section>
  );
}
