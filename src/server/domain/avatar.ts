/**
 * A person's avatar: upload (replacing the old picture) and removal, for the caller only. Two D1 round trips like
 * every write: the session, the current picture and the upload limit in one read batch; then the object goes to R2 and
 * the row is changed by one statement guarded by the picture it replaces, so two uploads racing can never leave the
 * row pointing at an object the other one deleted.
 */
import { and, eq, isNull } from "drizzle-orm";
import { user } from "~/db/schema";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { deleteReplaced, putImage, readUpload, type Upload } from "../images/store";
import { hitStatement } from "../rate-limit";
import { readWithSession, requireSession, type UserOfToken } from "../session";

export interface AvatarAnswer {
  image: string | null;
}

function lostRace(): AppError {
  return new AppError("INTERNAL", "Your picture changed while we were saving this one. Please reload and try again.");
}

/** The caller's current picture and, for an upload, one hit of the upload limit, with the session. */
async function readCurrent(ctx: AppContext, headers: Headers, counting: boolean) {
  let limit: ReturnType<typeof hitStatement> | undefined;
  const read = await readWithSession(ctx, headers, (me: UserOfToken) => {
    limit = counting ? hitStatement(ctx, "imageUploadsPerUser", me) : undefined;
    return [ctx.db.select({ image: user.image }).from(user).where(eq(user.id, me)), ...(limit ? [limit.query] : [])] as const;
  });
  if (!read) throw new AppError("AUTH_REQUIRED");
  const [rows, counted] = read.results as unknown as [{ image: string | null }[], Parameters<NonNullable<typeof limit>["check"]>[0]];
  limit?.check(counted);
  return { userId: read.session.user.id, current: rows[0]?.image ?? null };
}

/** Points the row at `next` if it still holds `current`; deletes the replaced object after the answer. */
async function swap(ctx: AppContext, userId: string, current: string | null, next: string | null): Promise<AvatarAnswer> {
  const changed = await ctx.db
    .update(user)
    .set({ image: next, updatedAt: new Date() })
    .where(and(eq(user.id, userId), current === null ? isNull(user.image) : eq(user.image, current)))
    .returning({ id: user.id });
  if (!changed.length) throw lostRace();
  deleteReplaced(ctx, current, next);
  return { image: next };
}

/** POST /api/me/avatar: the raw body is the picture (checked by its bytes, at most 2 MB). */
export async function uploadAvatar(ctx: AppContext, headers: Headers, body: Pick<Request, "headers" | "body">): Promise<AvatarAnswer> {
  let upload: Upload;
  try {
    upload = await readUpload(body);
  } catch (err) {
    // A signed-out caller hears AUTH_REQUIRED even when the file is wrong too.
    await requireSession(ctx, headers);
    throw err;
  }
  const { userId, current } = await readCurrent(ctx, headers, true);
  const next = await putImage(ctx, { kind: "user", id: userId }, upload);
  if (next === current) return { image: current };
  return swap(ctx, userId, current, next);
}

/** DELETE /api/me/avatar: back to the initials; the object goes after the answer. */
export async function removeAvatar(ctx: AppContext, headers: Headers): Promise<AvatarAnswer> {
  const { userId, current } = await readCurrent(ctx, headers, false);
  if (current === null) return { image: null };
  return swap(ctx, userId, current, null);
}
