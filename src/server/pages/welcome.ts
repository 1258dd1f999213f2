/**
 * /welcome, the first-run step: who is completing it (from the session row, which the middleware already read), and
 * the rule that sends signed-in people there until it is done, keeping where they were going.
 */
import { safeNext } from "~/lib/links";
import { welcomePath } from "~/lib/profile-rules";
import { usernameBase } from "~/lib/username-suggestion";
import type { CurrentSession } from "../session";
import type { PageLoader } from "./page";

export interface WelcomePage {
  name: string;
  email: string;
  /** The username the name suggests (the server picks the first free one from it when the field is left as is). */
  suggestedUsername: string;
}

export const welcomePage: PageLoader<Record<string, never>, WelcomePage> = {
  name: "welcome",
  read: () => ({
    statements: [],
    shape: () => (session) => ({ name: session.user.name, email: session.user.email, suggestedUsername: usernameBase(session.user.name) }),
  }),
};

/**
 * Where a signed-in page request must go instead, or null: to /welcome (with the page as `next`) while the profile is
 * not complete; away from /welcome (to `next`, else "/") once it is.
 */
export function firstRunRedirect(session: CurrentSession, path: string, search: URLSearchParams): string | null {
  const onWelcome = path === "/welcome" || path === "/welcome/";
  if (session.user.profileCompleted) return onWelcome ? (safeNext(search.get("next")) ?? "/") : null;
  if (onWelcome) return null;
  const qs = search.toString();
  return welcomePath(path === "/" ? null : `${path}${qs ? `?${qs}` : ""}`);
}
