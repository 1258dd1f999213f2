/** Server functions for the account pages; the reads and writes live in src/server/domain/account.ts. */
import { action } from "@solidjs/router";
import { serverQuery } from "~/lib/query";
import { getRequestEvent } from "solid-js/web";
import { revokeOwnSession } from "~/server/domain/account";
import { accountPage, type AccountPage } from "~/server/pages/account";
import { asResult, pageQuery, withRpc } from "~/server/rpc";

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
  // asResult inside withRpc, as the other actions do: withRpc turns what escapes it into a plain public error, which
  // an outer asResult could only report as INTERNAL. The domain's AppError (AUTH_REQUIRED, VALIDATION_FAILED,
  // NOT_FOUND) reaches the page with its code.
  return withRpc(({ ctx, session }) => asResult(() => revokeOwnSession(ctx, session, sessionId, getRequestEvent()!.request.headers)));
}, "revoke-session");
