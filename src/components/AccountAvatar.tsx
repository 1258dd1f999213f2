/**
 * /account's avatar section: the picture the header and member lists show (read with the header's own query, so no
 * extra read), and its upload form, loaded on use.
 */
import { createAsync, revalidate } from "@solidjs/router";
import { Show } from "solid-js";
import { getViewer } from "~/rpc/viewer";
import { Avatar } from "./Avatar";
import { PictureSection } from "./PictureSection";

export function AccountAvatar() {
  const viewer = createAsync(() => getViewer());
  return (
    <Show when={viewer()}>
      {(v) => (
        <PictureSection
          id="account-avatar"
          title="Profile picture"
          description={v().user.image ? "Shown beside your name in the header, member lists and activity." : "Your initials are shown until you upload a picture."}
          preview={<Avatar name={v().user.name} id={v().user.id} email={v().user.email} image={v().user.image} size="lg" />}
          endpoint="/api/me/avatar"
          hasPicture={!!v().user.image}
          noun="picture"
          onChanged={() => revalidate(getViewer.key)}
        />
      )}
    </Show>
  );
}
