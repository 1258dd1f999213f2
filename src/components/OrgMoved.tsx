/**
 * The page of a renamed workspace's old address, on its own: the org pages keep it in the part the browser hydrates
 * with the page (src/lib/take-over.tsx), as it goes to the new address at once.
 */
import { A, useNavigate } from "@solidjs/router";
import { onMount } from "solid-js";
import { Title } from "~/components/Head";
import { cardClass, linkClass } from "./styles";

/**
 * An old address of a renamed workspace (only members get this far): go to the new one at once, and say where it is
 * in case the page's script cannot run.
 */
export function OrgMoved(props: { to: string }) {
  const navigate = useNavigate();
  onMount(() => navigate(props.to, { replace: true }));
  return (
    <div class={`${cardClass} mx-auto max-w-lg text-center`}>
      <Title>Workspace moved · CoRATES</Title>
      <h1 class="text-xl font-semibold">This workspace has a new address</h1>
      <p class="mt-2 text-slate-600 dark:text-slate-400">
        It now lives at{" "}
        <A href={props.to} class={linkClass}>
          {props.to}
        </A>
        . Update your bookmarks.
      </p>
    </div>
  );
}
