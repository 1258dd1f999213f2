/**
 * Sign-in with ORCID and Google in Chromium, against the local OpenID Connect stand-ins Playwright starts beside the
 * app (e2e/config.mjs E2E_OIDC): a newcomer on an invitation link continues with ORCID and lands in the workspace;
 * someone with a password adds Google on /account and signs in with it later; a person who declines at the provider
 * is told so on /signin.
 */
import { expect, test, type Page } from "@playwright/test";
import { completeWelcome } from "./welcome";
import { E2E_OIDC } from "./config.mjs";
import { createOrgViaApi, createVerifiedUser, signOut, uniqueEmail, waitForEmail } from "./fixtures";

/** Signs in at the stand-in's own page, as the person types it there. */
async function signInAtProvider(page: Page, issuer: string, person: { email: string; name?: string }) {
  await expect(page).toHaveURL(new RegExp(`^${issuer.replace(/\./g, "\\.")}/authorize\\?`));
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  if (person.name) await page.getByLabel("Name", { exact: true }).fill(person.name);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a newcomer on an invitation link continues with ORCID, comes back to the invitation, accepts and lands in the workspace", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Olga Owner" });
  const org = await createOrgViaApi(page, "ORCID Lab");
  const invitee = uniqueEmail("orcid-newcomer");
  const invited = await page.request.post(`/api/orgs/${org.id}/invitations`, { data: { email: invitee, role: "member" } });
  expect(invited.status(), await invited.text()).toBe(201);
  const link = new URL((await waitForEmail(page.request, invitee, /invited you/)).link);

  const context = await browser.newContext();
  const guest = await context.newPage();
  await guest.goto(link.pathname);
  await guest.getByRole("button", { name: "Continue with ORCID" }).click();
  await signInAtProvider(guest, E2E_OIDC.orcid, { email: invitee, name: "Rosalind Researcher" });

  // A new account: the first-run step, then back to the invitation.
  await completeWelcome(guest);
  await expect(guest).toHaveURL(new RegExp(`${link.pathname}$`));
  await guest.getByRole("button", { name: "Accept" }).click();
  await expect(guest).toHaveURL(new RegExp(`/orgs/${org.slug}$`));
  await expect(guest.getByTestId("org-name")).toHaveText("ORCID Lab");

  const me = (await (await guest.request.get("/api/me")).json()) as { user: { email: string; name: string }; activeOrgId: string };
  expect(me.user).toMatchObject({ email: invitee, name: "Rosalind Researcher" });
  expect(me.activeOrgId).toBe(org.id);
  await context.close();
});

test("someone with a password adds Google on /account, signs in with it later, and removes it again", async ({ page }) => {
  const person = await createVerifiedUser(page, { name: "Gina Google" });
  const gmail = uniqueEmail("gina-personal");
  await page.goto("/account");
  const methods = page.getByTestId("account-methods");
  await expect(methods.getByTestId("method-credential")).toContainText("Password");
  await expect(methods.getByTestId("method-credential")).toContainText("Your only way to sign in");
  await methods.getByRole("button", { name: "Add Google" }).click();
  await signInAtProvider(page, E2E_OIDC.google, { email: gmail });

  await expect(page).toHaveURL(/\/account\?linked=google$/);
  await expect(methods).toContainText("Google was added");
  await expect(methods.getByTestId("method-google")).toBeVisible();

  // Signed out, "Continue with Google" opens the same account, though Google knows another address.
  await signOut(page);
  await page.goto("/signin?next=/account");
  await page.getByRole("button", { name: "Continue with Google" }).click();
  await signInAtProvider(page, E2E_OIDC.google, { email: gmail });
  await expect(page).toHaveURL(/\/account$/);
  const me = (await (await page.request.get("/api/me")).json()) as { user: { email: string } };
  expect(me.user.email).toBe(person.email);

  await methods.getByTestId("method-google").getByRole("button", { name: "Remove" }).click();
  await methods.getByRole("button", { name: "Remove Google" }).click();
  await expect(methods).toContainText("Google was removed");
  await expect(methods.getByTestId("method-google")).toHaveCount(0);
  await expect(methods.getByRole("button", { name: "Add Google" })).toBeVisible();
});

test("declining at the provider comes back to /signin with a reason, signed out", async ({ page }) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Continue with ORCID" }).click();
  await expect(page).toHaveURL(new RegExp(`^${E2E_OIDC.orcid.replace(/\./g, "\\.")}/authorize\\?`));
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page).toHaveURL(/\/signin\?social=orcid&error=access_denied/);
  await expect(page.getByTestId("social-error")).toHaveText("You cancelled signing in with ORCID. Try again, or sign in another way.");
  expect((await page.request.get("/api/me")).status()).toBe(401);
});
