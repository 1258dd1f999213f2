import { expect, test } from "@playwright/test";
import { createVerifiedUser, gotoReady, originOf, PASSWORD, signOut, uniqueEmail, waitForEmail } from "./fixtures";
import { completeWelcome } from "./welcome";

test("sign up, verify from the dev mailbox, sign in, create a workspace and land on it", async ({ page }) => {
  const email = uniqueEmail("newcomer");
  await gotoReady(page, "/signup");
  await page.getByLabel("Name").fill("Nora Newcomer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("signup-sent-to")).toHaveText(email);

  // The verification email is in the dev mailbox page, with its link clickable.
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  const mail = page.getByTestId("dev-email").filter({ hasText: "Verify your email" });
  await expect(mail).toBeVisible();
  await mail.getByRole("link", { name: /verify-email/ }).click();
  await expect(page.getByTestId("verify-success")).toContainText(email);

  // Sign out, then sign in with the password.
  await signOut(page);
  await gotoReady(page, "/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // The first sign-in asks for the profile, then opens the person's own workspace; a team's workspace comes next.
  await completeWelcome(page);
  await expect(page.getByRole("heading", { name: "Nora Newcomer’s workspace", level: 1 })).toBeVisible();
  await gotoReady(page, "/orgs/new");
  // One name per Playwright project: the desktop and phone runs share one database, and addresses are unique.
  const lab = `Nora's Lab ${test.info().project.name}`;
  await page.getByLabel("Name").fill(lab);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/noras-lab-${test.info().project.name}$`));
  await expect(page.getByRole("heading", { name: lab, level: 1 })).toBeVisible();
});

test("a wrong password shows an error and does not sign in", async ({ page }) => {
  const { email } = await createVerifiedUser(page);
  await signOut(page);
  await gotoReady(page, "/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signin-error")).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
  expect((await page.request.get("/api/me")).status()).toBe(401);
});

test("an unverified account cannot sign in with a password and can resend the verification email", async ({ page }) => {
  const email = uniqueEmail("unverified");
  const res = await page.request.post("/api/auth/sign-up/email", { data: { name: "Una Verified", email, password: PASSWORD }, headers: originOf(page) });
  expect(res.ok()).toBe(true);
  await waitForEmail(page.request, email, /verify/i);

  await gotoReady(page, "/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("unverified-notice")).toBeVisible();
  expect((await page.request.get("/api/me")).status()).toBe(401);

  const before = (await (await page.request.get(`/api/dev/emails?to=${encodeURIComponent(email)}`)).json()).items.length;
  await page.getByTestId("unverified-notice").getByRole("button", { name: /resend/i }).click();
  await expect
    .poll(async () => (await (await page.request.get(`/api/dev/emails?to=${encodeURIComponent(email)}`)).json()).items.length)
    .toBeGreaterThan(before);
});

test("a signed-out visit to a protected page returns there after signing in", async ({ page }) => {
  const { email } = await createVerifiedUser(page, { name: "Rita Return" });
  await signOut(page);

  await gotoReady(page, "/account");
  await expect(page).toHaveURL(/\/signin\?next=%2Faccount/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("forgotten password: the reset link sets a new password", async ({ page }) => {
  const { email } = await createVerifiedUser(page);
  await signOut(page);
  await gotoReady(page, "/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  const mail = await waitForEmail(page.request, email, /reset/i);
  await gotoReady(page, mail.link);
  await expect(page).toHaveURL(/\/reset-password\?token=/);
  await page.getByLabel("New password", { exact: true }).fill("a brand new password");
  await page.getByLabel(/confirm/i).fill("a brand new password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("heading", { name: "Password changed" })).toBeVisible();

  const ok = await page.request.post("/api/auth/sign-in/email", { data: { email, password: "a brand new password" }, headers: originOf(page) });
  expect(ok.status()).toBe(200);
});

test("a field's hint gives way to its error instead of repeating it", async ({ page }) => {
  await gotoReady(page, "/signup");
  const password = page.getByLabel("Password");
  await expect(page.getByText("At least 8 characters.", { exact: true })).toBeVisible();
  await page.getByLabel("Name").fill("Hana Hint");
  await page.getByLabel("Email").fill(uniqueEmail("hint"));
  await password.fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
  await expect(page.getByText("At least 8 characters.", { exact: true })).toHaveCount(0);
  await expect(password).toHaveAttribute("aria-invalid", "true");
});
