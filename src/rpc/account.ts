/** Server functions for the account pages; the reads and writes live in src/server/domain/account.ts. */
import { action } from "@solidjs/router";
import { serverQuery } from "~/lib/query";
import { revokeOwnSession } from "~/server/domain/account";
import { accountPage, type AccountPage } from "~/server/pages/account";
import { pageQuery, withRpc } from "~/server/rpc";
import { actionWrite } from "~/server/writes/action";

export type { AccountPage, AccountSession } from "~/server/pages/account";

/** /account: signed-out visitors are redirected to /signin?next=/account. */
export const getAccount = serverQuery(async (): Promise<AccountPage> => {
  "use server";
  return pageQuery(accountPage, {}, "/account");
}, "account-page");

/** Who is signed in, if anyone (the verification landing page uses it to tell "verified and signed in" apart). */
export const getSignedInUser = serverQuery(async () => {
  "use server";
  return withRpc(async ({ session }) => (session ? { email: session.user.email, emailVerified: session.user.emailVerified } : null));
}, "signed-in-user");

/** Signs out one of the caller's other sessions (another browser or device). */
export const revokeSessionAction = action(async (sessionId: string) => {
  "use server";
  // One read batch and one write (the domain reads the session itself, with the target). Signed out is a result
  // with AUTH_REQUIRED, which the page shows, not a redirect.
  return actionWrite(null, (ctx, headers) => revokeOwnSession(ctx, headers, sessionId));
}, "revoke-session");
