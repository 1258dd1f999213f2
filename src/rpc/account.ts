/** Server functions for the account pages; the reads and writes live in src/server/domain/account.ts. */
import { action } from "@solidjs/router";
import { serverQuery } from "~/lib/query";
import { revokeOwnSession } from "~/server/domain/account";
import { accountPage, type AccountPage } from "~/server/pages/account";
import { providerReturn, type ProviderReturn } from "~/server/provider-return";
import { pageQuery, withRpc } from "~/server/rpc";
import { actionWrite } from "~/server/writes/action";

export type { AccountPage, AccountSession } from "~/server/pages/account";

/**
 * /account: signed-out visitors are redirected to /signin?next=/account. The page passes its `linked`, `social` and
 * `error` parameters, for what to say after adding a way to sign in (`returned`).
 */
export const getAccount = serverQuery(async (linked?: string, social?: string, error?: string): Promise<AccountPage & { returned: ProviderReturn }> => {
  "use server";
  const page = await pageQuery(accountPage, {}, "/account");
  return { ...page, returned: providerReturn(linked, social, error) };
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
