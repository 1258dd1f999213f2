/**
 * Hostile input at the provider endpoints (Better Auth's, under /api/auth, so outside tests/hostile-input.test.ts's
 * list of our own routes): starting a sign-in or a link, unlinking, and the callback. Every case is sent by someone
 * allowed to make the call and answers 4xx, or for the callback a redirect to /signin, never 5xx, and changes no row.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffSnapshots, snapshotDb } from "./authz-matrix";
import { APP_URL, createTestApp, type TestApp, type TestUser } from "./harness";
import { socialSettings } from "./social-flow";

let app: TestApp;
let person: TestUser;

beforeAll(async () => {
  app = await createTestApp(socialSettings());
  person = await app.signInWithPassword();
});
afterAll(() => app.close());

const long = "x".repeat(70_000);
const badStrings: unknown[] = [null, 42, true, [], {}, ["orcid"], { id: "orcid" }, "", " ", "ORCID", "orcid ", "orc\u0000id", "../orcid", "credential", "email", "%6Frcid", long.slice(0, 5000), "__proto__", "constructor", "orcid\ngoogle"];
const badUrls: unknown[] = ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "http://localhost:3000.evil.example/", "data:text/html,hi", 42, ["/"], { href: "/" }, "\u0000/", "https:evil.example", "http://127.0.0.1:1/"];

async function expectRefusedWithoutChange(path: string, body: unknown, as?: TestUser) {
  const before = await snapshotDb(app.db);
  const res = await app.request("POST", path, { body, as });
  const label = `${path} ${JSON.stringify(body).slice(0, 120)}`;
  expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  expect(JSON.stringify(res.body ?? ""), label).not.toMatch(/at .*\.(m?js|ts):\d+|SQLITE|D1_ERROR/);
  expect(diffSnapshots(before, await snapshotDb(app.db)), label).toEqual([]);
}

describe("starting a provider sign-in", () => {
  it("refuses bad providers", async () => {
    for (const provider of badStrings) await expectRefusedWithoutChange("/api/auth/sign-in/social", { provider, callbackURL: "/" });
  });

  it("refuses return addresses on other sites or not addresses at all", async () => {
    for (const url of badUrls) {
      for (const field of ["callbackURL", "errorCallbackURL", "newUserCallbackURL"]) {
        await expectRefusedWithoutChange("/api/auth/sign-in/social", { provider: "orcid", callbackURL: "/", [field]: url });
      }
    }
  });

  it("refuses a malformed or oversized body", async () => {
    const before = await snapshotDb(app.db);
    for (const rawBody of ["", "{", "null", "[]", '"orcid"', `{"provider":"${long}"}`]) {
      const res = await app.request("POST", "/api/auth/sign-in/social", { rawBody, headers: { "content-type": "application/json" } });
      expect(res.status, rawBody.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.status, rawBody.slice(0, 40)).toBeLessThan(500);
    }
    expect(diffSnapshots(before, await snapshotDb(app.db))).toEqual([]);
  });
});

describe("linking and unlinking", () => {
  it("refuses bad providers and return addresses for a link", async () => {
    for (const provider of badStrings) await expectRefusedWithoutChange("/api/auth/link-social", { provider, callbackURL: "/account" }, person);
    for (const url of badUrls) await expectRefusedWithoutChange("/api/auth/link-social", { provider: "google", callbackURL: url }, person);
  });

  it("refuses bad account ids to unlink", async () => {
    const ids: unknown[] = [...badStrings, crypto.randomUUID(), "' OR 1=1 --", "*", person.id, person.sessionId];
    for (const accountId of ids) await expectRefusedWithoutChange("/api/auth/unlink-account", { accountId }, person);
    await expectRefusedWithoutChange("/api/auth/unlink-account", {}, person);
  });
});

describe("the callback", () => {
  it("sends junk back to /signin and changes nothing", async () => {
    const before = await snapshotDb(app.db);
    const cases = [
      "",
      "?code=&state=",
      "?state=%00",
      "?state=../../etc",
      `?state=${"s".repeat(8000)}&code=c`,
      "?code=x&state=y&iss=https://evil.example",
      "?error=<script>alert(1)</script>&state=x",
      "?error=access_denied&error_description=%0d%0aSet-Cookie:%20x=1",
      "?state=a&state=b&code=c",
      "?code[]=1&state=x",
      "?user=%7B%22email%22%3A%22x%40y.z%22%7D&state=x&code=y",
      "?device_id=1&state=x&code=y",
    ];
    for (const provider of ["orcid", "google", "github", "credential"]) {
      for (const search of cases) {
        const res = await app.request("GET", `/api/auth/callback/${provider}${search}`);
        const label = `${provider}${search.slice(0, 60)}`;
        // A query Better Auth cannot even parse (a repeated or array parameter, which no provider sends) is a 400.
        if (res.status === 400 && /state=a&state=b|code\[\]/.test(search)) continue;
        expect(res.status, label).toBe(302);
        const location = res.headers.get("location") ?? "";
        expect(location.startsWith(`${APP_URL}/signin?social=failed&error=`), `${label} -> ${location}`).toBe(true);
        expect(res.headers.getSetCookie().some((c) => /x=1/.test(c)), label).toBe(false);
      }
    }
    expect(diffSnapshots(before, await snapshotDb(app.db))).toEqual([]);
  });
});
