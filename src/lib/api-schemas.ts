/**
 * Zod schemas of what the JSON API answers (PRODUCT.md section 6). They are not used to build responses: they describe
 * them, for the OpenAPI document (src/server/api/openapi.ts), and tests/openapi.test.ts parses real responses with them
 * so the description cannot drift from what the handlers return. Request schemas stay in ./schemas.ts.
 */
import { z } from "zod";
import { orgRoles, projectRoles } from "./permissions";
import { personas } from "./profile-rules";

/**
 * Named schemas become components/schemas entries (referenced with $ref) instead of being repeated inline. A registry of
 * our own, not zod's global one, so nothing else that calls toJSONSchema picks these ids up.
 */
export const apiRegistry = z.registry<{ id: string; description?: string }>();
function named<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  apiRegistry.add(schema, { id, description });
  return schema;
}

const timestamp = z.iso.datetime({ offset: true });
const OrgRole = named("OrgRole", z.enum(orgRoles));
const ProjectRole = named("ProjectRole", z.enum(projectRoles));

/** The codes of src/server/errors.ts (the test checks the two lists are the same). */
export const errorCodes = [
  "VALIDATION_FAILED",
  "AUTH_REQUIRED",
  "FORBIDDEN",
  "TWO_FACTOR_REQUIRED",
  "CSRF_REJECTED",
  "INVITATION_EMAIL_MISMATCH",
  "ACCOUNT_BANNED",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "SLUG_TAKEN",
  "USERNAME_TAKEN",
  "ALREADY_MEMBER",
  "LAST_OWNER",
  "INVITATION_ALREADY_ACCEPTED",
  "INVITATION_EXPIRED",
  "INVITATION_CANCELLED",
  "TWO_FACTOR_CODE_USED",
  "IDEMPOTENCY_KEY_REUSED",
  "IMAGE_TOO_LARGE",
  "UNSUPPORTED_IMAGE",
  "RATE_LIMITED",
  "INTERNAL",
  "UNAVAILABLE",
] as const;

export const ErrorSchema = named(
  "Error",
  z.object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
  "Every error. VALIDATION_FAILED carries details.fields (field -> message); RATE_LIMITED comes with a Retry-After header.",
);

export const MeSchema = named(
  "Me",
  z.object({
    user: z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      emailVerified: z.boolean(),
      twoFactorEnabled: z.boolean(),
      username: z.string().nullable(),
      persona: z.enum(personas).nullable(),
      profileCompleted: z.boolean(),
      role: z.enum(["user", "admin"]),
      image: z.string().nullable(),
    }),
    activeOrgId: z.string().nullable(),
  }),
);

export const OrgSchema = named(
  "Org",
  z.object({ id: z.string(), name: z.string(), slug: z.string(), role: OrgRole, requireTwoFactor: z.boolean(), createdAt: timestamp, logo: z.string().nullable().optional() }),
);
export const OrgDetailSchema = named("OrgDetail", OrgSchema.extend({ memberCount: z.number().int(), projectCount: z.number().int() }));
export const ActiveOrgSchema = named("ActiveOrg", z.object({ activeOrgId: z.string() }));

export const MemberSchema = named("Member", z.object({ userId: z.string(), name: z.string(), username: z.string().nullable(), email: z.string(), role: OrgRole, joinedAt: timestamp, image: z.string().nullable() }));

export const InvitationSchema = named(
  "Invitation",
  z.object({
    id: z.string(),
    email: z.string(),
    /** An org role for org invitations, a project role for project invitations. */
    role: z.union([OrgRole, ProjectRole]),
    orgRole: OrgRole,
    projectId: z.string().nullable(),
    invitedBy: z.object({ id: z.string().nullable(), name: z.string() }).describe("id is null when the sender has deleted their account (name: \"a former member\")"),
    status: z.enum(["pending", "expired", "accepted", "declined", "cancelled"]),
    expiresAt: timestamp,
    createdAt: timestamp,
  }),
  "Never carries the token.",
);

export const CreatedInvitationSchema = named(
  "CreatedInvitation",
  InvitationSchema.extend({
    replaced: z.boolean().describe("True when the address already had a pending invitation: it was updated, and its previous link no longer works."),
  }),
  "A new or refreshed invitation. Never carries the token: the link goes only to the invited address by email.",
);

