/**
 * The one sending seam. An email is a row in email_outbox first (so a failed delivery is never lost), then delivered
 * right away in the background and retried with backoff by later sends and the scheduled job.
 */
import { and, asc, eq, inArray, lte, type SQL } from "drizzle-orm";
import { emailOutbox } from "~/db/schema";
import type { AppContext } from "../context";
import { insertWhere } from "../writes/statements";
import { headerText, type EmailMessage } from "./templates";
import { deliver } from "./transport";

const MAX_ATTEMPTS = 8;
/** How long a claimed delivery may take before another deliverer may try the row again. */
const CLAIM_MS = 2 * 60_000;

/**
 * The insert for one email, to be put in the same db.batch() as the write that causes it. With `onlyIf` (say, "the
 * invitation row with this token exists"), the row is written only when that holds as the statement runs, so a
 * write of the same batch that its SQL guard refused leaves no email that a concurrent delivery or the cron could send.
 * Every email passes here, so this is also where headers are made safe: the subject loses any line break, and a
 * recipient with one is refused.
 */
export function outboxInsert(ctx: AppContext, msg: EmailMessage, onlyIf?: SQL) {
  if (/[\r\n]/.test(msg.to)) throw new Error("An email recipient contains a line break.");
  const id = crypto.randomUUID();
  const now = new Date();
  const row = { id, to: msg.to, subject: headerText(msg.subject), text: msg.text, html: msg.html, kind: msg.kind, nextAttemptAt: now, createdAt: now };
  const query = onlyIf
    ? // insertWhere lists every column, so the defaults are spelled out.
      insertWhere(ctx, emailOutbox, { ...row, status: "pending", attempts: 0, lastError: null, sentAt: null }, onlyIf)
    : ctx.db.insert(emailOutbox).values(row);
  return { id, query };
}

/** Writes one email to the outbox on its own (for causes that are not ours, such as Better Auth's tokens). */
export async function sendEmail(ctx: AppContext, msg: EmailMessage): Promise<void> {
  const { id, query } = outboxInsert(ctx, msg);
  await query;
  afterCommit(ctx, [id]);
}

/** Starts delivery of freshly committed outbox rows without holding up the response. */
export function afterCommit(ctx: AppContext, ids: string[]): void {
  ctx.background(() => deliverOutbox(ctx, ids).then(() => deliverDue(ctx, 5)));
}

function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** (attempts - 1));
}

export async function deliverOutbox(ctx: AppContext, ids: string[]): Promise<void> {
  if (!ids.length) return;
  // Claim the rows first: a second deliverer running at the same moment finds them not yet due and skips them.
  const now = new Date();
  const rows = await ctx.db
    .update(emailOutbox)
    .set({ nextAttemptAt: new Date(now.getTime() + CLAIM_MS) })
    .where(and(inArray(emailOutbox.id, ids), eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now)))
    .returning();
  for (const row of rows) {
    try {
      await deliver(ctx.env, ctx.db, { outboxId: row.id, to: row.to, subject: row.subject, text: row.text ?? "", html: row.html ?? "" });
      // The body held live links; once delivered, keep only the envelope.
      await ctx.db
        .update(emailOutbox)
        .set({ status: "sent", sentAt: new Date(), attempts: row.attempts + 1, text: null, html: null, lastError: null })
        .where(eq(emailOutbox.id, row.id));
    } catch (err) {
      const attempts = row.attempts + 1;
      console.error(`email ${row.id} delivery attempt ${attempts} failed`, err);
      await ctx.db
        .update(emailOutbox)
        .set({
          attempts,
          lastError: String((err as Error)?.message ?? err).slice(0, 500),
          status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
          nextAttemptAt: new Date(Date.now() + backoffMs(attempts)),
        })
        .where(eq(emailOutbox.id, row.id));
    }
  }
}

/** Retries pending emails whose next attempt is due (called by the cron trigger and after each send). */
export async function deliverDue(ctx: AppContext, limit = 50): Promise<number> {
  const due = await ctx.db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, new Date())))
    .orderBy(asc(emailOutbox.nextAttemptAt))
    .limit(limit);
  await deliverOutbox(ctx, due.map((r) => r.id));
  return due.length;
}
