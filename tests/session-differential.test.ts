/**
 * Our one-round-trip session reader (src/server/session.ts, used by pages, server functions and /api/*) must answer
 * every cookie exactly as Better Auth's own GET /api/auth/get-session does: same person or none, the same Set-Cookie
 * headers (a refreshed cookie keeps or drops Max-Age as Better Auth would; a dead cookie is cleared the same way), and
 * the same session row afterwards (refreshed, left alone or deleted).
 *
 * Each case starts from a real session made by Better Auth's password sign-in (remember me on or off), on an http and
 * an https app. The case then ages, revokes or tampers with it; the same cookie header goes to Better Auth and to our
 * reader (GET /api/me), with the session row put back between the two so both see the same state.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session } from "~/db/schema";
import { SESSION_EXPIRES_IN_S, SESSION_UPDATE_AGE_S } from "~/server/session";
import { createTestApp, type TestApp, type TestUser } from "./harness";

const DAY = 86_400_000;
const EXPIRES_IN = SESSION_EXPIRES_IN_S * 1000;
const UPDATE_AGE = SESSION_UPDATE_AGE_S * 1000;
/** Session times are stored in whole seconds, and the two requests run a moment apart. */
const TOLERANCE_MS = 5_000;

type Row = typeof session.$inferSelect;

interface Outcome {
  userId: string | null;
  setCookies: string[];
  row: { expiresAt: number; updatedAt: number } | null;
}

interface Situation {
  /** The cookie header to send. */
  cookie: (u: TestUser) => string;
  /** The session row before the request: changed in place, or null to remove it (revoked). */
  row?: (r: Row, now: number) => Partial<Row> | null;
}

const apps: Record<"http" | "https", TestApp> = {} as never;
const users: Record<string, TestUser> = {};

beforeAll(async () => {
  apps.http = await createTestApp();
  apps.https = await createTestApp({ APP_URL: "https://corates.example" });
  for (const scheme of ["http", "https"] as const) {
    for (const remember of [true, false]) users[`${scheme}:${remember}`] = await apps[scheme].signInWithPassword({ rememberMe: remember });
  }
});
afterAll(async () => {
  await apps.http?.close();
  await apps.https?.close();
});

async function readRow(app: TestApp, id: string): Promise<Row | undefined> {
  return (await app.db.select().from(session).where(eq(session.id, id)))[0];
}

/** Puts the session row back exactly as `snapshot` (or removes it), so both readers start from the same state. */
async function restore(app: TestApp, id: string, snapshot: Row | null) {
  await app.db.delete(session).where(eq(session.id, id));
  if (snapshot) await app.db.insert(session).values(snapshot);
}

async function outcome(app: TestApp, u: TestUser, cookie: string, via: "better-auth" | "ours"): Promise<Outcome> {
  const res =
    via === "better-auth"
      ? await app.request("GET", "/api/auth/get-session", { as: cookie || null })
      : await app.request("GET", "/api/me", { as: cookie || null });
  let userId: string | null;
  if (via === "better-auth") {
    expect(res.status).toBe(200);
    userId = res.body?.user?.id ?? null;
  } else {
    expect([200, 401]).toContain(res.status);
    userId = res.status === 200 ? res.body.user.id : null;
  }
  const row = await readRow(app, u.sessionId);
  return { userId, setCookies: res.headers.getSetCookie().sort(), row: row ? { expiresAt: row.expiresAt.getTime(), updatedAt: row.updatedAt.getTime() } : null };
}

/** Builds the situation once, asks Better Auth, puts the row back, asks ours; returns both answers. */
async function compare(scheme: "http" | "https", remember: boolean, s: Situation) {
  const app = apps[scheme];
  const u = users[`${scheme}:${remember}`]!;
  const original = (await readRow(app, u.sessionId))!;
  const now = Date.now();
  const change = s.row ? s.row(original, now) : {};
  const start: Row | null = change === null ? null : { ...original, ...change };
  const cookie = s.cookie(u);
  try {
    await restore(app, u.sessionId, start);
    const theirs = await outcome(app, u, cookie, "better-auth");
    await restore(app, u.sessionId, start);
    const ours = await outcome(app, u, cookie, "ours");
    return { theirs, ours, u };
  } finally {
    await restore(app, u.sessionId, original);
  }
}

