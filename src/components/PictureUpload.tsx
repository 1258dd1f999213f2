/**
 * The upload form of an avatar or a workspace logo, loaded on use (PictureSection). The file goes to the API as the
 * raw request body; the size and type are checked here first only to answer at once, the server checks the bytes.
 */
import { createSignal, createUniqueId, onMount, Show } from "solid-js";
import { IMAGE_MEDIA_TYPES, MAX_IMAGE_BYTES } from "~/lib/image-limits";
import { Alert, Button } from "./ui";
import { UNREACHABLE } from "~/lib/messages";

export interface PictureUploadProps {
  endpoint: string;
  hasPicture: boolean;
  noun: string;
  onChanged: () => Promise<void>;
  onClose: () => void;
}

type Notice = { kind: "success" | "error"; text: string } | null;

/** The API's error message, or a general one when the answer is not ours (a proxy's page, the network). */
async function failure(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    /* not JSON */
  }
  return "The picture could not be saved. Please try again.";
}

export default function PictureUpload(props: PictureUploadProps) {
  const inputId = createUniqueId();
  const [pending, setPending] = createSignal<"upload" | "remove" | null>(null);
  const [notice, setNotice] = createSignal<Notice>(null);
  let input: HTMLInputElement | undefined;
  // Opened from the section's button: keyboard users continue in the form.
  onMount(() => input?.focus());

  async function send(method: "POST" | "DELETE", body?: File) {
    setPending(method === "POST" ? "upload" : "remove");
    setNotice(null);
    try {
      const res = await fetch(props.endpoint, { method, body, headers: body ? { "content-type": body.type || "application/octet-stream" } : undefined });
      if (!res.ok) return setNotice({ kind: "error", text: await failure(res) });
      await props.onChanged();
      if (input) input.value = "";
      setNotice({ kind: "success", text: method === "POST" ? `Your new ${props.noun} was saved.` : `The ${props.noun} was removed.` });
    } catch {
      setNotice({ kind: "error", text: UNREACHABLE });
    } finally {
      setPending(null);
    }
  }

  function upload(e: SubmitEvent) {
    e.preventDefault();
    const file = input?.files?.[0];
    if (!file) return setNotice({ kind: "error", text: `Choose a ${props.noun} first.` });
    if (file.size > MAX_IMAGE_BYTES) return setNotice({ kind: "error", text: "That picture is larger than 2 MB. Choose a smaller one." });
    void send("POST", file);
  }

  return (
    <form class="flex flex-col gap-3" onSubmit={upload} data-testid="picture-upload">
      <label for={inputId} class="text-sm font-medium">
        PNG, JPEG or WebP, at most 2 MB
      </label>
      <input
        ref={input}
        id={inputId}
        name="picture"
        type="file"
        accept={IMAGE_MEDIA_TYPES.join(",")}
        class="block w-full min-w-0 text-sm file:mr-3 file:min-h-11 file:rounded-md file:border file:border-line file:bg-subtle file:px-3 file:text-sm file:text-ink"
      />
      <div role="status" aria-live="polite">
        <Show when={notice()}>{(n) => <Alert kind={n().kind}>{n().text}</Alert>}</Show>
      </div>
      <div class="flex flex-wrap gap-2">
        <Button type="submit" pending={pending() === "upload"} disabled={pending() !== null}>
          Upload
        </Button>
        <Show when={props.hasPicture}>
          <Button type="button" variant="secondary" pending={pending() === "remove"} disabled={pending() !== null} onClick={() => void send("DELETE")}>
            Remove {props.noun}
          </Button>
        </Show>
        <Button type="button" variant="ghost" onClick={() => props.onClose()}>
          Close
        </Button>
      </div>
    </form>
  );
}
