/**
 * Journeys through workspaces that require two-factor, in Chromium against the built Worker and the ORCID stand-in:
 * an invitee signed out continues with ORCID from the invitation, accepts, meets the "turn on two-factor" page, enrols
 * and lands in the workspace; a member picks such a workspace in the header's switcher and is told why and how; and a
 * researcher who keeps their ORCID email private is told what to do on /signin.
 */
import { expect, test, type Page } from "@playwright/test";
import { E2E_OIDC } from "./config.mjs";
import { createOrgViaApi, createVerifiedUser, gotoReady, joinOrg, newPerson, openMenu, originOf, uniqueEmail, waitForEmail } from "./fixtures";
import { enrolOnAccountPage } from "./two-factor-steps";
import { completeWelcome } from "./welcome";

const suffix = () => `${test.info().project.name} ${Date.now().toString(36)}`;

/** An owner with two-factor, and their workspace with the rule on (set through the API, as the settings page does). */
async function strictWorkspace(page: Page, name: string) {
  await createVerifiedUser(page, { name: "Olga Owner" });
  const org = await createOrgViaApi(page, name);
  await enrolOnAccountPage(page, { password: true });
  const on = await page.request.patch(`/api/orgs/${org.id}`, { data: { requireTwoFactor: true }, headers: originOf(page) });
  expect(on.status(), await on.text()).toBe(200);
  return org;
}

async function atOrcid(page: Page) {
  await expect(page).toHaveURL(new RegExp(`^${E2E_OIDC.orcid.replace(/\./g, "\\.")}/authorize\\?`));
}

test("an invitee continues with ORCID, accepts, turns on two-factor when asked, and lands in the workspace", async ({ page, browser }) => {
  const org = await strictWorkspace(page, `Strict ORCID Lab ${suffix()}`);
  const invitee = uniqueEmail("orcid-strict");
  const invited = await page.request.post(`/api/orgs/${org.id}/invitations`, { data: { email: invitee, role: "member" }, headers: originOf(page) });
  expect(invited.status(), await invited.text()).toBe(201);
  const link = new URL((await waitForEmail(page.request, invitee, /invited you/)).link);

  const context = await browser.newContext();
  const guest = await context.newPage();
  await gotoReady(guest, link.pathname);
  await guest.getByRole("button", { name: "Continue with ORCID" }).click();
  await atOrcid(guest);
  await guest.getByLabel("Email", { exact: true }).fill(invitee);
  await guest.getByLabel("Name", { exact: true }).fill("Stella Strict");
  await guest.getByRole("button", { name: "Sign in", exact: true }).click();

  // A new account: the first-run step, then back on the invitation, signed in as the invitee.
  await completeWelcome(guest);
  await expect(guest).toHaveURL(new RegExp(`${link.pathname}$`));
  await guest.getByRole("button", { name: "Accept" }).click();
  // A member now, but the workspace asks for two-factor first.
  await expect(guest.getByRole("heading", { name: "Two-factor authentication required" })).toBeVisible();
  await guest.getByRole("link", { name: "Turn on two-factor" }).click();
  await expect(guest).toHaveURL(/\/account$/);

  // An ORCID account has no password: enrolling needs only the session and a first code.
  await enrolOnAccountPage(guest, { password: false });
  await gotoReady(guest, `/orgs/${org.slug}`);
  await expect(guest.getByRole("heading", { name: org.name, level: 1 })).toBeVisible();
  const me = (await (await guest.request.get("/api/me")).json()) as { user: { email: string; twoFactorEnabled: boolean } };
  expect(me.user).toMatchObject({ email: invitee, twoFactorEnabled: true });
  await context.close();
});

test("choosing a workspace that requires two-factor in the switcher explains why, with the way to turn it on", async ({ page, browser }) => {
  const org = await strictWorkspace(page, `Strict Switch Lab ${suffix()}`);
  const member = await newPerson(browser, "Sami Switcher");
  const home = await createOrgViaApi(member.page, `Home Lab ${suffix()}`);
  await joinOrg(page, member, org.id);

  await gotoReady(member.page, `/orgs/${home.slug}`);
  const menu = await openMenu(member.page, /Switch workspace/, "Switch workspace");
  await menu.getByRole("menuitem", { name: new RegExp(org.name) }).click();
  await expect(member.page.getByRole("heading", { name: "Two-factor authentication required" })).toBeVisible();
  await expect(member.page.getByRole("alert")).toContainText("This workspace requires two-factor authentication");
  await member.page.getByRole("link", { name: "Turn on two-factor" }).click();
  await expect(member.page).toHaveURL(/\/account$/);
  await member.context.close();
});

test("a researcher who keeps their ORCID email private is told on /signin what to do", async ({ page }) => {
  await gotoReady(page, "/signin");
  await page.getByRole("button", { name: "Continue with ORCID" }).click();
  await atOrcid(page);
  await page.getByRole("button", { name: "Continue without sharing my email" }).click();
  await expect(page).toHaveURL(/\/signin\?social=orcid&error=email_not_found/);
  await expect(page.getByTestId("social-error")).toContainText("ORCID did not share an email address with us");
  await expect(page.getByTestId("social-error")).toContainText("or sign in another way");
  expect((await page.request.get("/api/me")).status()).toBe(401);
});
