/** The profile's Zod schemas (server side; the forms check with src/lib/profile-rules.ts, from which the words come). */
import { z } from "zod";
import { personName } from "./schemas";
import { personas, USERNAME_MAX, USERNAME_MIN, USERNAME_PATTERN, usernameWords } from "./profile-rules";

/** Trimmed and lower-cased first, so "  Ada_L " is the username "ada_l". */
export const username = z
  .string({ error: usernameWords.enter })
  .trim()
  .toLowerCase()
  .min(1, usernameWords.enter)
  .min(USERNAME_MIN, usernameWords.short)
  .max(USERNAME_MAX, usernameWords.long)
  .regex(USERNAME_PATTERN, usernameWords.characters);

export const persona = z.enum(personas, { error: usernameWords.persona });

/**
 * The first-run step. Without a username one is chosen from the name. `personalWorkspace: false` skips the personal
 * workspace (the page sends it for people on their way to an invitation); it is never created for someone who already
 * belongs to a workspace.
 */
export const completeProfileInput = z.object({
  name: personName,
  persona,
  username: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), username.optional()),
  personalWorkspace: z.boolean({ error: "Use true or false." }).optional(),
});

export const updateProfileInput = z.object({ username: username.optional(), persona: persona.optional() });
