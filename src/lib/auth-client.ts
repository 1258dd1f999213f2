/**
 * A tiny typed client for Better Auth's endpoints under /api/auth, used by the sign-in pages in the browser.
 * We do not ship better-auth's own client library: these pages need a handful of POSTs, and every kilobyte of client
 * JavaScript counts. Errors are recognised by Better Auth's error *codes* (never its message text, which changes
 * between versions) and by our own API's codes (rate limit, cross-site refusal), then turned into words for people.
 */
import { createSignal, onMount } from "solid-js";

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
  NETWORK: "We couldn't reach the server. Check your connection and try again.",
};
const GENERIC = "Something went wrong on our side. Please try again.";

export function authErrorMessage(code: string): string {
  return messages[code] ?? GENERIC;
}

/** Reads Better Auth's `{code, message}` or our `{error: {code, details}}` error bodies. */
function failure(status: number, body: unknown, retryAfter: string | null): AuthFailure {
  const b = (body ?? {}) as { code?: unknown; error?: { code?: unknown; details?: { fields?: Record<string, string> } } };
  let code = typeof b.error?.code === "string" ? b.error.code : typeof b.code === "string" ? b.code : "";
  if (!code) code = status === 429 ? "RATE_LIMITED" : status === 401 ? "UNAUTHORIZED" : "INTERNAL";
  let message = authErrorMessage(code);
  const seconds = Number(retryAfter);
  if (code === "RATE_LIMITED" && seconds > 0) message = `Too many attempts. Please try again in ${seconds < 90 ? `${Math.ceil(seconds)} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`;
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

const post = <T>(path: string, body: Record<string, unknown>) => call<T>("POST", path, body);

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

/**
 * A same-site path to return to after signing in, or null. Mirrors Better Auth's own rule for relative callback URLs
 * (one leading "/", no backslashes, control characters or encoded slashes in the path), so every `next` we pass on is
 * one it accepts, and nothing can send a person to another site.
 */
export function safeNext(raw: string | string[] | undefined | null): string | null {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || value.length > 2000) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return null;
  const q = value.search(/[?#]/);
  if (/%2f|%5c/i.test(q === -1 ? value : value.slice(0, q))) return null;
  try {
    return new URL(value, "http://n.invalid").origin === "http://n.invalid" ? value : null;
  } catch {
    return null;
  }
}

/** The first value of a search parameter (the router gives arrays for repeated keys). */
export function param(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** `path` with `?next=` (or `&next=`) added when there is somewhere to return to. */
export function withNext(path: string, next: string | null, extra?: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  if (next) params.set("next", next);
  for (const [k, v] of Object.entries(extra ?? {})) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `${path}${path.includes("?") ? "&" : "?"}${qs}` : path;
}

/** Where the verification email's link lands (Better Auth adds `?error=` there when the token is bad). */
export function verifyLanding(next: string | null): string {
  return withNext("/verify-email", next);
}

/** Form values as strings (what the Zod schemas parse); read from the DOM so typing before hydration is kept. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  new FormData(form).forEach((v, k) => {
    if (typeof v === "string") out[k] = v;
  });
  return out;
}

/** Moves focus to the first field marked invalid, so keyboard and screen-reader users land on the problem. */
export function focusFirstError(form: HTMLFormElement | undefined) {
  queueMicrotask(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

/**
 * False in the server-rendered HTML, true once the page's script runs. Submit buttons stay disabled until then:
 * a form submitted before hydration would be sent natively (these pages need their script to talk to the API).
 */
export function useHydrated() {
  const [hydrated, setHydrated] = createSignal(false);
  onMount(() => setHydrated(true));
  return hydrated;
}