export const InvitationViewSchema = named(
  "InvitationView",
  z.object({
    status: z.enum(["pending", "expired", "accepted", "declined", "cancelled"]),
    email: z.string(),
    org: z.object({ name: z.string(), slug: z.string(), logo: z.string().nullable() }),
    project: z.object({ name: z.string() }).nullable(),
    inviter: z.object({ name: z.string() }),
    role: z.union([OrgRole, ProjectRole]),
    orgRole: OrgRole,
    expiresAt: timestamp,
  }),
  "What the invitee sees before accepting (public: the token is the credential).",
);
export const AcceptResultSchema = named("AcceptResult", z.object({ orgId: z.string(), orgSlug: z.string(), projectId: z.string().nullable() }));
export const DeclineResultSchema = named("DeclineResult", z.object({ status: z.literal("declined") }));

export const ProjectSchema = named(
  "Project",
  z.object({
    id: z.string(),
    orgId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    role: ProjectRole.nullable(),
    memberCount: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
  "role is null where the caller is not a member of the project.",
);
export const ProjectMemberSchema = named("ProjectMember", z.object({ userId: z.string(), name: z.string(), username: z.string().nullable(), email: z.string(), role: ProjectRole, joinedAt: timestamp, image: z.string().nullable() }));

export const ActivityItemSchema = named(
  "ActivityItem",
  z.object({
    id: z.string(),
    actor: z.object({ id: z.string().nullable(), name: z.string(), image: z.string().nullable().optional() }),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string(), label: z.string() }).nullable(),
    data: z.record(z.string(), z.unknown()).nullable(),
    createdAt: timestamp,
  }),
  "actor.id is null when the actor's account was deleted since.",
);

export const DevEmailSchema = named(
  "DevEmail",
  z.object({ id: z.string(), to: z.string(), subject: z.string(), text: z.string(), html: z.string(), createdAt: timestamp }),
);

/** This API's description (src/server/api/openapi.ts builds it); only its outline is described here. */
export const OpenApiDocumentSchema = named(
  "OpenApiDocument",
  z.object({
    openapi: z.string().regex(/^3\.1\.\d+$/),
    info: z.object({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    components: z.record(z.string(), z.unknown()),
  }),
);

/** `{ items, nextCursor }`: nextCursor is the opaque cursor of the next page, null on the last one. */
function page<S extends z.ZodType>(id: string, item: S) {
  return named(id, z.object({ items: z.array(item), nextCursor: z.string().nullable() }));
}
/** `{ items }`: lists that are never paged. */
function list<S extends z.ZodType>(id: string, item: S) {
  return named(id, z.object({ items: z.array(item) }));
}

export const OrgListSchema = list("OrgList", OrgSchema);
export const MemberPageSchema = page("MemberPage", MemberSchema);
export const InvitationPageSchema = page("InvitationPage", InvitationSchema);
export const ProjectPageSchema = page("ProjectPage", ProjectSchema);
export const ProjectMemberListSchema = list("ProjectMemberList", ProjectMemberSchema);
export const ActivityPageSchema = page("ActivityPage", ActivityItemSchema);
export const DevEmailListSchema = list("DevEmailList", DevEmailSchema);

/** GET /api/me/export: the caller's own data (src/server/domain/account-export.ts). */
export const AccountExportSchema = named(
  "AccountExport",
  z.object({
    exportedAt: timestamp,
    profile: z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      emailVerified: z.boolean(),
      image: z.string().nullable(),
      twoFactorEnabled: z.boolean(),
      createdAt: timestamp,
    }),
    signInMethods: z.array(z.object({ provider: z.string(), since: timestamp })),
    memberships: z.array(z.object({ orgId: z.string(), orgName: z.string(), orgSlug: z.string(), role: OrgRole, joinedAt: timestamp })),
    projectMemberships: z.array(z.object({ projectId: z.string(), projectName: z.string(), orgId: z.string(), role: ProjectRole, joinedAt: timestamp })),
    activity: z.array(
      z.object({
        orgId: z.string(),
        orgName: z.string(),
        action: z.string(),
        target: z.object({ type: z.string().nullable(), label: z.string().nullable() }).nullable(),
        data: z.unknown(),
        createdAt: timestamp,
      }),
    ),
  }),
  "Everything the app holds about the caller as themselves, for download before deleting the account",
);

export const ProfileSchema = named(
  "Profile",
  z.object({ id: z.string(), name: z.string(), username: z.string().nullable(), persona: z.enum(personas).nullable(), profileCompleted: z.boolean() }),
);

export const CompletedProfileSchema = named(
  "CompletedProfile",
  z.object({ profile: ProfileSchema, workspace: OrgSchema.nullable() }),
  "The profile after the first-run step, and the personal workspace created with it (null for invitees and repeats).",
);
