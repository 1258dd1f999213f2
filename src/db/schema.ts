/**
 * The one Drizzle schema. Table and column names follow the CoRATES seed (docs: shared/seed/database-guide.md).
 * Timestamps are unix seconds (`mode: "timestamp"`), booleans are 0/1. Every foreign key has an index, and every
 * "only one" rule of the product has a unique index so that races are settled by the database, not by luck.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(unixepoch())`;
const createdAt = () => integer("createdAt", { mode: "timestamp" }).notNull().default(now);
const updatedAt = () => integer("updatedAt", { mode: "timestamp" }).notNull().default(now);

// ---------------------------------------------------------------- Better Auth core tables

export const user = sqliteTable("user", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: integer("emailVerified", { mode: "boolean" }).notNull().default(false),
  image: text("image"),
  // Set by Better Auth's twoFactor plugin once a first code is verified; read by the actor for workspaces requiring it.
  twoFactorEnabled: integer("twoFactorEnabled", { mode: "boolean" }).notNull().default(false),
  // Site administration, the seed's columns with Better Auth admin plugin names: role "admin" comes from ADMIN_EMAILS
  // (src/server/admin-role.ts); a banned person has no session and cannot sign in until banExpires (null: for good).
  role: text("role").notNull().default("user"),
  banned: integer("banned", { mode: "boolean" }).notNull().default(false),
  banReason: text("banReason"),
  banExpires: integer("banExpires", { mode: "timestamp" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  // The profile (the seed's columns): chosen on the first-run step /welcome (src/server/domain/profile.ts). Unique
  // username, lower-case; SQLite lets many rows hold NULL under the unique index, so people without one coexist.
  username: text("username").unique(),
  displayName: text("displayName"),
  persona: text("persona"),
  // Null until the first-run step is done; signed-in pages send the person to /welcome while it is.
  profileCompletedAt: integer("profileCompletedAt"),
}, (t) => [
  // /admin's search by name (a case-insensitive prefix) and its keyset order (name, id); emails use user_email_unique.
  index("user_name_nocase_idx").on(sql`${t.name} collate nocase`, t.id),
]);

export const session = sqliteTable(
  "session",
  {
    id: text("id").primaryKey(),
    token: text("token").notNull().unique(),
    userId: text("userId")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    expiresAt: integer("expiresAt", { mode: "timestamp" }).notNull(),
    ipAddress: text("ipAddress"),
    userAgent: text("userAgent"),
    // The workspace this session is looking at; cleared when that org is deleted.
    activeOrganizationId: text("activeOrganizationId").references(() => organization.id, { onDelete: "set null" }),
    // True when this session began with a passkey, which counts as two factors (docs/adr/0013-passkeys-count-as-two-factors.md).
    passkeySignIn: integer("passkeySignIn", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("session_userId_idx").on(t.userId), index("session_activeOrganizationId_idx").on(t.activeOrganizationId)],
);

export const account = sqliteTable(
  "account",
  {
    id: text("id").primaryKey(),
    accountId: text("accountId").notNull(),
    providerId: text("providerId").notNull(),
    userId: text("userId")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    accessToken: text("accessToken"),
    refreshToken: text("refreshToken"),
    idToken: text("idToken"),
    accessTokenExpiresAt: integer("accessTokenExpiresAt", { mode: "timestamp" }),
    refreshTokenExpiresAt: integer("refreshTokenExpiresAt", { mode: "timestamp" }),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("account_userId_idx").on(t.userId)],
);

export const verification = sqliteTable(
  "verification",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: integer("expiresAt", { mode: "timestamp" }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("verification_identifier_idx").on(t.identifier)],
);

/**
 * Passkeys (WebAuthn credentials) of Better Auth's passkey plugin: the public key only, never a secret. `credentialID`
 * is unique: one authenticator credential belongs to one person.
 */
export const passkey = sqliteTable(
  "passkey",
  {
    id: text("id").primaryKey(),
    name: text("name"),
    publicKey: text("publicKey").notNull(),
    userId: text("userId")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    credentialID: text("credentialID").notNull(),
    counter: integer("counter").notNull(),
    deviceType: text("deviceType").notNull(),
    backedUp: integer("backedUp", { mode: "boolean" }).notNull(),
    transports: text("transports"),
    aaguid: text("aaguid"),
    createdAt: createdAt(),
  },
  (t) => [index("passkey_userId_idx").on(t.userId), uniqueIndex("passkey_credentialID_uq").on(t.credentialID)],
);

/**
 * Better Auth's twoFactor plugin: the TOTP secret and the backup codes, both encrypted with BETTER_AUTH_SECRET.
 * `verified` stays false between enrolling and the first valid code; failures count toward the plugin's own lockout.
 */
export const twoFactor = sqliteTable(
  "twoFactor",
  {
    id: text("id").primaryKey(),
    secret: text("secret").notNull(),
    backupCodes: text("backupCodes").notNull(),
    userId: text("userId")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    verified: integer("verified", { mode: "boolean" }).notNull().default(true),
    failedVerificationCount: integer("failedVerificationCount").notNull().default(0),
    lockedUntil: integer("lockedUntil", { mode: "timestamp" }),
  },
  (t) => [uniqueIndex("twoFactor_userId_uq").on(t.userId)],
);

// ---------------------------------------------------------------- Organizations

/** Stored invitation states, the seed's names; what the API shows is mapped in src/server/domain/invitation-status.ts. */
export const invitationStatuses = ["pending", "accepted", "rejected", "canceled"] as const;

