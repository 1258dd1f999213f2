/**
 * How every write of an org runs: ONE read batch (the session, the caller's membership and the write's own pre-reads,
 * rate-limit bookkeeping included: src/server/actor.ts), a decision with the permission table, then ONE write batch
 * whose statements carry SQL guards (./guards.ts). When the decisive statement changed nothing, the decision was
 * overtaken between the two batches; then, and only then, one more read explains why: the same reads, decided again
 * with the same rules, throw the error a fresh request would get (docs/adr/0006-guards-inside-write-statements.md).
 */
import type { SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { canOrg, type OrgAction } from "~/lib/permissions";
import { orgIdOf, resolveOrgActor, type OrgActor, type OrgWhere } from "../actor";
import type { AppContext } from "../context";
import { membershipQuery, requireTwoFactorWhereRequired, toMembership } from "../domain/access";
import { AppError } from "../errors";
import { settleTogether, type PreparedHit } from "../rate-limit";
import { currentScope } from "../request-scope";
import { requireSession } from "../session";
import { publishLive } from "../live/publish";
import type { LiveNote } from "~/lib/live-protocol";
import { keyInsert, replayAfterRace, replayed } from "./idempotency";

export type Statement = BatchItem<"sqlite">;
export type Replay = { answer: unknown; guard: SQL | undefined };
export type Rows = readonly unknown[];


/** What a write does once its rows are read: answer without writing, or write a guarded batch. */
export type Decision<T> =
  | { answer: T }
  | {
      batch: Statement[];
      /** Whether the decisive statement changed its row (else the decision was overtaken). */
      took(results: Rows[]): boolean;
      answer(results: Rows[]): T;
      /** The refusal for a batch that failed on a constraint (a unique index settling a race), if it is one. */
      refuse?(err: unknown): AppError | undefined;
      /**
       * For a write that honours Idempotency-Key (a create, a resend): its answer as a retry gets it, known before
       * writing and holding no secret, and the guard of its decisive statement (./idempotency.ts).
       */
      replay?: Replay;
      /**
       * What the workspace's open pages are told once the batch took (src/server/live/publish.ts): by default that
       * something changed; `cut` names people removed, whose sockets end; false for a write nobody else sees.
       */
      live?: LiveNote | false;
    };

export interface OrgWrite<T> {
  /** The pre-reads, run in the actor's batch; `user` and `orgId` may be sub-selects. */
  reads?(user: string | SQL, orgId: string | SQL): Statement[];
  /**
   * Rate-limit hits counted in the actor's batch (and never again by an explaining read). Give them the write's guard
   * as their condition, so a refused request counts nothing; they are checked after decide's refusals, before writing.
   */
  limits?(user: string | SQL, orgId: string | SQL): PreparedHit[];
  /**
   * The permission this write exercises for `actor`, when the workspace's two-factor rule may let it through without
   * two-factor (OPEN_WITHOUT_TWO_FACTOR in src/server/domain/access.ts: leaving). Without it the rule applies as read.
   */
  action?(actor: Pick<OrgActor, "userId">): OrgAction;
  /** Decides with the actor and the pre-reads' rows: throws the refusal, or says what to write. */
  decide(actor: OrgActor, rows: Rows[]): Decision<T> | Promise<Decision<T>>;
}

function lostRace(): AppError {
  return new AppError("INTERNAL", "This changed while we were saving. Please reload and try again.");
}

/**
 * Runs `make()`'s write for the caller of `headers` in the org of `where`. An input error thrown by `make` is told
 * after AUTH_REQUIRED, and, when `gate` is given (a write whose decide only checks the caller's access), after the
 * caller's NOT_FOUND or FORBIDDEN too; that refusal costs one read of its own.
 */
export async function runOrgWrite<T>(
  ctx: AppContext,
  headers: Headers,
  where: OrgWhere,
  make: () => OrgWrite<T> | Promise<OrgWrite<T>>,
  gate?: OrgWrite<unknown>,
): Promise<T> {
  let op: OrgWrite<T>;
  try {
    op = await make();
  } catch (err) {
    if (!gate) await requireSession(ctx, headers);
    else {
      const orgId = orgIdOf(where);
      const { actor, results } = await resolveOrgActor(ctx, headers, where, (user) => gate.reads?.(user, orgId) ?? []);
      await gate.decide(actor, results as unknown as Rows[]);
    }
    throw err;
  }
  const orgId = orgIdOf(where);
  let hits: PreparedHit[] = [];
  // Always read with the write's own statements (even none): a write decides on the session and membership as they
  // are now, never on an actor kept from earlier in the request.
  const extra = (user: SQL) => [...(op.reads?.(user, orgId) ?? []), ...(hits = op.limits?.(user, orgId) ?? []).map((h) => h.query)];
  const { actor, results } = await resolveOrgActor(ctx, headers, where, extra, { deferTwoFactor: !!op.action });
  if (actor.twoFactorMissing) requireTwoFactorWhereRequired(actor, op.action?.(actor));
  // A retry of a write that took effect, with the same Idempotency-Key: the first answer again, nothing written.
  const again = replayed<T>();
  if (again !== undefined) return again;
  const rows = results as unknown as Rows[];
  const reads = rows.slice(0, rows.length - hits.length);
  const counted = rows.slice(reads.length);
  try {
    return await write(ctx, actor, op, reads, () => settleTogether(ctx, hits).check(counted as Parameters<PreparedHit["check"]>[0][]));
  } finally {
    // The actor was read before this write changed things (a role, a membership): whatever the same request reads
    // next (a form's single-flight page data) must read afresh.
    const scope = currentScope();
    if (scope) scope.actor = undefined;
  }
}

/** A gate for runOrgWrite: the caller may do `action` in the org. */
export function orgRight(action: OrgAction): OrgWrite<void> {
  return {
    decide(actor) {
      if (!canOrg(actor.role, action)) throw new AppError("FORBIDDEN");
      return { answer: undefined };
    },
  };
}

/** Runs an org write for an actor already resolved (with the pre-reads' rows). */
export async function write<T>(ctx: AppContext, actor: OrgActor, op: OrgWrite<T>, rows: Rows[], checkLimits?: () => void): Promise<T> {
  const decision = await op.decide(actor, rows);
  checkLimits?.();
  if (!("batch" in decision)) return decision.answer;
  const done = await attempt(ctx, actor, decision);
  return done ? done.answer : explain(ctx, actor, op);
}

async function attempt<T>(ctx: AppContext, actor: OrgActor, decision: Extract<Decision<T>, { batch: Statement[] }>): Promise<{ answer: T } | undefined> {
  const userId = actor.userId;
  // With an Idempotency-Key, the answer is stored first in the same batch, under the write's own guard.
  const keyed: Statement[] = [...keyInsert(ctx, userId, decision.replay)];
  const [first, ...rest] = [...keyed, ...decision.batch];
  let results: Rows[];
  try {
    results = ((await ctx.db.batch([first!, ...rest])) as unknown as Rows[]).slice(keyed.length);
  } catch (err) {
    const again = await replayAfterRace<T>(ctx, userId, err);
    if (again !== undefined) return { answer: again };
    throw decision.refuse?.(err) ?? err;
  }
  if (!decision.took(results)) return undefined;
  // The one place every org write passes once its batch committed (a replayed retry returned above, telling nobody).
  if (decision.live !== false) publishLive(ctx, actor.org.id, decision.live);
  return { answer: decision.answer(results) };
}

/**
 * The one way a write that lost a race explains itself: one read of the rows as they are now, decided again with the
 * same rules, which throws the refusal a fresh request would get. If the new decision is to write after all (the rows
 * the guard saw changed and changed back, or a rename overtook another), it is written once more.
 */
async function explain<T>(ctx: AppContext, actor: OrgActor, op: OrgWrite<T>): Promise<T> {
  const orgId = actor.org.id;
  const [membership, ...rows] = (await ctx.db.batch([membershipQuery(ctx, actor.userId, { orgId }), ...(op.reads?.(actor.userId, orgId) ?? [])] as [
    Statement,
    ...Statement[],
  ])) as unknown as [Parameters<typeof toMembership>[1], ...Rows[]];
  const now = toMembership(actor.userId, membership, op.action?.(actor));
  const decision = await op.decide({ ...actor, org: now.org, role: now.role }, rows);
  if (!("batch" in decision)) return decision.answer;
  const done = await attempt(ctx, { ...actor, org: now.org }, decision);
  if (!done) throw lostRace();
  return done.answer;
}

/** `op` with one more read in its batch (say, where to go next), whose rows `then` gets with the answer. */
export function withRead<T, U>(op: OrgWrite<T>, extra: (user: string | SQL, orgId: string | SQL) => Statement, then: (answer: T, rows: Rows) => U): OrgWrite<U> {
  return {
    reads: (user, orgId) => [...(op.reads?.(user, orgId) ?? []), extra(user, orgId)],
    limits: op.limits,
    async decide(actor, rows) {
      const mine = rows[rows.length - 1]!;
      const d = await op.decide(actor, rows.slice(0, -1));
      if (!("batch" in d)) return { answer: then(d.answer, mine) };
      return { ...d, answer: (r: Rows[]) => then(d.answer(r), mine) };
    },
  };
}

/** `op`, refused first by `check` (a rule of one door only, such as a typed confirmation). */
export function checkedFirst<T>(op: OrgWrite<T>, check: (actor: OrgActor) => void): OrgWrite<T> {
  return { ...op, decide: (actor, rows) => (check(actor), op.decide(actor, rows)) };
}
