/**
 * An avatar's or a workspace logo's section as the page first shows it: the current picture and one button. The upload
 * form (PictureUpload) is downloaded when the button is pressed, so the page's first load carries none of it.
 */
import { createSignal, Show, type Component, type JSX } from "solid-js";
import { Button, Card } from "./ui";
import type { PictureUploadProps } from "./PictureUpload";

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
  const [Panel, setPanel] = createSignal<Component<PictureUploadProps>>();
  const [loading, setLoading] = createSignal(false);
  async function open() {
    setLoading(true);
    const m = await import("./PictureUpload").finally(() => setLoading(false));
    setPanel(() => m.default);
  }
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
        <Show
          when={Panel()}
          fallback={
            <div>
              <Button type="button" variant="secondary" pending={loading()} onClick={open}>
                {props.hasPicture ? `Change or remove ${props.noun}` : `Upload a ${props.noun}`}
              </Button>
            </div>
          }
        >
          {(P) => {
            const Loaded = P();
            return <Loaded endpoint={props.endpoint} hasPicture={props.hasPicture} noun={props.noun} onChanged={props.onChanged} onClose={() => setPanel(undefined)} />;
          }}
        </Show>
      </section>
    </Card>
  );
}
