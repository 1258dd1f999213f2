/**
 * Avatars and workspace logos in R2 (binding IMAGES). An object's key is the SHA-256 of its owner and its bytes, so:
 * its URL (/api/images/<key>) changes exactly when the picture changes, and can be cached forever; two people who
 * upload the same picture get two objects, so deleting one person's old picture never breaks another's.
 * The user's `image` and the org's `logo` column hold that URL (relative: the same rows work under any APP_URL).
 */
import type { AppContext } from "../context";
import { readCappedBytes } from "../api/http";
import { AppError } from "../errors";
import { sniffImage, type ImageInfo } from "./content";

import { MAX_IMAGE_BYTES } from "~/lib/image-limits";

export { MAX_IMAGE_BYTES };

const URL_PREFIX = "/api/images/";
const KEY = /^[0-9a-f]{64}$/;

/** Whose picture it is: a person's avatar or a workspace's logo. */
export type ImageOwner = { kind: "user" | "org"; id: string };

export interface Upload {
  bytes: Uint8Array<ArrayBuffer>;
  info: ImageInfo;
}

/**
 * Reads the raw request body as a picture: over 2 MB is refused while reading (413 IMAGE_TOO_LARGE, the rest is never
 * buffered); anything that is not a PNG, JPEG or WebP by its bytes is 415 UNSUPPORTED_IMAGE, whatever its declared type.
 */
export async function readUpload(request: Pick<Request, "headers" | "body">): Promise<Upload> {
  const bytes = await readCappedBytes(request, MAX_IMAGE_BYTES, () => new AppError("IMAGE_TOO_LARGE"));
  const info = sniffImage(bytes);
  if (!info) throw new AppError("UNSUPPORTED_IMAGE");
  return { bytes, info };
}

export async function imageKey(owner: ImageOwner, bytes: Uint8Array): Promise<string> {
  const prefix = new TextEncoder().encode(`${owner.kind}:${owner.id}\n`);
  const all = new Uint8Array(prefix.length + bytes.length);
  all.set(prefix);
  all.set(bytes, prefix.length);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function imageUrl(key: string): string {
  return URL_PREFIX + key;
}

/** The object key behind one of our image URLs; null for anything else (no picture, or a provider's picture URL). */
export function keyOfImageUrl(url: string | null | undefined): string | null {
  if (!url?.startsWith(URL_PREFIX)) return null;
  const key = url.slice(URL_PREFIX.length);
  return KEY.test(key) ? key : null;
}

/** One of our image URLs as an absolute URL under APP_URL (emails are read far from the app); null for anything else. */
export function absoluteImageUrl(appUrl: string, url: string | null | undefined): string | null {
  const key = keyOfImageUrl(url);
  return key ? new URL(imageUrl(key), appUrl).toString() : null;
}

export function isImageKey(key: string): boolean {
  return KEY.test(key);
}

function bucket(ctx: AppContext): R2Bucket {
  if (!ctx.images) {
    console.error("The R2 binding IMAGES is missing: add it to wrangler.jsonc (r2_buckets).");
    throw new AppError("INTERNAL");
  }
  return ctx.images;
}

/** Stores the picture under its key and answers its URL. Writing the same key twice writes the same bytes. */
export async function putImage(ctx: AppContext, owner: ImageOwner, upload: Upload): Promise<string> {
  const key = await imageKey(owner, upload.bytes);
  await bucket(ctx).put(key, upload.bytes, {
    httpMetadata: { contentType: upload.info.type },
    customMetadata: { width: String(upload.info.width), height: String(upload.info.height), owner: `${owner.kind}:${owner.id}` },
  });
  return imageUrl(key);
}

/**
 * Deletes the object behind a picture that was replaced or removed, after the answer (a failure leaves an orphan in
 * the bucket, never a broken page: no row points at it any more). Nothing when the URL is the new one or not ours.
 */
export function deleteReplaced(ctx: AppContext, oldUrl: string | null | undefined, newUrl: string | null): void {
  const key = keyOfImageUrl(oldUrl);
  if (!key || oldUrl === newUrl) return;
  const images = bucket(ctx);
  ctx.background(() => images.delete(key));
}

/**
 * The policy of an image answer: nothing in it may run or load anything, even if a browser were talked into treating
 * it as a document.
 */
export const IMAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

/** GET /api/images/<key>: the stored bytes with their stored type, cached for a year (the URL changes with the image). */
export async function imageResponse(ctx: AppContext, key: string): Promise<Response> {
  if (!isImageKey(key)) throw new AppError("NOT_FOUND", "There is no such image.");
  const object = await bucket(ctx).get(key);
  if (!object) throw new AppError("NOT_FOUND", "There is no such image.");
  const type = object.httpMetadata?.contentType;
  // Only what readUpload accepted was ever stored; anything else (a hand-put object) is not served as a picture.
  if (type !== "image/png" && type !== "image/jpeg" && type !== "image/webp") throw new AppError("NOT_FOUND", "There is no such image.");
  return new Response(object.body, {
    headers: {
      "content-type": type,
      "content-length": String(object.size),
      "x-content-type-options": "nosniff",
      "cache-control": "public, max-age=31536000, immutable",
      "content-security-policy": IMAGE_CSP,
      "content-disposition": "inline",
      etag: object.httpEtag,
    },
  });
}