function expectSame(theirs: Outcome, ours: Outcome) {
  expect(ours.userId, "signed in as").toBe(theirs.userId);
  expect(ours.setCookies, "Set-Cookie").toEqual(theirs.setCookies);
  expect(ours.row === null, "row deleted").toBe(theirs.row === null);
  if (theirs.row && ours.row) {
    expect(Math.abs(ours.row.expiresAt - theirs.row.expiresAt), "row expiresAt").toBeLessThanOrEqual(TOLERANCE_MS);
    expect(Math.abs(ours.row.updatedAt - theirs.row.updatedAt), "row updatedAt").toBeLessThanOrEqual(TOLERANCE_MS);
  }
}

const sessionCookieName = (scheme: "http" | "https") => `${scheme === "https" ? "__Secure-" : ""}better-auth.session_token`;
const pairs = (cookie: string) => cookie.split("; ").map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)] as const);
const only = (cookie: string, prefix: string) => pairs(cookie).filter(([n]) => n.includes(prefix)).map(([n, v]) => `${n}=${v}`).join("; ");
const tokenPart = (cookie: string, scheme: "http" | "https") => pairs(cookie).find(([n]) => n === sessionCookieName(scheme))!;

/** The row aged so that it was last refreshed `ago` ms ago, as if time had passed since sign-in. */
const aged = (remember: boolean, ago: number) => (_: Row, now: number) => ({
  expiresAt: new Date(now + (remember ? EXPIRES_IN : DAY) - ago),
  updatedAt: new Date(now - ago),
});

const situations: Record<string, Situation> = {
  "fresh session": { cookie: (u) => u.cookie },
  "used just under a day after sign-in (no refresh due)": { cookie: (u) => u.cookie, row: (r, now) => aged(true, UPDATE_AGE - 60_000)(r, now) },
  "used just over a day after sign-in (refresh due for remember me)": { cookie: (u) => u.cookie, row: (r, now) => aged(true, UPDATE_AGE + 60_000)(r, now) },
  "used ten days after sign-in": { cookie: (u) => u.cookie, row: (r, now) => aged(true, 10 * DAY)(r, now) },
  "browser-session row near its end": { cookie: (u) => u.cookie, row: (_, now) => ({ expiresAt: new Date(now + 60 * 60_000), updatedAt: new Date(now - 23 * 60 * 60_000) }) },
  "expired session": { cookie: (u) => u.cookie, row: (_, now) => ({ expiresAt: new Date(now - 5_000) }) },
  "revoked session (row gone)": { cookie: (u) => u.cookie, row: () => null },
  "tampered signature": {
    cookie: (u) =>
      u.cookie.replace(/(session_token=)([^;]+)/, (_, n: string, v: string) => {
        const d = decodeURIComponent(v);
        return n + encodeURIComponent(`${d.slice(0, d.lastIndexOf(".") + 1)}${d.slice(d.lastIndexOf(".") + 1).replace(/^./, (c) => (c === "A" ? "B" : "A"))}`);
      }),
  },
  "token without signature": { cookie: (u) => u.cookie.replace(/(session_token=)([^;]+)/, (_, n: string, v: string) => n + decodeURIComponent(v).split(".")[0]) },
  "undecodable cookie value": { cookie: (u) => u.cookie.replace(/(session_token=)([^;]+)/, "$1%E0%A4%A") },
  "no cookie": { cookie: () => "" },
  "only the dont_remember cookie": { cookie: (u) => only(u.cookie, "dont_remember") },
  "dont_remember with a broken signature, aged row": {
    cookie: (u) => u.cookie.replace(/(dont_remember=)([^;]+)/, "$1true.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D"),
    row: (r, now) => aged(true, 2 * DAY)(r, now),
  },
  "a stale session_data cookie beside the token": { cookie: (u) => `${u.cookie}; better-auth.session_data=eyJzdGFsZSI6dHJ1ZX0` },
  "session cookie sent twice (first one wins)": { cookie: (u) => `${u.cookie}; better-auth.session_token=garbage.sig` },
  // The twoFactor plugin's cookies: get-session ignores both, so a half-finished 2FA sign-in is no session, and a
  // trusted device's cookie neither signs anyone in nor is cleared by a session read.
  "a pending two-factor sign-in cookie alone": { cookie: (u) => twoFactorCookies(u.cookie, "two_factor") },
  "a trust-device cookie alone": { cookie: (u) => twoFactorCookies(u.cookie, "trust_device") },
  "the session beside pending two-factor and trust-device cookies": { cookie: (u) => `${u.cookie}; ${twoFactorCookies(u.cookie, "two_factor", "trust_device")}` },
  "the session beside them, aged": { cookie: (u) => `${u.cookie}; ${twoFactorCookies(u.cookie, "two_factor", "trust_device")}`, row: (r, now) => aged(true, 2 * DAY)(r, now) },
};

