/** The caller's own profile: the first-run step and later changes (src/server/domain/profile.ts). */
import { completeProfile, updateProfile } from "../../domain/profile";
import { json } from "../http";
import type { Route } from "../router";
import { CompletedProfileSchema, ProfileSchema } from "~/lib/api-schemas";
import { completeProfileInput, updateProfileInput } from "~/lib/profile-schemas";

export const profileRoutes: Route[] = [
  {
    method: "POST",
    path: "/api/me/profile",
    summary:
      "Complete the first-run step (name, persona, username or one suggested from the name); without an invitation to follow (personalWorkspace not false) and without any workspace yet, creates and opens “<name>’s workspace”",
    body: completeProfileInput,
    response: CompletedProfileSchema,
    errors: ["USERNAME_TAKEN"],
    handler: async ({ ctx, request, body }) => json(await completeProfile(ctx, request.headers, body)),
  },
  {
    method: "PATCH",
    path: "/api/me/profile",
    summary: "Change the caller's username or persona",
    body: updateProfileInput,
    response: ProfileSchema,
    errors: ["USERNAME_TAKEN"],
    handler: async ({ ctx, request, body }) => json(await updateProfile(ctx, request.headers, body)),
  },
];
