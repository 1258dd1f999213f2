/** What the image routes answer (src/server/api/routes/images.ts), for the OpenAPI description and its checks. */
import { z } from "zod";
import { apiRegistry } from "./api-schemas";

const imageUrl = z.string().regex(/^\/api\/images\/[0-9a-f]{64}$/);

export const AvatarSchema = z.object({ image: imageUrl.nullable() });
apiRegistry.add(AvatarSchema, { id: "Avatar", description: "The caller's avatar URL (/api/images/<key>), or null for the initials." });

export const OrgLogoSchema = z.object({ logo: imageUrl.nullable() });
apiRegistry.add(OrgLogoSchema, { id: "OrgLogo", description: "The workspace's logo URL (/api/images/<key>), or null for none." });

export { IMAGE_MEDIA_TYPES as imageMediaTypes } from "./image-limits";
