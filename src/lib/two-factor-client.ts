/**
 * Better Auth's two-factor endpoints (its twoFactor plugin, src/server/auth-two-factor.ts), in the style of
 * ./auth-client: a few typed POSTs instead of Better Auth's client library and its twoFactorClient plugin. Only the
 * enrolment panel and the code step import this, and both are loaded on use, so no page carries it on first load.
 */
import { post, type AuthResult, type AuthUser } from "./auth-client";

/** Words for the plugin's codes and ours; the rest fall back to auth-client's sentences. */
const messages: Record<string, string> = {
  INVALID_CODE: "That code is not right. Check the time on your phone and enter the code your app shows now.",
  INVALID_BACKUP_CODE: "That backup code is not right, or it was already used. Each backup code works once.",
  TWO_FACTOR_CODE_USED: "That code was already used. Wait for the next code in your app and enter it.",
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: "Too many wrong codes for this sign-in. Sign in again with your password to get a new try.",
  ACCOUNT_TEMPORARILY_LOCKED: "Too many wrong codes. Two-factor sign-in for your account is paused for 15 minutes.",
  INVALID_TWO_FACTOR_COOKIE: "This sign-in has timed out (10 minutes). Sign in again with your password.",
  TOTP_ALREADY_ENABLED: "Two-factor authentication is already on.",
  TOTP_NOT_ENABLED: "Two-factor authentication is not on for your account.",
  INVALID_PASSWORD: "That is not your password.",
};

async function call<T>(path: string, body: Record<string, unknown>): Promise<AuthResult<T>> {
  const res = await post<T>(path, body);
  return res.ok ? res : { ...res, message: messages[res.code] ?? res.message };
}

/** Password for people who have one; a fresh authenticator code for people who sign in by email link only. */
export type Proof = { password: string } | { code: string };

export const twoFactorClient = {
  enable: (password: string | null) => call<{ totpURI: string; backupCodes: string[] }>("/two-factor/enable", password ? { password } : {}),
  verifyTotp: (b: { code: string; trustDevice?: boolean }) => call<{ token: string; user: AuthUser }>("/two-factor/verify-totp", b),
  verifyBackupCode: (b: { code: string; trustDevice?: boolean }) => call<{ token: string; user: AuthUser }>("/two-factor/verify-backup-code", b),
  disable: (proof: Proof) => call<{ status: boolean }>("/two-factor/disable", proof),
  generateBackupCodes: (proof: Proof) => call<{ status: boolean; backupCodes: string[] }>("/two-factor/generate-backup-codes", proof),
};

/** The secret inside an otpauth:// URI, for people who type it into their app instead of scanning. */
export function secretOf(totpURI: string): string {
  try {
    return new URL(totpURI).searchParams.get("secret") ?? "";
  } catch {
    return "";
  }
}