export const organization = sqliteTable("organization", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  logo: text("logo"),
  metadata: text("metadata"),
  // Members without two-factor get 403 TWO_FACTOR_REQUIRED on this workspace (the rule lives in the actor).
  requireTwoFactor: integer("requireTwoFactor", { mode: "boolean" }).notNull().default(false),
  createdAt: createdAt(),
});

export const member = sqliteTable(
  "member",
  {
    id: text("id").primaryKey(),
    userId: text("userId")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    organizationId: text("organizationId")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "member"] }).notNull().default("member"),
    createdAt: createdAt(),
    // When this member last switched to the org: "/" sends them to the most recent one.
    lastActiveAt: integer("lastActiveAt", { mode: "timestamp" }),
    /**
     * lower(user.name), copied here so the member list can be read in name order straight from an index of this table
     * (a join cannot be ordered by an index). Kept in sync by database triggers (migration 0002), so nothing that
     * inserts members or renames users has to remember it: never write it from app code.
     */
    sortName: text("sortName").notNull().default(""),
  },
  (t) => [
    uniqueIndex("member_org_user_uq").on(t.organizationId, t.userId),
    index("member_userId_idx").on(t.userId, t.lastActiveAt),
    index("member_org_role_idx").on(t.organizationId, t.role),
    // The member list: name order within an org, keyset-paginated on (sortName, userId).
    index("member_org_sort_idx").on(t.organizationId, t.sortName, t.userId),
  ],
);

/**
 * Slugs an org used to have, so that /orgs/<old-slug> can send members to the new address. A slug that another org
 * takes later belongs to that org (the current slug always wins over history).
 */
export const orgSlugHistory = sqliteTable(
  "org_slug_history",
  {
    slug: text("slug").primaryKey(),
    orgId: text("orgId")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [index("org_slug_history_orgId_idx").on(t.orgId)],
);

/**
 * Org invitations. `token` holds the SHA-256 hex digest of the emailed token, never the token itself.
 * Status holds the seed's (Better Auth's) values pending, accepted, rejected, canceled; the API presents them as
 * declined and cancelled (src/server/domain/invitation-status.ts); "expired" is derived from expiresAt.
 * The inviter may be gone (account deleted): the invitation stays valid and names "a former member" (docs/adr/0016).
 */
export const invitation = sqliteTable(
  "invitation",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    inviterId: text("inviterId").references(() => user.id, { onDelete: "set null" }),
    organizationId: text("organizationId")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "member"] }).notNull().default("member"),
    status: text("status", { enum: invitationStatuses }).notNull().default("pending"),
    token: text("token").notNull().unique(),
    expiresAt: integer("expiresAt", { mode: "timestamp" }).notNull(),
    acceptedAt: integer("acceptedAt", { mode: "timestamp" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("invitation_inviterId_idx").on(t.inviterId),
    index("invitation_org_status_idx").on(t.organizationId, t.status),
    // One pending invitation per (org, email): inviting again updates it.
    uniqueIndex("invitation_pending_uq").on(t.organizationId, t.email).where(sql`status = 'pending'`),
  ],
);

// ---------------------------------------------------------------- Projects

export const projects = sqliteTable(
  "projects",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    description: text("description"),
    orgId: text("orgId")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    // Null once its creator deleted their account: a shared project outlives them (docs/adr/0016).
    createdBy: text("createdBy").references(() => user.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("projects_org_updated_idx").on(t.orgId, t.updatedAt, t.id),
    // Name search (src/server/domain/search.ts): a case-insensitive prefix is a range of this index within one org.
    index("projects_org_name_nocase_idx").on(t.orgId, sql`${t.name} collate nocase`),
    index("projects_createdBy_idx").on(t.createdBy),
  ],
);

export const projectMembers = sqliteTable(
  "project_members",
  {
    id: text("id").primaryKey(),
    projectId: text("projectId")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: text("userId")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "member"] }).notNull().default("member"),
    joinedAt: integer("joinedAt", { mode: "timestamp" }).notNull().default(now),
  },
  (t) => [
    uniqueIndex("project_members_project_user_uq").on(t.projectId, t.userId),
    index("project_members_userId_idx").on(t.userId),
  ],
);

/** Project invitations; `token` is the SHA-256 hex digest of the emailed token, as for org invitations. */
export const projectInvitations = sqliteTable(
  "project_invitations",
  {
    id: text("id").primaryKey(),
    orgId: text("orgId")
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    projectId: text("projectId")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ["owner", "member"] }).notNull().default("member"),
    orgRole: text("orgRole", { enum: ["owner", "admin", "member"] }).notNull().default("member"),
    status: text("status", { enum: invitationStatuses }).notNull().default("pending"),
    token: text("token").notNull().unique(),
    invitedBy: text("invitedBy").references(() => user.id, { onDelete: "set null" }),
    expiresAt: integer("expiresAt", { mode: "timestamp" }).notNull(),
    acceptedAt: integer("acceptedAt", { mode: "timestamp" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("project_invitations_orgId_idx").on(t.orgId),
    index("project_invitations_project_status_idx").on(t.projectId, t.status),
    index("project_invitations_invitedBy_idx").on(t.invitedBy),
    uniqueIndex("project_invitations_pending_uq").on(t.projectId, t.email).where(sql`status = 'pending'`),
  ],
);

// ---------------------------------------------------------------- Activity

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

export type OrgRole = (typeof member.$inferSelect)["role"];
export type ProjectRole = (typeof projectMembers.$inferSelect)["role"];

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
