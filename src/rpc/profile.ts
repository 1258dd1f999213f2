/** Server functions of the first-run step (/welcome) and the profile on /account (src/server/domain/profile.ts). */
import { action, redirect } from "@solidjs/router";
import { safeNext } from "~/lib/links";
import { isInvitationPath } from "~/lib/profile-rules";
import { serverQuery } from "~/lib/query";
import { completeProfile, updateProfile } from "~/server/domain/profile";
import { welcomePage, type WelcomePage } from "~/server/pages/welcome";
import { pageQuery } from "~/server/rpc";
import { actionWrite, text } from "~/server/writes/action";
import { getViewer } from "./viewer";

export type { WelcomePage } from "~/server/pages/welcome";

/** /welcome's data: signed-out visitors are sent to sign in. */
export const getWelcome = serverQuery(async (): Promise<WelcomePage> => {
  "use server";
  return pageQuery(welcomePage, {}, "/welcome");
}, "welcome-page");

/**
 * Completes the first-run step, then goes on: to the invitation the person came from (no personal workspace then),
 * else to where they were going, else to the personal workspace just created.
 */
export const completeProfileAction = action(async (form: FormData) => {
  "use server";
  const next = safeNext(text(form, "next"));
  const input = {
    name: text(form, "name"),
    persona: text(form, "persona"),
    // Left as suggested, the server picks the first free username from the name instead of refusing a taken one.
    username: text(form, "usernameEdited") === "1" ? text(form, "username") : undefined,
    personalWorkspace: !isInvitationPath(next),
  };
  const result = await actionWrite(next ? `/welcome?next=${encodeURIComponent(next)}` : "/welcome", (ctx, headers) => completeProfile(ctx, headers, input));
  if (!result.ok) return result;
  const workspace = result.data.workspace;
  throw redirect(next ?? (workspace ? `/orgs/${workspace.slug}` : "/"), { revalidate: getViewer.key });
}, "complete-profile");

/** Changes the username or persona from /account. */
export const updateProfileAction = action(async (form: FormData) => {
  "use server";
  const input = { username: text(form, "username"), persona: text(form, "persona") || undefined };
  return actionWrite("/account", (ctx, headers) => updateProfile(ctx, headers, input));
}, "update-profile");
