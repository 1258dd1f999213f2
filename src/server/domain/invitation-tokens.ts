/**
 * Invitation tokens. The emailed token is 32 random bytes (256 bits) in base64url; the database keeps only its SHA-256
 * hex digest, so a leaked database or backup holds no working invitation link.
 */

export const INVITATION_TTL_SECONDS = 7 * 24 * 60 * 60;

/** 32 bytes in unpadded base64url are always 43 characters of this alphabet. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function base64url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function hashInvitationToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A fresh token (for the email) and its hash (for the row). */
export async function newInvitationToken(): Promise<{ token: string; hash: string }> {
  const token = base64url(crypto.getRandomValues(new Uint8Array(32)));
  return { token, hash: await hashInvitationToken(token) };
}

/** Anything else cannot be one of ours: answer "unknown" without touching the database. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/**
 * Expiry 7 days from `now`, on a whole second: rows store seconds, so the value we return is the value we stored.
 */
export function invitationExpiry(now: Date = new Date()): Date {
  return new Date((Math.floor(now.getTime() / 1000) + INVITATION_TTL_SECONDS) * 1000);
}

export function invitationUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/invite/${token}`;
}
