/** The dev mailbox's JSON view; answers 404 in production (src/server/domain/dev-mailbox.ts). */
import { listDevEmails } from "../../domain/dev-mailbox";
import { json } from "../http";
import type { Route } from "../router";
import { z } from "zod";
import { DevEmailListSchema } from "~/lib/api-schemas";

export const devRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/dev/emails",
    public: true,
    summary: "Emails the app sent, newest first (development and tests only; 404 in production)",
    query: z.object({ to: z.string().optional() }),
    response: DevEmailListSchema,
    errors: ["NOT_FOUND"],
    handler: async ({ ctx, url }) => json({ items: await listDevEmails(ctx, url.searchParams.get("to")) }),
  },
];
