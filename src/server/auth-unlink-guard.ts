/**
 * "Never the last sign-in method", settled by the database. Better Auth's /unlink-account counts the person's accounts
 * and then deletes one: two requests at once (each removing one of the last two) both count two and both delete,
 * leaving nobody able to sign in. Here the delete of an unlink is one guarded statement (deleted only while another
 * account of the person remains), so D1, which runs statements one at a time, lets exactly one of the two through.
 */
import { and, count, eq, gt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { APIError } from "better-auth/api";
import { account } from "~/db/schema";
import type { AppContext } from "./context";

const other = alias(account, "other");

/** Better Auth's account delete hook: false when the unlink's own guarded delete did it (Better Auth then skips its own). */
export function guardUnlink(ctx: Pick<AppContext, "db">) {
  return async (row: { id: string; userId: string }, context: { path?: string } | null | undefined): Promise<boolean | void> => {
    if (context?.path !== "/unlink-account") return;
    const remaining = ctx.db.select({ n: count() }).from(other).where(eq(other.userId, row.userId));
    const deleted = await ctx.db
      .delete(account)
      .where(and(eq(account.id, row.id), eq(account.userId, row.userId), gt(sql`(${remaining})`, 1)))
      .returning({ id: account.id });
    if (!deleted.length) throw APIError.from("BAD_REQUEST", { code: "FAILED_TO_UNLINK_LAST_ACCOUNT", message: "You can't unlink your last account" });
    return false;
  };
}
