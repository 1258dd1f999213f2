/**
 * Who may use /admin and /api/admin: a signed-in site admin (user.role = "admin", given by ADMIN_EMAILS at sign-in).
 * Everyone else, signed out included, gets NOT_FOUND, so the admin area does not show that it exists. The role is read
 * in the same batch as the request's data (one round trip), and every admin write re-checks it inside its statements.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { BatchResponse } from "drizzle-orm/batch";
import { user } from "~/db/schema";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { readWithSession, type CurrentSession, type UserOfToken } from "../session";
import { holds } from "../writes/guards";
import type { Statement } from "../writes/run";

export function isSiteAdmin(s: CurrentSession | null | undefined): boolean {
  return s?.user.role === "admin";
}

/** SQL: `adminId` (a value or the session's sub-select) is still a site admin in good standing as the statement runs. */
export function stillSiteAdmin(adminId: string | SQL): SQL {
  return holds(user, and(eq(user.id, adminId), eq(user.role, "admin"), eq(user.banned, false))!);
}

/** The session and `build`'s statements in one round trip; NOT_FOUND unless the caller is a site admin. */
export async function readAsSiteAdmin<T extends readonly Statement[]>(
  ctx: AppContext,
  headers: Headers,
  build: (caller: UserOfToken) => T,
): Promise<{ session: CurrentSession; results: BatchResponse<[...T]> }> {
  const read = await readWithSession(ctx, headers, build);
  if (!read || !isSiteAdmin(read.session)) throw new AppError("NOT_FOUND");
  return read;
}

/** The caller as an SQL value for statements that are not in the session's batch. */
export const literal = (id: string) => sql`${id}`;
