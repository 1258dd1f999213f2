/** Column helpers shared by the tables: timestamps are unix seconds, set by SQLite when a row is written. */
import { sql } from "drizzle-orm";
import { integer } from "drizzle-orm/sqlite-core";

export const now = sql`(unixepoch())`;
export const createdAt = () => integer("createdAt", { mode: "timestamp" }).notNull().default(now);
export const updatedAt = () => integer("updatedAt", { mode: "timestamp" }).notNull().default(now);
