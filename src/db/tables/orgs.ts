/** Workspaces (`organization`), their members, old slugs and invitations. */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, updatedAt } from "./columns";
import { user } from "./auth";

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

export type OrgRole = (typeof member.$inferSelect)["role"];
