/**
 * An avatar's or a workspace logo's section as the page first shows it: the current picture and one button. The upload
 * form (PictureUpload) downloads on use, so the page's first load carries none of it.
 */
import { createSignal, Show, type JSX } from "solid-js";
import { onUse } from "~/lib/on-use";
import { Alert, Button, Card } from "./ui";
import { UNREACHABLE } from "~/lib/messages";

export function PictureSection(props: {
  id: string;
  title: string;
  description: string;
  /** The picture as it is now (an Avatar, an OrgLogo). */
  preview: JSX.Element;
  /** The API route that takes the picture (POST) and removes it (DELETE). */
  endpoint: string;
  hasPicture: boolean;
  /** "picture" or "logo", in the buttons and messages. */
  noun: string;
  /** Reloads what shows the picture (the page, the header). */
  onChanged: () => Promise<void>;
}) {
  const upload = onUse(() => import("./PictureUpload"));
  const [open, setOpen] = createSignal(false);
  let trigger: HTMLButtonElement | undefined;
  return (
    <Card>
      <section aria-labelledby={props.id} data-testid={props.id} class="flex flex-col gap-4">
        <h2 id={props.id} class="text-lg font-semibold">
          {props.title}
        </h2>
        <div class="flex min-w-0 items-center gap-4">
          {props.preview}
          <p class="min-w-0 text-sm text-muted">{props.description}</p>
        </div>
        <Show when={upload.failed()}>
          <Alert kind="error">{UNREACHABLE}</Alert>
        </Show>
        <Show
          when={open() && upload.loaded()}
          fallback={
            <div>
              <Button ref={trigger} type="button" variant="secondary" disabled={!upload.ready()} pending={upload.loading()} {...upload.intent} onClick={() => upload.use(() => setOpen(true))}>
                {props.hasPicture ? `Change or remove ${props.noun}` : `Upload a ${props.noun}`}
              </Button>
            </div>
          }
        >
          {(m) => {
            const Upload = m().default;
            return (
              <Upload
                endpoint={props.endpoint}
                hasPicture={props.hasPicture}
                noun={props.noun}
                onChanged={props.onChanged}
                onClose={() => {
                  setOpen(false);
                  trigger?.focus();
                }}
              />
            );
          }}
        </Show>
      </section>
    </Card>
  );
}
