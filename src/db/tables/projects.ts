/** Projects, their members and their invitations. */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, updatedAt, now } from "./columns";
import { user } from "./auth";
import { invitationStatuses, organization } from "./orgs";

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

export type ProjectRole = (typeof projectMembers.$inferSelect)["role"];
