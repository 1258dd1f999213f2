/** The one error type of the app. The API maps it to a status and JSON; the UI maps it to a message. */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  AUTH_REQUIRED: 401,
  FORBIDDEN: 403,
  TWO_FACTOR_REQUIRED: 403,
  CSRF_REJECTED: 403,
  INVITATION_EMAIL_MISMATCH: 403,
  ACCOUNT_BANNED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  SLUG_TAKEN: 409,
  USERNAME_TAKEN: 409,
  ALREADY_MEMBER: 409,
  LAST_OWNER: 409,
  INVITATION_ALREADY_ACCEPTED: 409,
  INVITATION_EXPIRED: 410,
  INVITATION_CANCELLED: 410,
  TWO_FACTOR_CODE_USED: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  IMAGE_TOO_LARGE: 413,
  UNSUPPORTED_IMAGE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

const defaultMessages: Record<ErrorCode, string> = {
  VALIDATION_FAILED: "Some fields need attention.",
  AUTH_REQUIRED: "Please sign in to continue.",
  FORBIDDEN: "Your role does not allow this.",
  TWO_FACTOR_REQUIRED:
    "This workspace requires two-factor authentication: a code from an app on your phone as well as your password. Turn it on in your account settings, then come back.",
  CSRF_REJECTED: "This request came from an untrusted site and was refused.",
  INVITATION_EMAIL_MISMATCH: "This invitation was sent to a different email address.",
  ACCOUNT_BANNED: "This account has been suspended by the site's administrators.",
  NOT_FOUND: "We could not find that.",
  METHOD_NOT_ALLOWED: "This address does not accept that method.",
  SLUG_TAKEN: "That address is already taken. Try another one.",
  USERNAME_TAKEN: "That username is taken. Try another one.",
  ALREADY_MEMBER: "That person is already a member.",
  LAST_OWNER: "Every workspace needs at least one owner. Make someone else an owner first.",
  INVITATION_ALREADY_ACCEPTED: "This invitation has already been accepted.",
  INVITATION_EXPIRED: "This invitation has expired. Ask the person who invited you for a new link.",
  INVITATION_CANCELLED: "This invitation was cancelled. Ask the person who invited you for a new link.",
  TWO_FACTOR_CODE_USED: "That code was already used. Wait for the next code in your app and enter it.",
  IDEMPOTENCY_KEY_REUSED: "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
  IMAGE_TOO_LARGE: "That picture is larger than 2 MB. Choose a smaller one.",
  UNSUPPORTED_IMAGE: "That file is not a PNG, JPEG or WebP picture.",
  RATE_LIMITED: "Too many attempts. Please wait a moment and try again.",
  INTERNAL: "Something went wrong on our side. Please try again.",
  UNAVAILABLE: "The service is busy for a moment. Please try again in a few seconds.",
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>, retryAfterSeconds?: number) {
    super(message ?? defaultMessages[code]);
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }

  static validation(fields: Record<string, string>): AppError {
    return new AppError("VALIDATION_FAILED", undefined, { fields });
  }
}

/**
 * D1's failures that are worth retrying (Cloudflare's D1 documentation, "Retry queries"): the connection was lost, the
 * database's object was reset or restarted, or it is overloaded. A write batch is one transaction, so it either
 * committed or not; with a lost answer it may have committed, which a retried create settles with Idempotency-Key.
 */
const TRANSIENT_D1 = /Network connection lost|caused object to be reset|reset because its code was updated|D1 DB is overloaded|Too many requests queued/i;

/** Seconds a client is asked to wait before retrying after a transient database failure. */
const UNAVAILABLE_RETRY_AFTER_S = 2;

/**
 * Anything that is not an AppError becomes INTERNAL, or UNAVAILABLE (503 with Retry-After) for a transient database
 * failure: SQL and stack traces are logged, never shown.
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (TRANSIENT_D1.test(String((e as { message?: unknown }).message ?? ""))) {
      console.error("Transient database failure", err);
      return new AppError("UNAVAILABLE", undefined, undefined, UNAVAILABLE_RETRY_AFTER_S);
    }
  }
  console.error("Unexpected error", err);
  return new AppError("INTERNAL");
}
