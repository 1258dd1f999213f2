/** Helpers for tests of two-factor sign-in: a cookie jar as a browser keeps it, and enrolment through the real endpoints. */
import { TOTP } from "otpauth";
import { expect } from "vitest";
import type { ApiResponse, TestApp } from "./harness";

export const PASSWORD = "correct horse battery";

/** Cookies as a browser keeps them: each Set-Cookie replaces its name, an empty or Max-Age=0 one removes it. */
export class Jar {
  private cookies = new Map<string, string>();
  constructor(header = "") {
    for (const pair of header.split(";").map((p) => p.trim()).filter(Boolean)) this.cookies.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
  }
  take(res: ApiResponse): this {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const name = pair!.slice(0, pair!.indexOf("="));
      const value = pair!.slice(pair!.indexOf("=") + 1);
      if (!value || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }
  has(part: string): boolean {
    return [...this.cookies.keys()].some((n) => n.includes(part));
  }
  without(part: string): Jar {
    const j = new Jar();
    for (const [n, v] of this.cookies) if (!n.includes(part)) j.cookies.set(n, v);
    return j;
  }
  get header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
  }
}

/** The authenticator a person would scan: the secret from the otpauth:// URI Better Auth returned. */
export function authenticator(totpURI: string): TOTP {
  const url = new URL(totpURI);
  return new TOTP({ secret: url.searchParams.get("secret")!, digits: 6, period: 30 });
}

/** A code of the authenticator one period from now (still accepted, and not the one just used). */
export function nextCode(totp: TOTP): string {
  return totp.generate({ timestamp: Date.now() + 30_000 });
}

/** Signs a person up with a password and signs them in; their jar holds the session. */
export async function passwordUser(app: TestApp, email: string): Promise<Jar> {
  const user = await app.signInWithPassword({ email });
  return new Jar(user.cookie);
}

/** Enrols through /two-factor/enable and a first code, as the account page does; returns the authenticator and codes. */
export async function enrol(app: TestApp, jar: Jar): Promise<{ totp: TOTP; backupCodes: string[] }> {
  const enabled = await app.request("POST", "/api/auth/two-factor/enable", { as: jar.header, body: { password: PASSWORD } });
  expect(enabled.status).toBe(200);
  jar.take(enabled);
  const totp = authenticator(enabled.body.totpURI);
  const verified = await app.request("POST", "/api/auth/two-factor/verify-totp", { as: jar.header, body: { code: totp.generate() } });
  expect(verified.status).toBe(200);
  jar.take(verified);
  return { totp, backupCodes: enabled.body.backupCodes };
}

/** A password sign-in from a browser with `jar`'s cookies (say a trusted device's). */
export async function signIn(app: TestApp, email: string, jar = new Jar(), password = PASSWORD): Promise<{ res: ApiResponse; jar: Jar }> {
  const res = await app.request("POST", "/api/auth/sign-in/email", { as: jar.header || null, body: { email, password } });
  return { res, jar: jar.take(res) };
}
