/**
 * Avatars and workspace logos: upload as the raw request body (the picture's bytes, any declared type: the bytes
 * decide), remove, and serve. Uploads answer 413 IMAGE_TOO_LARGE over 2 MB and 415 UNSUPPORTED_IMAGE for anything
 * that is not a PNG, JPEG or WebP; both cross-site checked and rate limited like every write.
 */
import { AvatarSchema, imageMediaTypes, OrgLogoSchema } from "~/lib/image-schemas";
import { removeAvatar, uploadAvatar } from "../../domain/avatar";
import { setOrgLogo } from "../../domain/org-logo";
import { deleteReplaced, imageResponse, MAX_IMAGE_BYTES, readUpload } from "../../images/store";
import { requireSession } from "../../session";
import { parseIds } from "../../validate";
import { orgRight, runOrgWrite } from "../../writes/run";
import { json } from "../http";
import type { ApiRequest, Route } from "../router";

const upload = { mediaTypes: [...imageMediaTypes], maxBytes: MAX_IMAGE_BYTES, description: "The picture's bytes: PNG, JPEG or WebP, at most 2 MB." };

async function changeLogo({ ctx, request, params }: ApiRequest, withUpload: boolean): Promise<Response> {
  const orgId = params.orgId ?? "";
  try {
    parseIds(params, ["orgId"]);
  } catch (err) {
    // A malformed id names itself (400), as on every route; a signed-out caller hears AUTH_REQUIRED first.
    await requireSession(ctx, request.headers);
    throw err;
  }
  const change = await runOrgWrite(
    ctx,
    request.headers,
    { orgId },
    async () => setOrgLogo(ctx, withUpload ? await readUpload(request) : null),
    // A wrong file or a bad id is told only to someone who may change the logo; anyone else hears 404 or 403 first.
    orgRight("org.logo"),
  );
  deleteReplaced(ctx, change.replaced, change.logo);
  return json({ logo: change.logo });
}

export const imageRoutes: Route[] = [
  {
    method: "POST",
    path: "/api/me/avatar",
    summary: "Upload your avatar (replaces the old one)",
    rawBody: upload,
    response: AvatarSchema,
    errors: ["IMAGE_TOO_LARGE", "UNSUPPORTED_IMAGE", "RATE_LIMITED"],
    handler: async ({ ctx, request }) => json(await uploadAvatar(ctx, request.headers, request)),
  },
  {
    method: "DELETE",
    path: "/api/me/avatar",
    summary: "Remove your avatar (back to your initials)",
    response: AvatarSchema,
    handler: async ({ ctx, request }) => json(await removeAvatar(ctx, request.headers)),
  },
  {
    method: "POST",
    path: "/api/orgs/:orgId/logo",
    summary: "Upload the workspace's logo (admin or owner)",
    rawBody: upload,
    response: OrgLogoSchema,
    errors: ["FORBIDDEN", "IMAGE_TOO_LARGE", "UNSUPPORTED_IMAGE", "RATE_LIMITED"],
    handler: (req) => changeLogo(req, true),
  },
  {
    method: "DELETE",
    path: "/api/orgs/:orgId/logo",
    summary: "Remove the workspace's logo (admin or owner)",
    response: OrgLogoSchema,
    errors: ["FORBIDDEN"],
    handler: (req) => changeLogo(req, false),
  },
  {
    method: "GET",
    path: "/api/images/:key",
    public: true,
    summary: "An avatar or logo: its stored type, nosniff, cached for a year (the URL changes with the picture)",
    contentType: "image/*",
    handler: async ({ ctx, params }) => imageResponse(ctx, params.key ?? ""),
  },
];
