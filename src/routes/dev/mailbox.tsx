import { Title } from "~/components/Head";
import { createAsync, useSearchParams } from "@solidjs/router";
import { For, Show } from "solid-js";
import { Time } from "~/components/Time";
import { Alert, Button, Card, inputClass, linkClass } from "~/components/ui";
import { getDevEmails } from "~/rpc/dev";

/**
 * Splits a text into plain parts and clickable links (rendered as text nodes: nothing here is parsed as HTML).
 * rel="external" makes the router do a full navigation: most links point at /api/auth endpoints, not pages.
 */
function Linkified(props: { text: string }) {
  const parts = () => props.text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <For each={parts()}>
      {(part) => (/^https?:\/\//.test(part) ? <a href={part} rel="external" class={`${linkClass} break-all`}>{part}</a> : <>{part}</>)}
    </For>
  );
}

export default function DevMailbox() {
  const [search] = useSearchParams();
  const to = () => (typeof search.to === "string" ? search.to : undefined);
  const result = createAsync(() => getDevEmails(to()));
  const emails = () => {
    const r = result();
    return r?.ok ? r.data : undefined;
  };
  const error = () => {
    const r = result();
    return r && !r.ok ? r.error.message : undefined;
  };
  return (
    <main class="mx-auto max-w-3xl px-3 py-6 sm:px-4 sm:py-8">
      <Title>Dev mailbox · CoRATES</Title>
      <h1 class="text-2xl font-semibold tracking-tight">Dev mailbox</h1>
      <p class="mb-4 text-sm text-slate-600 dark:text-slate-400">
        Every email the app sends locally lands here instead of a real inbox. This page does not exist in production.
      </p>
      <form method="get" class="mb-6 flex flex-wrap items-end gap-2" role="search">
        <div class="flex min-w-0 flex-1 basis-48 flex-col gap-1">
          <label for="to" class="text-sm font-medium">
            Recipient
          </label>
          <input id="to" name="to" type="email" value={to() ?? ""} placeholder="all recipients" class={inputClass} />
        </div>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      <Show when={error()}>
        <Alert kind="error">{error()}</Alert>
      </Show>
      <Show when={emails()}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="text-slate-600 dark:text-slate-400">No emails yet.</p>}>
            <ul class="flex flex-col gap-4" aria-label="Emails, newest first">
              <For each={list()}>
                {(mail) => (
                  <li>
                    <Card>
                      <article data-testid="dev-email">
                        <h2 class="font-semibold">{mail.subject}</h2>
                        <p class="text-xs text-slate-500 dark:text-slate-400">
                          To <span class="break-all">{mail.to}</span> · <Time iso={mail.createdAt} />
                        </p>
                        <p class="mt-3 whitespace-pre-wrap text-sm">
                          <Linkified text={mail.text} />
                        </p>
                      </article>
                    </Card>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </main>
  );
}
