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
// The built Worker needs scripts/reflect-metadata-intro.js (Nitro's rollup intro, app.config.ts) for this plugin.
import { passkey } from "@better-auth/passkey";
import { createAuthMiddleware } from "better-auth/api";
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
const answerPaths = new Set(["/passkey/verify-registration", PASSKEY_SIGN_IN_PATH]);
/** Credential ids are at most 1023 bytes (WebAuthn), so at most 1364 characters of base64url. */
const CREDENTIAL_ID_MAX = 1364;

/** The browser's answer must at least look like one, or the plugin trips over it (500) before checking anything. */
function checkAnswerShape(response: unknown): void {
  const r = response as { id?: unknown; response?: unknown } | null;
  const ok = !!r && typeof r === "object" && typeof r.id === "string" && /^[A-Za-z0-9_-]+$/.test(r.id) && r.id.length <= CREDENTIAL_ID_MAX && !!r.response && typeof r.response === "object";
  if (!ok) throw AppError.validation({ response: "This is not a passkey answer." });
}

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

  const checkBody = createAuthMiddleware(async (c: HookContext) => {
    const body = c.body as Record<string, unknown> | undefined;
    if (answerPaths.has(c.path ?? "")) checkAnswerShape(body?.response);
    if (!namedPaths.has(c.path ?? "") || !body || typeof body !== "object" || !("name" in body)) return;
    const name = checkedPasskeyName(body.name);
    return { context: { body: { ...body, name } } };
  });

  return Object.assign(plugin, {
    hooks: {
      before: [{ matcher: (c: { path?: string }) => namedPaths.has(c.path ?? "") || answerPaths.has(c.path ?? ""), handler: checkBody }],
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

/**
 * Better Auth's answer to a request under /api/auth, with one correction: the plugin answers 500
 * FAILED_TO_VERIFY_REGISTRATION when @simplewebauthn cannot read or accept what the browser sent (a wrong challenge,
 * broken base64), which is the caller's fault: 400. Done on the answer because the plugin's own status is fixed
 * before any after-hook runs.
 */
export async function correctedAuthAnswer(path: string, res: Response): Promise<Response> {
  if (res.status !== 500 || !path.endsWith("/passkey/verify-registration")) return res;
  const text = await res.clone().text();
  if (!text.includes('"FAILED_TO_VERIFY_REGISTRATION"')) return res;
  return new Response(text, { status: 400, headers: res.headers });
}
