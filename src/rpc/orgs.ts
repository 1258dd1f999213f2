/** Server functions behind the workspace pages; each re-checks the session and membership (src/server/domain). */
import { action, redirect } from "@solidjs/router";
import { serverQuery } from "~/lib/query";
import { createOrg, setActiveOrg } from "~/server/domain/org-writes";
import { readOrgDetail } from "~/server/pages/api-reads";
import { AppError } from "~/server/errors";
import { withCaller } from "~/server/rpc";
import { actionWrite } from "~/server/writes/action";
import { runOrgWrite } from "~/server/writes/run";
import { getViewer } from "./viewer";

/** The org page's data, or null when the org does not exist or the caller is not a member (same answer for both). */
export const getOrgHome = serverQuery(async (slug: string) => {
  "use server";
  return withCaller(`/orgs/${slug}`, async (ctx, headers) => {
    try {
      // Session, membership and counts in one round trip.
      return await readOrgDetail(ctx, headers, { slug });
    } catch (err) {
      if (err instanceof AppError && (err.code === "NOT_FOUND" || err.code === "VALIDATION_FAILED")) return null;
      throw err;
    }
  });
}, "org-home");

export const createOrgAction = action(async (form: FormData) => {
  "use server";
  const result = await actionWrite("/orgs/new", (ctx, headers) => createOrg(ctx, headers, { name: form.get("name"), slug: form.get("slug") }, { activate: true }));
  if (result.ok) throw redirect(`/orgs/${result.data.slug}`, { revalidate: getViewer.key });
  return result;
}, "create-org");

/**
 * The header switcher posts here: records the session's active org, then opens it. A workspace that requires
 * two-factor the person lacks is opened anyway (by the slug the switcher sent, a same-site path), without recording
 * it: its page says why it is closed and how to turn two-factor on.
 */
export const switchOrgAction = action(async (form: FormData) => {
  "use server";
  const orgId = String(form.get("orgId") ?? "");
  const result = await actionWrite("/", (ctx, headers) => runOrgWrite(ctx, headers, { orgId }, () => setActiveOrg(ctx)));
  const slug = String(form.get("slug") ?? "");
  if (!result.ok && result.error.code === "TWO_FACTOR_REQUIRED" && /^[a-z0-9-]{1,48}$/.test(slug)) throw redirect(`/orgs/${slug}`);
  if (!result.ok) return result;
  throw redirect(`/orgs/${result.data.slug}`, { revalidate: getViewer.key });
}, "switch-org");
