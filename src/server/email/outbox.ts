/**
 * The one sending seam. An email is a row in email_outbox first (so a failed delivery is never lost), then delivered
 * right away in the background and retried with backoff by later sends and the scheduled job.
 *
 * Through a provider outage (docs/email.md): each email is delivered once (the provider also gets the row's id as its
 * Idempotency-Key), each person's emails in the order they were written (a row waits while an older one to the same
 * address is pending), and an email whose link expired while it waited is replaced by a notice without the link.
 */
import { aliasedTable, and, asc, eq, inArray, lt, lte, notExists, type SQL } from "drizzle-orm";
import { emailOutbox } from "~/db/schema";
import type { AppContext } from "../context";
import { insertWhere } from "../writes/statements";
import { expiredNotice, headerText, type EmailMessage } from "./templates";
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
  const row = { id, to: msg.to, subject: headerText(msg.subject), text: msg.text, html: msg.html, kind: msg.kind, nextAttemptAt: now, expiresAt: msg.expiresAt ?? null, createdAt: now };
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

/** An older email to the same person that is still waiting: a row is not delivered before it. */
function olderPending(ctx: AppContext): SQL {
  const older = aliasedTable(emailOutbox, "older");
  return notExists(
    ctx.db
      .select({ one: older.id })
      .from(older)
      .where(
        and(
          eq(older.to, emailOutbox.to),
          eq(older.status, "pending"),
          // Rows of the same millisecond wait for no one; one delivery sends them in the order of their ids.
          lt(older.createdAt, emailOutbox.createdAt),
        ),
      ),
  );
}

/**
 * Delivers the given rows that are due and first in line for their recipient; answers how many went out. `now` is the
 * deliverer's clock (the cron passes its scheduled time).
 */
export async function deliverOutbox(ctx: AppContext, ids: string[], now = new Date()): Promise<number> {
  if (!ids.length) return 0;
  let delivered = 0;
  // Claim the rows first: a second deliverer running at the same moment finds them not yet due and skips them.
  const rows = await ctx.db
    .update(emailOutbox)
    .set({ nextAttemptAt: new Date(now.getTime() + CLAIM_MS) })
    .where(and(inArray(emailOutbox.id, ids), eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now), olderPending(ctx)))
    .returning();
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  for (const row of rows) {
    const expired = row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime();
    const mail = expired ? expiredNotice(row.kind as EmailMessage["kind"], row.to, ctx.env.appUrl) : { subject: row.subject, text: row.text ?? "", html: row.html ?? "" };
    try {
      await deliver(ctx.env, ctx.db, { outboxId: row.id, to: row.to, subject: headerText(mail.subject), text: mail.text, html: mail.html });
      // The body held live links; once delivered, keep only the envelope.
      await ctx.db
        .update(emailOutbox)
        .set({ status: expired ? "expired" : "sent", sentAt: now, attempts: row.attempts + 1, text: null, html: null, lastError: null })
        .where(eq(emailOutbox.id, row.id));
      delivered++;
    } catch (err) {
      const attempts = row.attempts + 1;
      console.error(`email ${row.id} delivery attempt ${attempts} failed`, err);
      await ctx.db
        .update(emailOutbox)
        .set({
          attempts,
          lastError: String((err as Error)?.message ?? err).slice(0, 500),
          status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
          nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
        })
        .where(eq(emailOutbox.id, row.id));
    }
  }
  return delivered;
}

/**
 * Retries pending emails whose next attempt is due (called by the cron trigger and after each send), at most `limit`;
 * answers how many were due. Rounds repeat while they deliver: a person's second email is first in line once the
 * first has gone.
 */
export async function deliverDue(ctx: AppContext, limit = 50, now = new Date()): Promise<number> {
  let due = 0;
  while (due < limit) {
    const rows = await ctx.db
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now), olderPending(ctx)))
      .orderBy(asc(emailOutbox.createdAt))
      .limit(limit - due);
    due += rows.length;
    // Nothing delivered (the provider refuses, or another deliverer took the rows): what is left is not due now.
    if (!rows.length || (await deliverOutbox(ctx, rows.map((r) => r.id), now)) === 0) break;
  }
  return due;
}
