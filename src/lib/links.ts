// Where a person goes after signing in: `?next=` read safely and passed on, by the auth pages and the invitation page.

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
