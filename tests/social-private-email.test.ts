/**
 * ORCID without an email: researchers who keep their address private sign in at ORCID, whose ID token then has no
 * email. Better Auth cannot make or find an account without one, so the callback lands on /signin with the reason
 * (never a 500); the page's words for it are checked in e2e/social.spec.ts. The stand-in is told to leave the email
 * out (login_private_email).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { account, user } from "~/db/schema";
import { createTestApp, type TestApp } from "./harness";
import { signInWith, socialSettings } from "./social-flow";

let app: TestApp;
beforeAll(async () => (app = await createTestApp(socialSettings())));
afterAll(() => app.close());

describe("a provider that shares no email", () => {
  it("lands on /signin with email_not_found, signs nobody in and creates nothing", async () => {
    const users = (await app.db.select().from(user)).length;
    const accounts = (await app.db.select().from(account)).length;
    const landed = await signInWith(app, "orcid", { email: "", privateEmail: true, name: "Quiet Researcher" }, { callbackURL: "/invite/some-token" });
    expect(landed.status).toBe(302);
    const where = new URL(landed.location, "http://x");
    expect(where.pathname).toBe("/signin");
    expect(where.searchParams.get("social")).toBe("orcid");
    expect(where.searchParams.get("error")).toBe("email_not_found");
    expect(landed.signedIn).toBe(false);
    expect((await app.db.select().from(user)).length).toBe(users);
    expect((await app.db.select().from(account)).length).toBe(accounts);
  });
});
