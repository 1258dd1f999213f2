/**
 * Server functions behind /admin: the page's data (one batch with the session), ban, unban and handing a workspace
 * over. The domain (src/server/admin/) decides on the current rows every time: anyone but a site admin gets NOT_FOUND.
 */
import { action } from "@solidjs/router";
import { serverQuery } from "~/lib/query";
import { banUser, transferOrgOwnership, unbanUser } from "~/server/admin/writes";
import { adminPage, type AdminPageData } from "~/server/pages/admin";
import { pageQuery } from "~/server/rpc";
import { actionWrite, text } from "~/server/writes/action";

export type { AdminPageData };

export const getAdminData = serverQuery(async (q = "", cursor = "", user = "", org = ""): Promise<AdminPageData> => {
  "use server";
  return pageQuery(adminPage, { q, cursor, user, org }, "/admin", { answer: { kind: "missing" } });
}, "admin-page");

/** A day typed in the form (YYYY-MM-DD) ends the ban at the start of that day, UTC; empty: until lifted. */
function banEnd(day: string | undefined): string | null | undefined {
  const d = day?.trim();
  if (!d) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : d;
}

export const banUserAction = action(async (form: FormData) => {
  "use server";
  const userId = text(form, "userId") ?? "";
  return actionWrite(null, (ctx, headers) => banUser(ctx, headers, userId, () => ({ reason: text(form, "reason"), expiresAt: banEnd(text(form, "until")) })));
}, "admin-ban");

export const unbanUserAction = action(async (form: FormData) => {
  "use server";
  const userId = text(form, "userId") ?? "";
  return actionWrite(null, (ctx, headers) => unbanUser(ctx, headers, userId));
}, "admin-unban");

export const transferOrgAction = action(async (form: FormData) => {
  "use server";
  const orgId = text(form, "orgId") ?? "";
  return actionWrite(null, (ctx, headers) => transferOrgOwnership(ctx, headers, orgId, () => ({ userId: text(form, "userId") })));
}, "admin-transfer");
