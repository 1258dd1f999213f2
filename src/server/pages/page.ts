/**
 * How a page reads its data: in ONE D1 batch with the session (and, on a full page load, the header's workspaces).
 *
 * A page is a loader: from the caller (the session's user as an SQL sub-select, src/server/session.ts) and the page's
 * parameters it builds unawaited drizzle statements, and from their results it shapes the page's view-model. The
 * middleware runs the loader of the page being requested (src/middleware.ts) and keeps the result on the request; the
 * page's server query then returns it during the server render, or runs the same loader (one trip too) when the
 * browser navigates or asks for other parameters (src/server/rpc.ts pageQuery).
 * See docs/adr/0007-one-trip-session-reader.md.
 */
import type { SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { AppContext } from "../context";
import { toOrgs, userOrgsQuery, type Org } from "../domain/orgs";
import { readWithSession, type CurrentSession } from "../session";

export type Statement = BatchItem<"sqlite">;

/** Statements for one batch and how to turn their results (in the same order) into a value. */
export interface Read<T> {
  statements: Statement[];
  shape(results: unknown[]): T;
}

/** The caller as SQL (inside a session batch) or as a plain id (a read outside one: tests, the JSON API). */
export interface Caller {
  user: string | SQL;
  /** The session's active org id (SQL) when known. */
  activeOrg?: SQL | string | null;
}

export interface PageLoader<P, T> {
  /** Names the page in the key that matches the middleware's read to the page's own server query. */
  name: string;
  read(ctx: AppContext, caller: Caller, params: P): Read<(session: CurrentSession) => T>;
}

/** Runs a read in one batch (no session): for reads whose caller is already known by id. */
export async function runRead<T>(ctx: AppContext, read: Read<T>): Promise<T> {
  if (read.statements.length === 0) return read.shape([]);
  const results = await ctx.db.batch(read.statements as [Statement, ...Statement[]]);
  return read.shape(results as unknown[]);
}

/** The same statements, their value shaped further. */
export function mapRead<A, B>(read: Read<A>, fn: (value: A) => B): Read<B> {
  return { statements: read.statements, shape: (results) => fn(read.shape(results)) };
}

export function pageKey<P>(loader: PageLoader<P, unknown>, params: P): string {
  return `${loader.name}:${JSON.stringify(params)}`;
}

export interface LoadedPage<T> {
  session: CurrentSession;
  /** The header's workspaces, when asked for (a full page load). */
  orgs?: Org[];
  /** The page's view-model, or what shaping it threw (kept for the page's server query to report). */
  result: { data: T } | { error: unknown };
}

/**
 * The session, the page's data and (with `withOrgs`) the header's workspaces in one round trip. Null when there is no
 * live session: nothing read for it is looked at.
 */
export async function loadPage<P, T>(
  ctx: AppContext,
  headers: Headers,
  loader: PageLoader<P, T>,
  params: P,
  withOrgs: boolean,
): Promise<LoadedPage<T> | null> {
  let shape: Read<(session: CurrentSession) => T>["shape"] | undefined;
  const read = await readWithSession(ctx, headers, (user, activeOrg) => {
    const page = loader.read(ctx, { user, activeOrg }, params);
    shape = page.shape;
    return [...(withOrgs ? [userOrgsQuery(ctx, user)] : []), ...page.statements] as Statement[];
  });
  if (!read) return null;
  const results = read.results as unknown[];
  const orgs = withOrgs ? toOrgs(results[0] as Parameters<typeof toOrgs>[0]) : undefined;
  try {
    return { session: read.session, orgs, result: { data: shape!(withOrgs ? results.slice(1) : results)(read.session) } };
  } catch (error) {
    return { session: read.session, orgs, result: { error } };
  }
}
