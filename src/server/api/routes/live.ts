/**
 * The live-update connect endpoint's door (src/server/live/connect.ts opens the socket in front of the app): who may
 * listen to a workspace is decided here, by the same read as every page of it.
 */
import { z } from "zod";
import { orgRoles } from "~/lib/permissions";
import { resolveOrgActor } from "../../actor";
import { AppError } from "../../errors";
import { json } from "../http";
import type { Route } from "../router";

const LiveAdmissionSchema = z.object({ orgId: z.string(), userId: z.string(), sessionId: z.string(), role: z.enum(orgRoles) });

export const liveRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/orgs/:orgId/live",
    summary: "Live updates of a workspace: a WebSocket (Upgrade: websocket) that says \"changed\" after each write there",
    response: LiveAdmissionSchema,
    errors: ["CSRF_REJECTED"],
    handler: async ({ ctx, request, params }) => {
      // A WebSocket handshake carries cookies whatever page opens it; browsers always send Origin with it, so only
      // our own pages may listen.
      if (request.headers.get("origin") !== new URL(ctx.env.appUrl).origin) throw new AppError("CSRF_REJECTED");
      const { actor } = await resolveOrgActor(ctx, request.headers, { orgId: params.orgId! });
      return json({ orgId: actor.org.id, userId: actor.userId, sessionId: actor.session.sessionId, role: actor.role });
    },
  },
];
