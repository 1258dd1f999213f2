/**
 * Better Auth's provider endpoints, loaded when a provider button is clicked (never with the page). Starting a sign-in
 * or a link answers with the provider's address, where the browser then goes; the provider sends it back to
 * /api/auth/callback/<provider>, and Better Auth on to our callback (or error) address.
 */
import { authErrorMessage, type AuthFailure, type AuthResult } from "./auth-client";

async function post<T>(path: string, body: Record<string, unknown>): Promise<AuthResult<T>> {
  let res: Response;
  try {
    res = await fetch(`/api/auth${path}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, code: "NETWORK", message: authErrorMessage("NETWORK") };
  }
  const data = (await res.json().catch(() => null)) as { code?: string; error?: { code?: string } } | null;
  if (res.ok) return { ok: true, data: data as T };
  const code = data?.error?.code ?? data?.code ?? (res.status === 429 ? "RATE_LIMITED" : "INTERNAL");
  return { ok: false, status: res.status, code, message: socialErrorMessage(code) };
}

function socialErrorMessage(code: string): string {
  if (code === "FAILED_TO_UNLINK_LAST_ACCOUNT") return "This is your only way to sign in, so it cannot be removed. Add another first.";
  if (code === "ACCOUNT_NOT_FOUND") return "That sign-in method is already gone. Reload the page.";
  if (/^INVALID_(ERROR_|NEW_USER_)?CALLBACK_URL$/.test(code)) return authErrorMessage("INVALID_CALLBACK_URL");
  return authErrorMessage(code);
}

/**
 * The provider buttons' click: goes to the provider to sign in, then on to `next` (the invitation, say; a same-site
 * path already, which Better Auth checks again), or back to /signin saying what failed. Answers null while the browser
 * leaves, else what to tell the person.
 */
export async function startSignIn(provider: string, next: string | null): Promise<string | null> {
  const errorCallbackURL = `/signin?social=${provider}${next ? `&next=${encodeURIComponent(next)}` : ""}`;
  const res = await goSignIn(provider, { callbackURL: next ?? "/", errorCallbackURL });
  return res.code === "REDIRECTING" ? null : res.message;
}

/** Goes to the provider to sign in; returns only when that could not start. */
export async function goSignIn(provider: string, to: { callbackURL: string; errorCallbackURL: string }): Promise<AuthFailure> {
  const res = await post<{ url?: string }>("/sign-in/social", { provider, ...to, newUserCallbackURL: to.callbackURL, disableRedirect: true });
  return follow(res);
}

/** Goes to the provider to link it to the signed-in account; returns only when that could not start. */
export async function goLink(provider: string, to: { callbackURL: string; errorCallbackURL: string }): Promise<AuthFailure> {
  return follow(await post<{ url?: string }>("/link-social", { provider, ...to, disableRedirect: true }));
}

export function unlink(accountId: string): Promise<AuthResult<{ status: boolean }>> {
  return post("/unlink-account", { accountId });
}

function follow(res: AuthResult<{ url?: string }>): AuthFailure {
  if (res.ok && res.data.url) {
    window.location.assign(res.data.url);
    // The page is leaving; nothing to show.
    return { ok: false, status: 0, code: "REDIRECTING", message: "" };
  }
  return res.ok ? { ok: false, status: 500, code: "INTERNAL", message: authErrorMessage("INTERNAL") } : res;
}
