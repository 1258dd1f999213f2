/**
 * A tiny typed client for Better Auth's endpoints under /api/auth, used by the sign-in pages in the browser, which
 * load it on use through ./auth (withAuthClient, preloadAuthClient) rather than with the page.
 * We do not ship better-auth's own client library: these pages need a handful of POSTs, and every kilobyte of client
 * JavaScript counts. Errors are recognised by Better Auth's error *codes* (never its message text, which changes
 * between versions) and by our own API's codes (rate limit, cross-site refusal), then turned into words for people.
 */
import { UNREACHABLE } from "./messages";

const BASE = "/api/auth";

export type AuthFailure = {
  ok: false;
  status: number;
  /** Better Auth's code (INVALID_EMAIL_OR_PASSWORD…), ours (RATE_LIMITED…), or NETWORK when nothing came back. */
  code: string;
  /** A sentence fit to show a person. */
  message: string;
  /** Field messages when the server sent them (our VALIDATION_FAILED). */
  fields?: Record<string, string>;
};
export type AuthResult<T> = { ok: true; data: T } | AuthFailure;

export interface AuthUser {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
}

/** Friendly words per error code. Unknown codes fall back to a generic sentence (never the library's text). */
const messages: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: "That email and password don't match. Check them and try again, or reset your password.",
  EMAIL_NOT_VERIFIED: "Your email address isn't verified yet. Open the link we emailed you to finish setting up your account.",
  INVALID_EMAIL: "Enter a valid email address.",
  PASSWORD_TOO_SHORT: "Use at least 8 characters.",
  PASSWORD_TOO_LONG: "Use at most 128 characters.",
  INVALID_PASSWORD: "That is not your current password.",
  INVALID_TOKEN: "This link is invalid or has already been used.",
  TOKEN_EXPIRED: "This link has expired.",
  USER_NOT_FOUND: "We couldn't find an account for this link.",
  EMAIL_ALREADY_VERIFIED: "This email address is already verified. You can sign in.",
  USER_ALREADY_EXISTS: "An account with this email already exists. Sign in instead.",
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: "An account with this email already exists. Sign in instead.",
  CREDENTIAL_ACCOUNT_NOT_FOUND: "Your account has no password yet. Use “Forgot password” to set one.",
  SESSION_EXPIRED: "For your security, please sign in again before doing this.",
  SESSION_NOT_FRESH: "For your security, please sign in again before doing this.",
  UNAUTHORIZED: "Your session has ended. Please sign in again.",
  AUTH_REQUIRED: "Your session has ended. Please sign in again.",
  RATE_LIMITED: "Too many attempts. Please wait a moment and try again.",
  CSRF_REJECTED: "This request was refused for security reasons. Reload the page and try again.",
  INVALID_ORIGIN: "This request was refused for security reasons. Reload the page and try again.",
  MISSING_OR_NULL_ORIGIN: "This request was refused for security reasons. Reload the page and try again.",
  CROSS_SITE_NAVIGATION_LOGIN_BLOCKED: "This request was refused for security reasons. Reload the page and try again.",
  INVALID_CALLBACK_URL: "That return address is not allowed. Reload the page and try again.",
  VALIDATION_ERROR: "Some fields need attention.",
  VALIDATION_FAILED: "Some fields need attention.",
  NETWORK: UNREACHABLE,
};
const GENERIC = "Something went wrong on our side. Please try again.";

function bannedMessage(reason: unknown, expiresAt: unknown): string {
  const until = typeof expiresAt === "string" && expiresAt ? ` until ${expiresAt.slice(0, 10)}` : "";
  return `This account has been suspended${until}.${typeof reason === "string" && reason ? ` Reason: ${reason}` : ""}`;
}

export function authErrorMessage(code: string): string {
  return messages[code] ?? GENERIC;
}

/** Reads Better Auth's `{code, message}` or our `{error: {code, details}}` error bodies. */
function failure(status: number, body: unknown, retryAfter: string | null): AuthFailure {
  const b = (body ?? {}) as { code?: unknown; error?: { code?: unknown; details?: { fields?: Record<string, string>; reason?: unknown; expiresAt?: unknown } } };
  let code = typeof b.error?.code === "string" ? b.error.code : typeof b.code === "string" ? b.code : "";
  if (!code) code = status === 429 ? "RATE_LIMITED" : status === 401 ? "UNAUTHORIZED" : "INTERNAL";
  let message = authErrorMessage(code);
  const seconds = Number(retryAfter);
  if (code === "RATE_LIMITED" && seconds > 0) message = `Too many attempts. Please try again in ${seconds < 90 ? `${Math.ceil(seconds)} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`;
  // A banned person is told why and until when (src/server/admin/sign-in-gate.ts), in the page's words.
  if (code === "ACCOUNT_BANNED") message = bannedMessage(b.error?.details?.reason, b.error?.details?.expiresAt);
  return { ok: false, status, code, message, fields: b.error?.details?.fields };
}

async function call<T>(method: "GET" | "POST", path: string, body?: Record<string, unknown>): Promise<AuthResult<T>> {
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      credentials: "same-origin",
      headers: body ? { "content-type": "application/json", accept: "application/json" } : { accept: "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    return { ok: false, status: 0, code: "NETWORK", message: authErrorMessage("NETWORK") };
  }
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    /* empty or non-JSON body */
  }
  if (!res.ok) return failure(res.status, data, res.headers.get("retry-after"));
  return { ok: true, data: data as T };
}

export const post = <T>(path: string, body: Record<string, unknown>) => call<T>("POST", path, body);
export const get = <T>(path: string) => call<T>("GET", path);

/** The endpoints these pages use; paths and bodies as Better Auth 1.7 defines them (node_modules/better-auth/dist). */
export const authClient = {
  signInEmail: (b: { email: string; password: string; callbackURL?: string }) =>
    post<{ redirect: boolean; url?: string; user: AuthUser }>("/sign-in/email", b),
  signUpEmail: (b: { name: string; email: string; password: string; callbackURL?: string }) =>
    post<{ token: string | null; user: AuthUser }>("/sign-up/email", b),
  sendVerificationEmail: (b: { email: string; callbackURL?: string }) => post<{ status: boolean }>("/send-verification-email", b),
  signInMagicLink: (b: { email: string; callbackURL?: string; newUserCallbackURL?: string; errorCallbackURL?: string }) =>
    post<{ status: boolean }>("/sign-in/magic-link", b),
  requestPasswordReset: (b: { email: string; redirectTo?: string }) => post<{ status: boolean }>("/request-password-reset", b),
  resetPassword: (b: { newPassword: string; token: string }) => post<{ status: boolean }>("/reset-password", b),
  updateUser: (b: { name: string }) => post<{ status: boolean }>("/update-user", b),
  changePassword: (b: { currentPassword: string; newPassword: string; revokeOtherSessions?: boolean }) =>
    post<{ token: string | null; user: AuthUser }>("/change-password", b),
  revokeOtherSessions: () => post<{ status: boolean }>("/revoke-other-sessions", {}),
  signOut: () => post<{ success: boolean }>("/sign-out", {}),
};

// The helpers the auth pages once imported from here (tests still do); pages import them from their own modules, so
// that only a call to Better Auth loads this file.
export { focusFirstError, formValues, useHydrated } from "./forms";
export { param, safeNext, verifyLanding, withNext } from "./links";
