import { drizzle } from "drizzle-orm/d1";
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
