import { serverQuery } from "~/lib/query";
import { listDevEmails } from "~/server/domain/dev-mailbox";
import { asResult, withRpc } from "~/server/rpc";

/** The dev mailbox (404 in production: the domain refuses, and the middleware never lets /dev/ through there). */
export const getDevEmails = serverQuery(async (to: string | undefined) => {
  "use server";
  return withRpc(({ ctx }) => asResult(() => listDevEmails(ctx, to || undefined)));
}, "dev-emails");
