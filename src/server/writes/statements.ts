/**
 * The statements of a guarded write besides the change itself: an insert that happens only while a guard holds, and
 * the activity-log line written under the same guard, so the log says exactly what happened (a refused or overtaken
 * write logs nothing). The outbox's conditional email is outboxInsert(ctx, msg, guard) (src/server/email/outbox.ts),
 * and a rate-limit hit under a guard is prepareHits' onlyIf (src/server/rate-limit.ts); both are built on insertWhere.
 */
import { getTableColumns, SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { activityLog } from "~/db/schema";
import type { Db } from "../db";
import { activityRow, type ActivityEntry } from "../domain/activity";

/**
 * `insert into <table> select <values> where <guard>`: the row is written only if the guard holds when the statement
 * runs, which a check in an earlier round trip cannot promise. Every column must be given (the select lists them all,
 * so a column left out is NULL, not its default).
 */
export function insertWhere<T extends SQLiteTable>(ctx: { db: Db }, table: T, values: Record<string, unknown>, guard: SQL) {
  const columns = Object.entries(getTableColumns(table));
  const list = sql.join(
    columns.map(([key, column]) => {
      const v = values[key];
      return v instanceof SQL ? v : sql.param(v ?? null, column);
    }),
    sql`, `,
  );
  return ctx.db.insert(table).select(sql`select ${list} where ${guard}`);
}

/**
 * The activity-log line of a guarded write, written only while `guard` holds. Put it in the batch BEFORE the statement
 * that changes the guarded rows and give it the same guard: a batch is one transaction, so both see the same rows.
 */
export function logActivityIf(ctx: { db: Db }, entry: ActivityEntry, guard: SQL) {
  return insertWhere(ctx, activityLog, activityRow(entry), guard);
}
