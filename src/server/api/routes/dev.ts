/** The dev mailbox's JSON view; answers 404 in production (src/server/domain/dev-mailbox.ts). */
import { listDevEmails } from "../../domain/dev-mailbox";
import { json } from "../http";
import type { Route } from "../router";

export const devRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/dev/emails",
    public: true,
    handler: async ({ ctx, url }) => json({ items: await listDevEmails(ctx, url.searchParams.get("to")) }),
  },
];
