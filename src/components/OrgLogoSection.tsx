/** The workspace logo on /orgs/<slug>/settings (owners and admins: "org.logo"), with its lazily loaded upload form. */
import { revalidate } from "@solidjs/router";
import { getViewer } from "~/rpc/viewer";
import { OrgLogo } from "./OrgLogo";
import { PictureSection } from "./PictureSection";

export function OrgLogoSection(props: { org: { id: string; name: string; logo?: string | null }; revalidateKey: string }) {
  return (
    <div class="mt-10 max-w-xl">
      <PictureSection
        id="org-logo"
        title="Workspace logo"
        description={props.org.logo ? "Shown in the workspace switcher, on invitations and in invitation emails." : "No logo yet: the switcher and invitations show the name alone."}
        preview={
          <span class="flex h-12 w-12 shrink-0 items-center justify-center rounded border border-dashed border-line">
            <OrgLogo logo={props.org.logo} size="lg" />
          </span>
        }
        endpoint={`/api/orgs/${encodeURIComponent(props.org.id)}/logo`}
        hasPicture={!!props.org.logo}
        noun="logo"
        // The switcher in the header shows it too.
        onChanged={() => revalidate([props.revalidateKey, getViewer.key])}
      />
    </div>
  );
}
