/**
 * Name search for the project and member lists: what a search term matches, written so the database answers it from
 * an index inside the org instead of reading every row of the org.
 *
 * A term matches a name (or a member's email) that starts with it, ignoring ASCII case. "Starts with" is a range of
 * an ordered index: `column >= term AND column < term + U+10FFFF` (the highest code point, so every string that
 * begins with the term sorts inside the range). A `LIKE '%term%'` could use no index at all, and `LIKE 'term%'` only
 * under conditions the query planner checks at prepare time (NOCASE column, literal pattern); a range needs neither.
 * `%`, `_` and `\` are plain characters here, as the person typed them.
 *
 * The indexes: projects_org_name_nocase_idx (orgId, name COLLATE NOCASE); member_org_sort_idx (organizationId,
 * sortName, userId), sortName being lower(user.name) kept by triggers; user_email_unique (emails are stored lowercased).
 * tests/search.test.ts checks the query plans.
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias, union, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import { member, user } from "~/db/schema";
import type { Db } from "../db";

const HIGHEST = "\u{10FFFF}";

/** SQLite's lower() and NOCASE fold ASCII letters only; folding the term the same way keeps both sides alike. */
function asciiLower(term: string): string {
  return term.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** `column` starts with `term`, compared as the column's index is ordered (`nocase`: an index COLLATE NOCASE). */
export function startsWith(column: SQLiteColumn, term: string, opts: { nocase?: boolean } = {}): SQL {
  const col = opts.nocase ? sql`${column} collate nocase` : sql`${column}`;
  return sql`(${col} >= ${term} and ${col} < ${term + HIGHEST})`;
}

/** Projects whose name starts with the term (within the org the query already restricts to). */
export function projectNameMatches(column: SQLiteColumn, term: string): SQL {
  return startsWith(column, term, { nocase: true });
}

/**
 * The org's members whose name or email starts with the term: `member.rowid IN (<names> UNION <emails>)`, both sides
 * within the org (`orgId`: the id, or a sub-select of it). Names come from member_org_sort_idx, emails from the email
 * index then member_org_user_uq; the list fetches each match by rowid and sorts only the matches. It replaces the
 * list's own `organizationId = …` condition: with that one beside it, the planner walks the whole org in name order
 * and filters (the same happens with an OR of the two sides).
 */
export function orgMembersMatching(db: Db, term: string, orgId: string | SQL): SQL {
  const t = asciiLower(term);
  const m = alias(member, "search_member");
  const inOrg = eq(m.organizationId, orgId);
  const byName = db.select({ id: sql`${m}.rowid` }).from(m).where(and(inOrg, startsWith(m.sortName, t)));
  const emails = db.select({ id: user.id }).from(user).where(startsWith(user.email, t));
  const byEmail = db.select({ id: sql`${m}.rowid` }).from(m).where(and(inOrg, inArray(m.userId, emails)));
  return sql`${member}.rowid in ${union(byName, byEmail)}`;
}
