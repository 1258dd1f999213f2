/**
 * Passkeys with Better Auth's own passkey plugin (@better-auth/passkey): WebAuthn registration on /account, sign-in
 * from /signin, list, rename and delete. The plugin checks every credential; this file adds only what the app needs
 * around it:
 * - the relying party is the app's configured address (APP_URL): its host name is the rpID and its origin the only
 *   origin accepted, whatever Origin header a request carries;
 * - a session that began with a passkey is marked (session.passkeySignIn), because a passkey counts as two factors
 *   (docs/adr/0013-passkeys-count-as-two-factors.md);
 * - a passkey's name follows a rule (trimmed, 1-64 characters, no control characters), like every name in the app;
 * - a registration answer the plugin cannot read is the caller's fault (400), not a server fault (the plugin says 500).
 * Rate limits on these endpoints are in src/server/rate-limit.ts (authRules), run by Better Auth's before-hook.
 */
import { passkey } from "@better-auth/passkey";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { CONTROL_CHARACTERS } from "~/lib/schemas";
import type { AppEnv } from "./env";
import { AppError } from "./errors";

/** The path of the plugin's sign-in; sessions it creates count as two factors. */
export const PASSKEY_SIGN_IN_PATH = "/passkey/verify-authentication";
export const PASSKEY_NAME_MAX = 64;

/** A passkey's name as given: trimmed, else VALIDATION_FAILED on `name`. Absent stays absent (the plugin allows it). */
export function checkedPasskeyName(name: unknown): string | undefined {
  if (name === undefined || name === null) return undefined;
  const trimmed = typeof name === "string" ? name.trim() : "";
  if (!trimmed) throw AppError.validation({ name: "Give the passkey a name, such as the device it is on." });
  if (trimmed.length > PASSKEY_NAME_MAX) throw AppError.validation({ name: `Use at most ${PASSKEY_NAME_MAX} characters.` });
  if (new RegExp(CONTROL_CHARACTERS.source).test(trimmed)) throw AppError.validation({ name: "Use letters, numbers and punctuation only." });
  return trimmed;
}

const namedPaths = new Set(["/passkey/verify-registration", "/passkey/update-passkey"]);

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

export function passkeyPlugin(env: AppEnv) {
  const url = new URL(env.appUrl);
  const plugin = passkey({
    rpID: url.hostname,
    rpName: "CoRATES",
    origin: url.origin,
    // Discoverable credentials, so /signin can offer them without an email typed first (and in the browser's
    // autofill); the device asks for its PIN or fingerprint when it can.
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });

  const checkName = createAuthMiddleware(async (c: HookContext) => {
    const body = c.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== "object" || !("name" in body)) return;
    const name = checkedPasskeyName(body.name);
    return { context: { body: { ...body, name } } };
  });

  // The plugin answers 500 when @simplewebauthn cannot parse what the browser sent; that is bad input.
  const badRegistration = createAuthMiddleware(async (c: HookContext) => {
    const returned = c.context.returned;
    if (returned instanceof APIError && returned.statusCode === 500 && (returned.body as { code?: string } | undefined)?.code === "FAILED_TO_VERIFY_REGISTRATION") {
      throw new APIError("BAD_REQUEST", { code: "FAILED_TO_VERIFY_REGISTRATION", message: "Failed to verify registration" });
    }
  });

  return Object.assign(plugin, {
    hooks: {
      before: [{ matcher: (c: { path?: string }) => namedPaths.has(c.path ?? ""), handler: checkName }],
      after: [{ matcher: (c: { path?: string }) => c.path === "/passkey/verify-registration", handler: badRegistration }],
    },
  });
}

/**
 * Better Auth's session create hook: marks the sessions the passkey sign-in makes. The flag is ours (input: false in
 * the session's additional fields), so no request body can set it.
 */
export async function markPasskeySession<S extends Record<string, unknown>>(session: S, context: { path?: string } | null | undefined) {
  return context?.path === PASSKEY_SIGN_IN_PATH ? { data: { ...session, passkeySignIn: true } } : undefined;
}
