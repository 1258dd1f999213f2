/**
 * The one Drizzle schema. Table and column names follow the CoRATES seed (docs: shared/seed/database-guide.md).
 * Timestamps are unix seconds (`mode: "timestamp"`), booleans are 0/1. Every foreign key has an index, and every
 * "only one" rule of the product has a unique index so that races are settled by the database, not by luck.
 *
 * The tables live in src/db/tables/ by area; this file is the one import path (`~/db/schema`) and what drizzle-kit
 * reads to generate migrations.
 */
export * from "./tables/auth";
export * from "./tables/orgs";
export * from "./tables/projects";
export * from "./tables/records";