/** The plugin's cookies as it names them (with the https prefix where the session cookie has it), signed like its own. */
function twoFactorCookies(sessionCookie: string, ...names: string[]): string {
  const prefix = sessionCookie.includes("__Secure-") ? "__Secure-" : "";
  return names.map((n) => `${prefix}better-auth.${n}=${encodeURIComponent(signedLike(sessionCookie))}`).join("; ");
}

/** A value with a valid signature: the session cookie's own token and signature (the plugin's values look alike). */
function signedLike(sessionCookie: string): string {
  const v = /session_token=([^;]+)/.exec(sessionCookie)![1]!;
  return decodeURIComponent(v);
}

for (const scheme of ["http", "https"] as const) {
  for (const remember of [true, false]) {
    describe(`${scheme} app, remember me ${remember ? "on" : "off"}`, () => {
      for (const [name, situation] of Object.entries(situations)) {
        it(name, async () => {
          const { theirs, ours } = await compare(scheme, remember, situation);
          expectSame(theirs, ours);
        });
      }

      it("the cookie under the other scheme's name (__Secure- prefix or none)", async () => {
        const { theirs, ours } = await compare(scheme, remember, {
          cookie: (u) => {
            const [name, value] = tokenPart(u.cookie, scheme);
            const renamed = scheme === "https" ? name.replace("__Secure-", "") : `__Secure-${name}`;
            return `${renamed}=${value}`;
          },
          row: aged(remember, 2 * DAY),
        });
        expectSame(theirs, ours);
      });

      it("the token cookie without dont_remember, aged (as a browser that kept only one cookie)", async () => {
        const { theirs, ours } = await compare(scheme, remember, {
          cookie: (u) => only(u.cookie, "session_token"),
          row: aged(remember, 2 * DAY),
        });
        expectSame(theirs, ours);
      });
    });
  }
}

describe("what the comparison shows, spelled out", () => {
  it("remember me off: the cookie stays a browser-session cookie and the row keeps its one-day life", async () => {
    const { theirs, ours, u } = await compare("http", false, { cookie: (u) => u.cookie, row: aged(false, 2 * 60 * 60_000) });
    expect(u.cookie).toContain("better-auth.dont_remember=");
    for (const o of [theirs, ours]) {
      expect(o.userId).toBe(u.id);
      expect(o.setCookies).toEqual([]);
      expect(o.row!.expiresAt).toBeLessThan(Date.now() + DAY);
    }
  });

  it("remember me on, over a day old: Max-Age of thirty days and a thirty-day row; Secure and __Secure- on https", async () => {
    const { theirs, ours } = await compare("https", true, { cookie: (u) => u.cookie, row: aged(true, 2 * DAY) });
    expectSame(theirs, ours);
    expect(ours.setCookies).toHaveLength(1);
    expect(ours.setCookies[0]).toMatch(/^__Secure-better-auth\.session_token=[^;]+; Max-Age=2592000; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(ours.row!.expiresAt).toBeGreaterThan(Date.now() + EXPIRES_IN - TOLERANCE_MS);
  });

  it("an expired session: cookies cleared and the row deleted", async () => {
    const { theirs, ours } = await compare("http", true, situations["expired session"]!);
    expectSame(theirs, ours);
    expect(ours.row).toBeNull();
    expect(ours.setCookies.some((c) => c.startsWith("better-auth.session_token=; Max-Age=0"))).toBe(true);
  });
});
