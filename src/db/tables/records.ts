/** What the app keeps about what happened and what is to be done: the activity log, the site admin audit, the email
 * outbox and dev mailbox, rate-limit windows and idempotency keys. */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { user } from "./auth";
import { organization } from "./orgs";

/** Who did what to whom in an org; written in the same batch as the change it records. */
export const activityLog = sqliteTable(
  "activity_log",
  {
    id: text("id").primaryKey(),
    orgId: text("orgId")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    actorId: text("actorId").references(() => user.id, { onDelete: "set null" }),
    actorName: text("actorName").notNull(),
    action: text("action").notNull(),
    targetType: text("targetType"),
    targetId: text("targetId"),
    targetLabel: text("targetLabel"),
    data: text("data"),
    createdAt: integer("createdAt", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("activity_org_created_idx").on(t.orgId, t.createdAt, t.id),
    index("activity_actorId_idx").on(t.actorId),
    // The activity page's filters by person and by kind of action.
    index("activity_org_actor_idx").on(t.orgId, t.actorId, t.createdAt, t.id),
    index("activity_org_action_idx").on(t.orgId, t.action, t.createdAt, t.id),
  ],
);

/**
 * What site admins did (bans, unbans, ownership transfers), newest first on /admin. Names are kept as text so the log
 * still reads after an account is gone.
 */
export const adminAudit = sqliteTable(
  "admin_audit",
  {
    id: text("id").primaryKey(),
    actorId: text("actorId").references(() => user.id, { onDelete: "set null" }),
    actorName: text("actorName").notNull(),
    action: text("action").notNull(),
    targetType: text("targetType").notNull(),
    targetId: text("targetId").notNull(),
    targetLabel: text("targetLabel").notNull(),
    data: text("data"),
    createdAt: integer("createdAt", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("admin_audit_created_idx").on(t.createdAt, t.id), index("admin_audit_actorId_idx").on(t.actorId)],
);

// ---------------------------------------------------------------- Email

/**
 * Every email is first written here, in the same write as what caused it where the cause is ours, then delivered.
 * After delivery the body is cleared: the outbox must not keep live sign-in or invitation links around.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text"),
    html: text("html"),
    kind: text("kind").notNull(),
    // "expired": the link expired before the email could be delivered; a notice without it went out instead.
    status: text("status", { enum: ["pending", "sent", "failed", "expired"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("lastError"),
    nextAttemptAt: integer("nextAttemptAt", { mode: "timestamp_ms" }).notNull(),
    /** When the email's link stops working (null: no such link); past it, the email is never sent. */
    expiresAt: integer("expiresAt", { mode: "timestamp_ms" }),
    createdAt: integer("createdAt", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sentAt", { mode: "timestamp_ms" }),
  },
  // The second index finds an older pending email to the same person (deliveries keep each person's order).
  (t) => [index("email_outbox_due_idx").on(t.status, t.nextAttemptAt), index("email_outbox_to_idx").on(t.to, t.status, t.createdAt)],
);

/** The local delivery target: what a developer or a test reads at /dev/mailbox and /api/dev/emails. */
export const devMailbox = sqliteTable(
  "dev_mailbox",
  {
    id: text("id").primaryKey(),
    outboxId: text("outboxId").notNull().unique(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    createdAt: integer("createdAt", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("dev_mailbox_to_created_idx").on(t.to, t.createdAt)],
);

// ---------------------------------------------------------------- Rate limits

/** Fixed-window counters that survive restarts and isolates (PRODUCT.md section 7; src/server/rate-limit.ts). */
export const rateLimit = sqliteTable(
  "rate_limit",
  {
    key: text("key").primaryKey(),
    count: integer("count").notNull(),
    windowStart: integer("windowStart", { mode: "timestamp_ms" }).notNull(),
  },
  // Lets the opportunistic cleanup find expired windows without scanning the table.
  (t) => [index("rate_limit_windowStart_idx").on(t.windowStart)],
);

/**
 * Idempotency-Key of the API's create routes (src/server/writes/idempotency.ts): the answer of a write that took
 * effect, kept for a day under the caller and their key, so that a retry after a lost answer gets the same answer
 * instead of a second write. Written in the write's own batch, so it exists exactly when the write does.
 */
export const idempotencyKey = sqliteTable(
  "idempotency_key",
  {
    userId: text("userId")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    /** SHA-256 of the method, path and body: the same key with another request is refused. */
    requestHash: text("requestHash").notNull(),
    /** The write's answer as JSON (never a secret: invitation links are left out). */
    answer: text("answer").notNull(),
    createdAt: integer("createdAt", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index("idempotency_key_created_idx").on(t.createdAt)],
);
