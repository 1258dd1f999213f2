/** Leaving for good (PRODUCT.md section 8): the caller's data as a download, and deleting their own account. */
import { deleteOwnAccount } from "../../domain/account-deletion";
import { exportFileName, exportOwnData } from "../../domain/account-export";
import { json } from "../http";
import type { Route } from "../router";
import { AccountExportSchema } from "~/lib/api-schemas";
import { deleteAccountInput } from "~/lib/schemas";

export const meRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/me/export",
    summary: "The caller's own data as a JSON download: profile, sign-in methods, memberships, activity",
    response: AccountExportSchema,
    handler: async ({ ctx, request }) => {
      const data = await exportOwnData(ctx, request.headers);
      return json(data, 200, { "content-disposition": `attachment; filename="${exportFileName(data)}"` });
    },
  },
  {
    method: "DELETE",
    path: "/api/me",
    summary:
      "Delete the caller's account: the email typed again and the password (or, without one, a sign-in of the last 10 minutes). Refused while they are the last owner of a workspace or project that others belong to",
    body: deleteAccountInput,
    status: 204,
    errors: ["FORBIDDEN", "LAST_OWNER", "RATE_LIMITED"],
    handler: async ({ ctx, request, body }) => {
      await deleteOwnAccount(ctx, request.headers, await body());
      return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
    },
  },
];
