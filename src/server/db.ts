import { getTableColumns, SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "~/db/schema";

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

export type Db = ReturnType<typeof createDb>;

/** True when a write failed on a UNIQUE index: how the database settles "only one" races. */
export function isUniqueViolation(err: unknown, indexOrColumn?: string): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const msg = String((e as { message?: unknown }).message ?? "");
    if (msg.includes("UNIQUE constraint failed")) return indexOrColumn ? msg.includes(indexOrColumn) : true;
  }
  return false;
}

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
