/** Better Auth's tables (user, session, account, verification) and those of its passkey and two-factor plugins, with the
 * product's columns on `user` (profile, site role, ban). */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, updatedAt } from "./columns";
import { organization } from "./orgs";

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
