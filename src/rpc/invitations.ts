/**
 * Server functions behind the public /invite/<token> page. The rules (who may accept, what accepting grants, dead and
 * unknown tokens) live in src/server/domain/invitation-accept.ts; these only add the session and the landing place.
 */
import { action, redirect } from "@solidjs/router";
import { serverQuery } from "~/lib/query";
import { z } from "zod";
import { acceptInvitation, declineInvitation, getInvitationByToken, type InvitationView } from "~/server/domain/invitation-accept";
import { AppError } from "~/server/errors";
import { withRpc } from "~/server/rpc";
import { actionWrite } from "~/server/writes/action";
import { parse } from "~/server/validate";
import { getViewer } from "./viewer";

/** Tokens are 43 characters; anything far longer is garbage and is answered as "unknown" without a lookup. */
const tokenInput = z.string({ error: "Missing invitation link." }).trim().min(1, "Missing invitation link.").max(200, "Not an invitation link.");

export interface InvitationPage {
  /** null: no invitation has this token (mistyped, incomplete, or replaced by a resend). */
  invitation: InvitationView | null;
  /** Who is looking, if anyone: the page compares their address with the invited one. */
  viewer: { name: string; email: string; emailVerified: boolean } | null;
}

const invitePath = (token: string) => `/invite/${encodeURIComponent(token)}`;

/** Public: works signed out. One lookup (a single D1 batch) besides reading the session. */
export const getInvitationPage = serverQuery(async (token: string): Promise<InvitationPage> => {
  "use server";
  return withRpc(async ({ ctx, session }) => {
    const viewer = session ? { name: session.user.name, email: session.user.email, emailVerified: session.user.emailVerified } : null;
    const checked = tokenInput.safeParse(token);
    if (!checked.success) return { invitation: null, viewer };
    try {
      return { invitation: await getInvitationByToken(ctx, checked.data), viewer };
    } catch (err) {
      if (err instanceof AppError && err.code === "NOT_FOUND") return { invitation: null, viewer };
      throw err;
    }
  });
}, "invitation-page");

/**
 * Accepts as the signed-in person, records the org as the session's active org (so "/" opens it from now on) in the
 * same batch, and lands in the project for a project invitation, else in the org. Failures come back as a result the
 * page shows.
 */
export const acceptInvitationAction = action(async (form: FormData) => {
  "use server";
  const raw = String(form.get("token") ?? "");
  const result = await actionWrite(invitePath(raw), (ctx, headers) => acceptInvitation(ctx, headers, parse(tokenInput, raw), { activate: true }));
  if (!result.ok) return result;
  const { orgSlug, projectId } = result.data;
  throw redirect(projectId ? `/orgs/${orgSlug}/projects/${projectId}` : `/orgs/${orgSlug}`, { revalidate: getViewer.key });
}, "accept-invitation");

/**
 * Declines, signed in as the invited address or signed out (the token is the credential; the domain refuses someone
 * signed in as another address). The page then shows the declined state.
 */
export const declineInvitationAction = action(async (form: FormData) => {
  "use server";
  const raw = String(form.get("token") ?? "");
  return actionWrite(null, (ctx, headers) => declineInvitation(ctx, headers, parse(tokenInput, raw)));
}, "decline-invitation");
