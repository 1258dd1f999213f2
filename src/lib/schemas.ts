/**
 * Zod schemas for every input, run by the server on every door (it always re-validates). Strings are trimmed; unknown
 * fields are stripped, never applied. The browser does not load this module: the forms that check before sending use
 * src/lib/form-checks.ts, whose words and limits these schemas share (form-checks.test.ts holds the two together).
 */
import { z } from "zod";
import { atLeast, atMost, CONTROL_CHARACTERS, limits, words } from "./form-checks";
// Its own module: the first-run step needs slugs without these checks, and the sign-up page checks without slugs.
import { slugify } from "./slugify";
import { orgRoles, projectRoles } from "./permissions";

export { CONTROL_CHARACTERS, slugify };

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;
/** Slugs that would collide with fixed routes under /orgs/. */
export const reservedSlugs = new Set(["new", "api", "admin", "settings", "members", "activity", "projects"]);

const noControlCharacters = (s: string) => !CONTROL_CHARACTERS.test(s);
const CONTROL_MESSAGE = words.controlCharacters;

export const orgName = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(100, "Use at most 100 characters.")
  .refine(noControlCharacters, CONTROL_MESSAGE);
export const slug = z
  .string({ error: "Enter an address." })
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters.")
  .max(48, "Use at most 48 characters.")
  .regex(SLUG_PATTERN, "Use lowercase letters, digits and dashes; start and end with a letter or digit.")
  .refine((s) => !reservedSlugs.has(s), "That address is reserved. Try another one.");

export const email = z
  .string({ error: words.enterEmail })
  .trim()
  .toLowerCase()
  .max(limits.email, atMost(limits.email))
  .pipe(z.email(words.invalidEmail));

/** The one rule for names of people, on every door: sign-up, Better Auth's update-user, the account page. */
export const personName = z
  .string({ error: words.enterName })
  .trim()
  .min(1, words.enterName)
  .max(limits.personName, atMost(limits.personName))
  .refine(noControlCharacters, CONTROL_MESSAGE);
export const password = z
  .string({ error: words.enterPassword })
  .min(limits.passwordMin, atLeast(limits.passwordMin))
  .max(limits.passwordMax, atMost(limits.passwordMax));

export const createOrgInput = z.object({
  name: orgName,
  slug: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), slug.optional()),
});
export const updateOrgInput = z.object({
  name: orgName.optional(),
  slug: slug.optional(),
  requireTwoFactor: z.boolean({ error: "Choose true or false." }).optional(),
});

export const orgRole = z.enum(orgRoles, { error: "Choose member, admin or owner." });
export const projectRole = z.enum(projectRoles, { error: "Choose member or owner." });

export const idParam = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "Not a valid id.");

// Invitations. The role decides what the invitee gets; who may hand out which role is decided on the server
// (src/lib/permissions.ts), not here.
export const createInvitationInput = z.object({ email, role: orgRole });
/** Many addresses pasted at once (comma, semicolon, space or newline separated); each is checked on its own. */
export const bulkInvitationInput = z.object({
  emails: z.string({ error: "Enter at least one email address." }).max(20_000, "Paste at most 50 addresses at once."),
  role: orgRole,
});
/** The project role defaults to member: an invitation never hands out ownership unless the sender chose it. */
export const createProjectInvitationInput = z.object({ email, role: projectRole.default("member"), orgRole: orgRole.optional() });

export const listQuery = z.object({
  q: z.string().trim().max(100, "Use at most 100 characters.").optional(),
  limit: z.coerce.number({ error: "Use a number." }).int("Use a whole number.").min(1, "Use at least 1.").max(100, "Use at most 100.").default(50),
  cursor: z.string().max(200).optional(),
});

// ---------------------------------------------------------------- Projects

/** The project list: `mine=1` shows only the projects the caller belongs to (for admins and owners, who see all). */
export const projectListQuery = listQuery.extend({
  mine: z
    .enum(["1", "0", "true", "false"], { error: "Use 1 or 0." })
    .optional()
    .transform((v) => v === "1" || v === "true"),
});

export const projectName = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(255, "Use at most 255 characters.")
  .refine(noControlCharacters, CONTROL_MESSAGE);
/** An empty description is stored as "none" (null), so clearing the field clears it. */
export const projectDescription = z
  .string({ error: "Enter a description or leave it empty." })
  .trim()
  .max(2000, "Use at most 2,000 characters.")
  .transform((s) => (s === "" ? null : s))
  .nullable();

export const createProjectInput = z.object({ name: projectName, description: projectDescription.optional() });
export const updateProjectInput = z.object({ name: projectName.optional(), description: projectDescription.optional() });
export const addProjectMemberInput = z.object({
  userId: z.string({ error: "Choose a person." }).pipe(idParam),
  role: projectRole.default("member"),
});
export const changeProjectRoleInput = z.object({ role: projectRole });

export const signUpInput = z.object({ name: personName, email, password });
export const signInInput = z.object({
  email,
  password: z.string({ error: words.enterYourPassword }).min(1, words.enterYourPassword).max(limits.passwordMax, atMost(limits.passwordMax)),
});

// Auth forms beyond sign-up/sign-in. Better Auth re-checks lengths on the server; the browser gives the same rules as
// field messages before anything is sent (form-checks.ts).
const repeatedPassword = z.string({ error: words.repeatPassword }).min(1, words.repeatPassword);
export const emailOnlyInput = z.object({ email });
export const resetPasswordInput = z
  .object({ password, confirmPassword: repeatedPassword })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: words.passwordsDiffer });
export const updateNameInput = z.object({ name: personName });
export const changePasswordInput = z
  .object({
    currentPassword: z.string({ error: words.enterCurrentPassword }).min(1, words.enterCurrentPassword).max(limits.passwordMax, atMost(limits.passwordMax)),
    newPassword: password,
    confirmPassword: repeatedPassword,
    // A checkbox: present ("on") when ticked, absent otherwise.
    revokeOtherSessions: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: words.passwordsDiffer });
export const sessionIdInput = z.object({ sessionId: idParam });

/** Turns the first message per field into the `details.fields` map of VALIDATION_FAILED. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "body";
    if (!(key in fields)) fields[key] = issue.message;
  }
  return fields;
}

/** Validates form values against a schema: the parsed data, or the first message per field (same map as the API). */
export function checkFields<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | { ok: false; fields: Record<string, string> } {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, fields: fieldErrors(parsed.error) };
}

/** Deleting one's own account (DELETE /api/me): the address typed again, and the password of people who have one. */
export const deleteAccountInput = z.object({
  confirmEmail: z.string({ error: "Type your email address to confirm." }).trim().min(1, "Type your email address to confirm.").max(320),
  password: z.string().max(1024).optional(),
});
