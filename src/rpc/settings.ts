/**
 * Server functions behind /orgs/<slug>/settings: read the workspace, rename it or change its address, delete it.
 * The domain layer (src/server/domain/org-settings.ts) decides who may do what, on the current rows, every time.
 */
import { action, redirect } from "@solidjs/router";
import { serverQuery } from "~/lib/query";
import { settingsPath } from "~/lib/page-paths";
import { deleteOrg, nextHomePath, nextHomeQuery, slugSafe, updateOrg } from "~/server/domain/org-writes";
import { AppError } from "~/server/errors";
import { settingsPage, type SettingsOrg, type SettingsPageData } from "~/server/pages/settings";
import { pageQuery } from "~/server/rpc";
import { actionWrite, text } from "~/server/writes/action";
import { checkedFirst, runOrgWrite, withRead } from "~/server/writes/run";
import { getViewer } from "./viewer";

export type { SettingsOrg, SettingsPageData };

/** The settings page's org, or null when it does not exist or the caller is not a member; old slugs lead on. */
export const getSettingsData = serverQuery(async (slug: string): Promise<SettingsPageData | null> => {
  "use server";
  return pageQuery(settingsPage, { slug }, settingsPath(slug));
}, "org-settings-page");


/** Rename and/or change the address. A new address means a new URL: the browser is sent there. */
export const updateOrgAction = action(async (form: FormData) => {
  "use server";
  const before = text(form, "orgSlug") ?? "";
  const result = await actionWrite(settingsPath(before), (ctx, headers) =>
    slugSafe(runOrgWrite(ctx, headers, { slug: before }, () => updateOrg(ctx, { name: text(form, "name"), slug: text(form, "slug") }))),
  );
  if (result.ok && result.data.slug !== before) throw redirect(`${settingsPath(result.data.slug)}?saved=1`, { revalidate: getViewer.key });
  return result;
}, "org-update");

/**
 * Deletes the workspace after the person typed its name (a guard against deleting the wrong one, checked here too so
 * a stale or scripted form cannot skip it). Then they land in their next workspace, or on /orgs/new (read in the same
 * batch), with `?workspaceDeleted=<name>`: that page says, in a lasting message, which workspace was deleted.
 */
export const deleteOrgAction = action(async (form: FormData) => {
  "use server";
  const slug = text(form, "orgSlug") ?? "";
  const result = await actionWrite(settingsPath(slug), (ctx, headers) =>
    runOrgWrite(ctx, headers, { slug }, () => {
      let name = "";
      const op = checkedFirst(deleteOrg(ctx), (actor) => {
        name = actor.org.name;
        if ((text(form, "confirmName") ?? "").trim() !== name) throw AppError.validation({ confirmName: `Type the workspace name exactly as shown: ${name}` });
      });
      return withRead(op, (user, orgId) => nextHomeQuery(ctx, user, orgId), (_, rows) => `${nextHomePath(rows)}?${new URLSearchParams({ workspaceDeleted: name })}`);
    }),
  );
  if (result.ok) throw redirect(result.data, { revalidate: getViewer.key });
  return result;
}, "org-delete");
