/**
 * Idempotency-Key on the API's create routes (issue 12). When D1 commits a write but its answer is lost, the client
 * sees 503 and retries; a create or a resend would then happen twice (two projects, a second invitation email that
 * kills the first link). With a key, the write's batch also stores its answer under (caller, key), guarded like the
 * write itself, so the answer exists exactly when the write does. A retry finds it in its read batch (no extra round
 * trip) and gets the same answer, marked `Idempotent-Replayed: true`, without writing. Two requests racing with one
 * key meet the primary key: one batch commits, the other is rolled back whole and replays the first's answer.
 *
 * The same key with another method, path or body is refused (422). Keys are kept for a day (the cron prunes them).
 */
import { and, eq, lt, type SQL } from "drizzle-orm";
import { idempotencyKey } from "~/db/schema";
import type { AppContext } from "../context";
import { isUniqueViolation } from "../db";
import { AppError } from "../errors";
import { currentScope } from "../request-scope";
import { insertWhere } from "./statements";

const KEY_TTL_MS = 24 * 60 * 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** What a request with an Idempotency-Key carries through its scope. */
export interface KeyClaim {
  key: string;
  requestHash: string;
  /** The stored answer, once the read batch has looked (null: none). */
  stored?: { requestHash: string; answer: string } | null;
  /** Set when the answer was replayed: the API adds the header. */
  replayed?: boolean;
}

/** The claim of a request: the header checked, the request fingerprinted. Undefined without the header. */
export async function claimOf(request: Request, body: string): Promise<KeyClaim | undefined> {
  const key = request.headers.get("idempotency-key");
  if (key === null) return undefined;
  if (!KEY_PATTERN.test(key)) throw AppError.validation({ "Idempotency-Key": "Use 1 to 255 visible ASCII characters, such as a UUID." });
  const url = new URL(request.url);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${request.method} ${url.pathname}\n${body}`));
  return { key, requestHash: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("") };
}

function claimInScope(): KeyClaim | undefined {
  return currentScope()?.idempotency;
}

/** The lookup to add to the request's read batch (src/server/session.ts), when the request carries a key. */
export function keyLookup(ctx: AppContext, user: string | SQL) {
  const claim = claimInScope();
  if (!claim || claim.stored !== undefined) return undefined;
  const fresh = new Date(Date.now() - KEY_TTL_MS);
  return {
    query: ctx.db
      .select({ requestHash: idempotencyKey.requestHash, answer: idempotencyKey.answer, createdAt: idempotencyKey.createdAt })
      .from(idempotencyKey)
      .where(and(eq(idempotencyKey.userId, user), eq(idempotencyKey.key, claim.key)))
      .limit(1),
    found(rows: readonly unknown[]) {
      const row = rows[0] as { requestHash: string; answer: string; createdAt: Date } | undefined;
      claim.stored = row && row.createdAt > fresh ? row : null;
    },
  };
}

/** The stored answer to replay, if this request's key was used before; a key used for another request is refused. */
export function replayed<T>(): T | undefined {
  const claim = claimInScope();
  if (!claim?.stored) return undefined;
  if (claim.stored.requestHash !== claim.requestHash) {
    throw new AppError("IDEMPOTENCY_KEY_REUSED");
  }
  claim.replayed = true;
  return JSON.parse(claim.stored.answer) as T;
}

/**
 * The statements that store `answer` under the request's key, for the write's batch: put them FIRST, with the guard of
 * the write's decisive statement, so the answer is stored exactly when the write takes effect. A key older than a day
 * is cleared first (it may be used again); a fresh one makes the insert fail, and with it the whole batch.
 */
export function keyInsert(ctx: AppContext, userId: string, replay: { answer: unknown; guard: SQL | undefined } | undefined) {
  const claim = claimInScope();
  if (!claim) return [];
  // Only routes marked `idempotent` take a key, and each of their writes says what to replay (tests/idempotency.test.ts).
  if (!replay) throw new Error("This write does not say what a retry with an Idempotency-Key gets.");
  const { answer, guard } = replay;
  const now = new Date();
  const values = { userId, key: claim.key, requestHash: claim.requestHash, answer: JSON.stringify(answer), createdAt: now };
  const stale = and(eq(idempotencyKey.userId, userId), eq(idempotencyKey.key, claim.key), lt(idempotencyKey.createdAt, new Date(now.getTime() - KEY_TTL_MS)));
  return [ctx.db.delete(idempotencyKey).where(stale), guard ? insertWhere(ctx, idempotencyKey, values, guard) : ctx.db.insert(idempotencyKey).values(values)] as const;
}

/**
 * After a batch with the key failed on the key's primary key (another request with the same key won the race), the
 * winner's answer: read once more, then replayed.
 */
export async function replayAfterRace<T>(ctx: AppContext, userId: string, err: unknown): Promise<T | undefined> {
  const claim = claimInScope();
  if (!claim || !isUniqueViolation(err, "idempotency_key")) return undefined;
  claim.stored = undefined;
  const lookup = keyLookup(ctx, userId)!;
  lookup.found(await lookup.query);
  return replayed<T>();
}

/** Forgets keys older than a day (the cron). */
export async function pruneKeys(ctx: AppContext, now = new Date()): Promise<void> {
  await ctx.db.delete(idempotencyKey).where(lt(idempotencyKey.createdAt, new Date(now.getTime() - KEY_TTL_MS)));
}
