/**
 * Server functions behind /orgs/<slug>/settings: read the workspace, rename it or change its address, delete it.
 * The domain layer (src/server/domain/org-settings.ts) decides who may do what, on the current rows, every time.
 */
import { action, redirect } from "@solidjs/router";
import { serverQuery } from "~/lib/query";
import type { AppContext } from "~/server/context";
import { requireOrgMember } from "~/server/domain/access";
import type { Actor } from "~/server/domain/members";
import { settingsPath } from "~/lib/page-paths";
import { settingsPage, type SettingsOrg, type SettingsPageData } from "~/server/pages/settings";
import { deleteOrg, updateOrg } from "~/server/domain/org-settings";
import { homeOrgSlug } from "~/server/domain/orgs";
import { AppError } from "~/server/errors";
import { asResult, pageQuery, withUser } from "~/server/rpc";
import { getViewer } from "./viewer";

export type { SettingsOrg, SettingsPageData };

/** The settings page's org, or null when it does not exist or the caller is not a member; old slugs lead on. */
export const getSettingsData = serverQuery(async (slug: string): Promise<SettingsPageData | null> => {
  "use server";
  return pageQuery(settingsPage, { slug }, settingsPath(slug));
}, "org-settings-page");

function text(form: FormData, key: string): string | undefined {
  const v = form.get(key);
  return typeof v === "string" ? v : undefined;
}

/** After deleting: what "/" would pick (active or last used workspace, else /orgs/new), decided here (see members.ts). */
async function nextHome(ctx: AppContext, userId: string): Promise<string> {
  const slug = await homeOrgSlug(ctx, userId, null);
  return slug ? `/orgs/${slug}` : "/orgs/new";
}

/** Runs a write for the caller in the org of the form's `orgSlug`; errors become a result the form shows. */
function settingsWrite<T>(form: FormData, fn: (ctx: AppContext, actor: Actor, org: { id: string; name: string }) => Promise<T>) {
  const slug = text(form, "orgSlug") ?? "";
  return withUser(settingsPath(slug), async ({ ctx, session }) =>
    asResult(async () => {
      const m = await requireOrgMember(ctx, session.user.id, { slug });
      return fn(ctx, { id: session.user.id, name: session.user.name }, { id: m.org.id, name: m.org.name });
    }),
  );
}

/** Rename and/or change the address. A new address means a new URL: the browser is sent there. */
export const updateOrgAction = action(async (form: FormData) => {
  "use server";
  const before = text(form, "orgSlug") ?? "";
  const result = await settingsWrite(form, (ctx, actor, org) => updateOrg(ctx, actor, org.id, { name: text(form, "name"), slug: text(form, "slug") }));
  if (result.ok && result.data.slug !== before) throw redirect(`${settingsPath(result.data.slug)}?saved=1`, { revalidate: getViewer.key });
  return result;
}, "org-update");

/**
 * Deletes the workspace after the person typed its name (a guard against deleting the wrong one, checked here too so
 * a stale or scripted form cannot skip it). Then they land in their next workspace, or on /orgs/new, with
 * `?workspaceDeleted=<name>`: that page says, in a lasting message, which workspace was deleted.
 */
export const deleteOrgAction = action(async (form: FormData) => {
  "use server";
  return settingsWrite(form, async (ctx, actor, org) => {
    if ((text(form, "confirmName") ?? "").trim() !== org.name) {
      throw AppError.validation({ confirmName: `Type the workspace name exactly as shown: ${org.name}` });
    }
    await deleteOrg(ctx, actor, org.id);
    throw redirect(`${await nextHome(ctx, actor.id)}?${new URLSearchParams({ workspaceDeleted: org.name })}`, { revalidate: getViewer.key });
  });
}, "org-delete");
