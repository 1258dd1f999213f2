/** The rules of avatars and logos, safe on both sides (the upload form checks them first; the server decides). */

/** 2 MB, the product's limit for an avatar or a logo. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/** The picture types accepted, checked by their bytes on the server (src/server/images/content.ts). */
export const IMAGE_MEDIA_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
