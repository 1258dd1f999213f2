/**
 * Sign-in with a provider as a browser does it, against the local stand-ins (tests/setup-oidc.ts): start at
 * /api/auth/sign-in/social (or /link-social), follow the authorization URL to the stand-in, sign in there as someone,
 * and bring its redirect back to /api/auth/callback/<provider> with the cookies the start set.
 */
import { inject } from "vitest";
import type { WorkerBindings } from "~/server/env";
import { APP_URL, type TestApp, type TestUser } from "./harness";

/** Both providers configured against their stand-ins. */
export function socialSettings(): Partial<WorkerBindings> {
  const { orcid, google } = inject("oidcIssuers");
  return {
    ORCID_CLIENT_ID: "corates-test-orcid",
    ORCID_CLIENT_SECRET: "orcid-test-secret",
    ORCID_ISSUER: orcid,
    GOOGLE_CLIENT_ID: "corates-test-google",
    GOOGLE_CLIENT_SECRET: "google-test-secret",
    GOOGLE_ISSUER: google,
  };
}

export type Provider = "orcid" | "google";

export interface ProviderPerson {
  email: string;
  name?: string;
  /** What the provider says about the address (true unless set). */
  verified?: boolean;
  /** A fixed subject, e.g. to sign in twice as the same provider account with another address. */
  sub?: string;
  /** The person keeps their email private: the provider's ID token carries none (`email` is then not sent). */
  privateEmail?: boolean;
}

/** A cookie header from the cookies a response set, on top of the ones sent (cleared ones dropped). */
export function withCookies(sent: string, headers: Headers): string {
  const jar = new Map(sent.split(/;\s*/).filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf("=")), pair] as const));
  for (const c of headers.getSetCookie()) {
    const pair = c.split(";")[0]!;
    const name = pair.slice(0, pair.indexOf("="));
    if (pair.slice(name.length + 1) === "" || /max-age=0/i.test(c)) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()].join("; ");
}

export interface Started {
  status: number;
  body: any;
  /** The provider's authorization URL (when the start succeeded). */
  authorizeUrl: URL | null;
  /** The cookies the browser holds now (the state cookie included). */
  cookie: string;
}

/** Starts a provider sign-in (or, for a signed-in person, a link) as the browser's button does. */
export async function startAt(app: TestApp, provider: Provider, opts: { callbackURL?: string; errorCallbackURL?: string; newUserCallbackURL?: string; as?: TestUser; link?: boolean } = {}): Promise<Started> {
  const body = {
    provider,
    callbackURL: opts.callbackURL ?? "/",
    errorCallbackURL: opts.errorCallbackURL ?? `/signin?social=${provider}`,
    ...(opts.link ? {} : { newUserCallbackURL: opts.newUserCallbackURL ?? opts.callbackURL ?? "/" }),
    disableRedirect: true,
  };
  const res = await app.request("POST", opts.link ? "/api/auth/link-social" : "/api/auth/sign-in/social", { body, as: opts.as });
  return {
    status: res.status,
    body: res.body,
    authorizeUrl: typeof res.body?.url === "string" ? new URL(res.body.url) : null,
    cookie: withCookies(opts.as?.cookie ?? "", res.headers),
  };
}

/** Signs in at the stand-in (or declines) and returns where it sends the browser back to. */
export async function atProvider(authorizeUrl: URL, person: ProviderPerson | { deny: true }): Promise<URL> {
  const url = new URL(authorizeUrl);
  if ("deny" in person) url.searchParams.set("login_deny", "1");
  else if (person.privateEmail) {
    url.searchParams.set("login_private_email", "1");
    if (person.name) url.searchParams.set("login_name", person.name);
  } else {
    url.searchParams.set("login_email", person.email);
    if (person.name) url.searchParams.set("login_name", person.name);
    if (person.verified === false) url.searchParams.set("login_verified", "false");
    if (person.sub) url.searchParams.set("login_sub", person.sub);
  }
  const res = await fetch(url, { redirect: "manual" });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`the stand-in answered ${res.status} without a redirect`);
  return new URL(location);
}

export interface Landed {
  status: number;
  /** Where our callback sent the browser, relative to the app when it is ours. */
  location: string;
  cookie: string;
  /** The session token cookie the callback set, if it signed someone in. */
  signedIn: boolean;
}

/** Brings the provider's redirect back to our callback with the browser's cookies. */
export async function callBack(app: TestApp, callbackUrl: URL, cookie: string): Promise<Landed> {
  if (!callbackUrl.href.startsWith(`${APP_URL}/api/auth/callback/`)) throw new Error(`unexpected redirect target ${callbackUrl.href}`);
  const res = await app.request("GET", callbackUrl.pathname + callbackUrl.search, { as: cookie || null });
  const location = res.headers.get("location") ?? "";
  const after = withCookies(cookie, res.headers);
  return {
    status: res.status,
    location: location.startsWith(APP_URL) ? location.slice(APP_URL.length) || "/" : location,
    cookie: after,
    signedIn: /session_token=[^;]+/.test(after) && res.headers.getSetCookie().some((c) => c.includes("session_token=") && !/max-age=0/i.test(c)),
  };
}

/** The whole round: start, sign in at the provider as `person`, come back. */
export async function signInWith(app: TestApp, provider: Provider, person: ProviderPerson, opts: Parameters<typeof startAt>[2] = {}): Promise<Landed> {
  const started = await startAt(app, provider, opts);
  if (!started.authorizeUrl) throw new Error(`the start answered ${started.status}: ${JSON.stringify(started.body)}`);
  return callBack(app, await atProvider(started.authorizeUrl, person), started.cookie);
}

/** The signed-in person behind a cookie header, through the API (null when the cookie signs no one in). */
export async function whoIs(app: TestApp, cookie: string): Promise<{ id: string; email: string } | null> {
  const me = await app.request("GET", "/api/me", { as: cookie });
  return me.status === 200 ? { id: me.body.user.id, email: me.body.user.email } : null;
}
