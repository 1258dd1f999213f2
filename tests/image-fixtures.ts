/**
 * Real pictures for the image tests, 3x2 pixels, encoded by Chromium's own encoders (canvas.toDataURL), so they are
 * what a browser would upload; and files that only pretend to be pictures.
 */
const b64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

export const PNG_3X2 = b64(
  "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAYAAACddGYaAAAAGUlEQVR4AWL6Oo/7v2ryazBmMjj6gAEGAAAAAP//23f6zgAAAAZJREFUAwCkAwlbW1ZoUAAAAABJRU5ErkJggg==",
);

export const JPEG_3X2 = b64(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAACAAMDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAYEAEBAQEBAAAAAAAAAAAAAAACAQARUf/EABUBAQEAAAAAAAAAAAAAAAAAAAYH/8QAHBEAAQMFAAAAAAAAAAAAAAAAAAECcQMEMjOx/9oADAMBAAIRAxEAPwCWaTabVTV7Vb22+5map2+pkJwJVc1k/9k=",
);

/** Chromium writes an extended WebP (VP8X with a colour profile) around a lossy frame. */
export const WEBP_3X2 = b64(
  "UklGRjYCAABXRUJQVlA4WAoAAAAgAAAAAgAAAQAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggSAAAADACAJ0BKgMAAgABQCYlqAJ0ugH4AALLD8gAAP7mQjWIlWbbntcltCs/9mNfy/P+h7ZP9Ma/l+f9D8pn/yJ0zPhBBYqnzrkAAA==",
);

/** A simple lossy WebP (a bare VP8 chunk), 1x1, and a simple lossless one (VP8L), 3x2 from Chromium's frame. */
export const WEBP_LOSSY_1X1 = b64("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
export const WEBP_LOSSLESS_3X2 = (() => {
  const frame = b64("LwJAAAAP8J2xl0AfZH3+owUTENH/CA==");
  const chunk = new Uint8Array(8 + frame.length + (frame.length % 2));
  chunk.set(new TextEncoder().encode("VP8L"));
  new DataView(chunk.buffer).setUint32(4, frame.length, true);
  chunk.set(frame, 8);
  const out = new Uint8Array(12 + chunk.length);
  out.set(new TextEncoder().encode("RIFF"));
  new DataView(out.buffer).setUint32(4, 4 + chunk.length, true);
  out.set(new TextEncoder().encode("WEBP"), 8);
  out.set(chunk, 12);
  return out;
})();

const text = (s: string) => new TextEncoder().encode(s);
/** Things a person (or an attacker) might upload as "avatar.png". */
export const SVG_AS_PNG = text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="3" height="2"/></svg>');
export const HTML_AS_PNG = text("<!doctype html><script>alert(document.cookie)</script>");
/** A PNG signature with nothing after it: starts like a picture, has no size. */
export const PNG_SIGNATURE_ONLY = PNG_3X2.slice(0, 8);
/** A GIF: a real picture, but not one of the accepted types. */
export const GIF_1X1 = b64("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

/** A valid PNG padded with a trailing chunk of zeros to exactly `size` bytes (decoders ignore data after IEND). */
export function pngOfSize(size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  out.set(PNG_3X2);
  return out;
}
