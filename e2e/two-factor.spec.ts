import { expect, test } from "@playwright/test";
import { createOrgViaApi, createVerifiedUser, gotoReady, joinOrg, newPerson, PASSWORD, signOut } from "./fixtures";
import { enrolOnAccountPage, laterCode } from "./two-factor-steps";

test("enrol with the secret shown, sign in again with password and code, and trust the device", async ({ page }) => {
  const { email } = await createVerifiedUser(page, { name: "Tova Factor" });
  const totp = await enrolOnAccountPage(page, { password: true });
  expect(((await (await page.request.get("/api/me")).json()) as { user: { twoFactorEnabled: boolean } }).user.twoFactorEnabled).toBe(true);

  await signOut(page);
  await gotoReady(page, "/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/signin\?step=two-factor/);
  await page.locator("html[data-hydrated]").waitFor();
  // No session yet: the password alone opened nothing.
  expect((await page.request.get("/api/me")).status()).toBe(401);

  await page.getByLabel("Code from your app").fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("two-factor-error")).toContainText("not right");

  await page.getByLabel("Code from your app").fill(laterCode(totp));
  await page.getByLabel("Trust this device for 30 days").check();
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/orgs\/new$/);
  expect((await page.request.get("/api/me")).status()).toBe(200);

  // Signed out on a trusted device, the password alone signs in.
  await signOut(page);
  await gotoReady(page, "/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/orgs\/new$/);
});

test("a member of a workspace that requires two-factor meets the page, enrols, and gets in", async ({ page, browser }) => {
  // The owner turns on two-factor for themselves, then the rule on the settings page.
  await createVerifiedUser(page, { name: "Olga Owner" });
  const org = await createOrgViaApi(page, `Strict Lab ${test.info().project.name} ${Date.now().toString(36)}`);
  await gotoReady(page, `/orgs/${org.slug}/settings`);
  await page.getByRole("button", { name: "Require two-factor" }).click();
  // Without two-factor of their own they are told to turn it on first.
  await expect(page.getByTestId("two-factor-rule-error")).toContainText("your own account first");
  await expect(page.getByTestId("two-factor-rule-state")).toContainText("Not required");
  await enrolOnAccountPage(page, { password: true });
  await gotoReady(page, `/orgs/${org.slug}/settings`);
  await page.getByRole("button", { name: "Require two-factor" }).click();
  await expect(page.getByTestId("two-factor-rule-state")).toContainText("Required:");
  await expect(page.getByRole("button", { name: "Stop requiring two-factor" })).toBeVisible();

  // An invitee accepts, then opens the workspace and is told why they cannot go in yet.
  const member = await newPerson(browser, "Mika Member");
  await joinOrg(page, member, org.id);
  await gotoReady(member.page, `/orgs/${org.slug}`);
  await expect(member.page.getByRole("heading", { name: "Two-factor authentication required" })).toBeVisible();
  await expect(member.page.getByRole("alert")).toContainText("This workspace requires two-factor authentication");
  await member.page.getByRole("link", { name: "Turn on two-factor" }).click();
  await expect(member.page).toHaveURL(/\/account$/);

  await enrolOnAccountPage(member.page, { password: true });
  await gotoReady(member.page, `/orgs/${org.slug}`);
  await expect(member.page.getByRole("heading", { name: org.name, level: 1 })).toBeVisible();
  await member.context.close();
});
