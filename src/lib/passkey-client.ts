/**
 * Passkeys in the browser: Better Auth's passkey endpoints (src/server/auth-passkey.ts) driven with
 * @simplewebauthn/browser, in the style of ./auth-client rather than Better Auth's client library. Only the passkey
 * parts of /signin and /account import this, on use, so no page carries the WebAuthn code on its first load.
 */
import { startAuthentication, startRegistration, WebAuthnAbortService, WebAuthnError } from "@simplewebauthn/browser";
import { get, post, type AuthResult, type AuthUser } from "./auth-client";

const messages: Record<string, string> = {
  CANCELLED: "The passkey request was cancelled or timed out. Try again when you are ready.",
  PREVIOUSLY_REGISTERED: "This device already holds a passkey for your account.",
  PASSKEY_NOT_FOUND: "This passkey is not registered with CoRATES any more. Sign in another way, then add it again.",
  AUTHENTICATION_FAILED: "The passkey could not be checked. Try again, or sign in another way.",
  FAILED_TO_VERIFY_REGISTRATION: "The passkey could not be added. Try again.",
  CHALLENGE_NOT_FOUND: "The passkey request expired. Try again.",
  SESSION_NOT_FRESH: "For your security, sign in again before adding a passkey.",
  UNSUPPORTED: "This browser cannot use passkeys. Sign in another way.",
};

function failed(code: string, fallback?: string): AuthResult<never> {
  return { ok: false, status: 0, code, message: messages[code] ?? fallback ?? messages.AUTHENTICATION_FAILED! };
}

function withWords<T>(res: AuthResult<T>): AuthResult<T> {
  return res.ok ? res : { ...res, message: messages[res.code] ?? res.message };
}

/** What the browser or the authenticator said, as one of our codes. */
function browserFailure(err: unknown): AuthResult<never> {
  if (err instanceof WebAuthnError && err.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") return failed("PREVIOUSLY_REGISTERED");
  const name = (err as { name?: string } | null)?.name;
  if (name === "NotAllowedError" || name === "AbortError") return failed("CANCELLED");
  if (name === "NotSupportedError" || name === "SecurityError") return failed("UNSUPPORTED");
  return failed("AUTHENTICATION_FAILED");
}

export function passkeysSupported(): boolean {
  return typeof window !== "undefined" && typeof window.PublicKeyCredential === "function";
}

/** Registers a passkey on this device for the signed-in person, under the name they gave it. */
export async function registerPasskey(name: string): Promise<AuthResult<{ id: string }>> {
  if (!passkeysSupported()) return failed("UNSUPPORTED");
  const options = await get<Parameters<typeof startRegistration>[0]["optionsJSON"]>(`/passkey/generate-register-options?name=${encodeURIComponent(name)}`);
  if (!options.ok) return withWords(options);
  let response: unknown;
  try {
    response = await startRegistration({ optionsJSON: options.data });
  } catch (err) {
    return browserFailure(err);
  }
  return withWords(await post<{ id: string }>("/passkey/verify-registration", { response: response as Record<string, unknown>, name }));
}

/**
 * Signs in with a passkey. `autofill`: the quiet request behind the email field's suggestions (conditional UI), which
 * waits until the person picks a passkey there; a click on the button replaces it with a modal one.
 */
export async function signInWithPasskey(autofill = false): Promise<AuthResult<{ user: AuthUser }>> {
  if (!passkeysSupported()) return failed("UNSUPPORTED");
  const options = await get<Parameters<typeof startAuthentication>[0]["optionsJSON"]>("/passkey/generate-authenticate-options");
  if (!options.ok) return withWords(options);
  let response: unknown;
  try {
    response = await startAuthentication({ optionsJSON: options.data, useBrowserAutofill: autofill });
  } catch (err) {
    return browserFailure(err);
  }
  return withWords(await post<{ user: AuthUser }>("/passkey/verify-authentication", { response: response as Record<string, unknown> }));
}

/** Whether this browser can offer passkeys in the email field's suggestions. */
export async function autofillAvailable(): Promise<boolean> {
  const pkc = passkeysSupported() ? (window.PublicKeyCredential as unknown as { isConditionalMediationAvailable?: () => Promise<boolean> }) : null;
  return !!(await pkc?.isConditionalMediationAvailable?.().catch(() => false));
}

/** Stops a pending autofill request (leaving the page). */
export function cancelPasskeyRequest(): void {
  WebAuthnAbortService.cancelCeremony();
}

export const deletePasskey = async (id: string) => withWords(await post<{ status: boolean }>("/passkey/delete-passkey", { id }));
