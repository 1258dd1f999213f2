/**
 * Site administration: the inputs of /api/admin and the /admin page (checked again on the server), and the shapes the
 * API answers (described in the OpenAPI document and checked against real answers by tests/openapi.test.ts).
 */
import { z } from "zod";
import { CONTROL_CHARACTERS } from "./form-checks";
import { apiRegistry } from "./api-schemas";

/** People search: a name or email prefix, keyset pages of `limit`. */
export const adminUserSearch = z.object({
  q: z.string().trim().max(100, "Use at most 100 characters.").optional(),
  limit: z.coerce.number({ error: "Use a number." }).int("Use a whole number.").min(1, "Use at least 1.").max(100, "Use at most 100.").default(25),
  cursor: z.string().max(300).optional(),
});

/** The audit log's pages. */
export const adminAuditQuery = adminUserSearch.pick({ limit: true, cursor: true });

export const banInput = z.object({
  reason: z
    .string({ error: "Give a reason." })
    .trim()
    .min(1, "Give a reason.")
    .max(500, "Use at most 500 characters.")
    .refine((s) => !CONTROL_CHARACTERS.test(s), "Remove control characters and line breaks."),
  /** When the ban ends; absent or null: until an admin lifts it. */
  expiresAt: z
    .union([z.iso.datetime({ offset: true, error: "Use a date and time such as 2027-01-31T00:00:00Z." }), z.null()])
    .optional()
    .refine((v) => !v || Date.parse(v) > Date.now(), "Choose a time in the future."),
});

export const transferInput = z.object({
  userId: z.string({ error: "Choose a person." }).trim().min(1, "Choose a person.").max(100, "Choose a person."),
});

const timestamp = z.iso.datetime({ offset: true });
const named = <S extends z.ZodType>(id: string, schema: S) => {
  apiRegistry.add(schema, { id });
  return schema;
};

export const AdminUserSchema = named(
  "AdminUser",
  z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    emailVerified: z.boolean(),
    role: z.enum(["user", "admin"]),
    banned: z.boolean(),
    banReason: z.string().nullable(),
    banExpires: timestamp.nullable(),
    createdAt: timestamp,
  }),
);

export const AdminUserPageSchema = z.object({ items: z.array(AdminUserSchema), nextCursor: z.string().nullable() });

export const AdminUserDetailSchema = z.object({
  user: AdminUserSchema,
  workspaces: z.array(z.object({ id: z.string(), name: z.string(), slug: z.string(), role: z.enum(["owner", "admin", "member"]) })),
  sessions: z.array(z.object({ id: z.string(), createdAt: timestamp, expiresAt: timestamp, ipAddress: z.string().nullable(), userAgent: z.string().nullable() })),
});

export const AdminOrgSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  owners: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string(), banned: z.boolean() })),
  /** No owner whose account is in good standing: an admin may hand it to someone. */
  ownerless: z.boolean(),
});

export const AdminAuditItemSchema = named(
  "AdminAuditItem",
  z.object({
    id: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string(),
    action: z.enum(["user.ban", "user.unban", "org.transfer"]),
    targetType: z.enum(["user", "org"]),
    targetId: z.string(),
    targetLabel: z.string(),
    data: z.record(z.string(), z.unknown()).nullable(),
    createdAt: timestamp,
  }),
);
export const AdminAuditPageSchema = z.object({ items: z.array(AdminAuditItemSchema), nextCursor: z.string().nullable() });

export type AdminUser = z.output<typeof AdminUserSchema>;
export type AdminUserDetail = z.output<typeof AdminUserDetailSchema>;
export type AdminOrg = z.output<typeof AdminOrgSchema>;
export type AdminAuditItem = z.output<typeof AdminAuditItemSchema>;
