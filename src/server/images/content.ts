/**
 * What an uploaded picture really is, read from its bytes: the name and the declared type are the sender's word, the
 * bytes are what a browser will decode. A file is accepted only when its signature is PNG, JPEG or WebP AND the header
 * that carries its dimensions parses to a plausible size, so an HTML or SVG file renamed .png, or a truncated file that
 * only starts like an image, is refused.
 */

export type ImageType = "image/png" | "image/jpeg" | "image/webp";

export interface ImageInfo {
  type: ImageType;
  width: number;
  height: number;
}

/** Larger sides than this are not a profile picture (and would make browsers allocate huge bitmaps). */
const MAX_SIDE = 16_384;

function plausible(type: ImageType, width: number, height: number): ImageInfo | null {
  return width >= 1 && height >= 1 && width <= MAX_SIDE && height <= MAX_SIDE ? { type, width, height } : null;
}

function ascii(b: Uint8Array, at: number, text: string): boolean {
  if (at + text.length > b.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);

/** PNG: the 8-byte signature, then the IHDR chunk first, which holds width and height. */
function png(b: Uint8Array): ImageInfo | null {
  if (b.length < 24 || !(b[0] === 0x89 && ascii(b, 1, "PNG\r\n\x1a\n") && ascii(b, 12, "IHDR"))) return null;
  return plausible("image/png", u32be(b, 16), u32be(b, 20));
}

/** JPEG: SOI, then segments up to a start-of-frame marker, which holds height and width. */
function jpeg(b: Uint8Array): ImageInfo | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return null;
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1]!;
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = u16be(b, at + 2);
    if (length < 2) return null;
    // SOF0-SOF15 except DHT (c4), JPG (c8) and DAC (cc).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > b.length) return null;
      return plausible("image/jpeg", u16be(b, at + 7), u16be(b, at + 5));
    }
    // Start of scan or end of image before any frame header: not a picture we can size.
    if (marker === 0xda || marker === 0xd9) return null;
    at += 2 + length;
  }
  return null;
}

/** WebP: a RIFF container of type WEBP whose first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended). */
function webp(b: Uint8Array): ImageInfo | null {
  if (b.length < 30 || !ascii(b, 0, "RIFF") || !ascii(b, 8, "WEBP")) return null;
  if (ascii(b, 12, "VP8 ")) {
    // A key frame's start code, then 14-bit width and height (the top two bits are a scale).
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
    return plausible("image/webp", (b[26]! | (b[27]! << 8)) & 0x3fff, (b[28]! | (b[29]! << 8)) & 0x3fff);
  }
  if (ascii(b, 12, "VP8L")) {
    if (b[20] !== 0x2f) return null;
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return plausible("image/webp", (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (ascii(b, 12, "VP8X")) return plausible("image/webp", u24le(b, 24) + 1, u24le(b, 27) + 1);
  return null;
}

/** The picture's type and size, or null when the bytes are not a PNG, JPEG or WebP whose size header parses. */
export function sniffImage(bytes: Uint8Array): ImageInfo | null {
  return png(bytes) ?? jpeg(bytes) ?? webp(bytes);
}
