/** Two-factor steps as a person takes them in the browser, shared by the journeys that need them. */
import { expect, type Page } from "@playwright/test";
import { TOTP } from "otpauth";
import { gotoReady, PASSWORD } from "./fixtures";

/** The authenticator a person sets up by typing the secret the account page shows. */
export function authenticatorFor(secret: string): TOTP {
  return new TOTP({ secret: secret.replace(/\s+/g, ""), digits: 6, period: 30 });
}

/** A code one period ahead: still accepted, and never the code just used (each code works once). */
export const laterCode = (totp: TOTP) => totp.generate({ timestamp: Date.now() + 30_000 });

/** Turns on two-factor from /account as a person would: password, secret typed into the app, its code, backup codes. */
export async function enrolOnAccountPage(page: Page, opts: { password: boolean }): Promise<TOTP> {
  await gotoReady(page, "/account");
  const section = page.getByTestId("account-two-factor");
  await expect(section.getByTestId("two-factor-status")).toContainText("Off");
  await section.getByRole("button", { name: "Turn on two-factor" }).click();
  // People without a password (magic link, ORCID, Google) start with the session alone.
  if (!opts.password) await section.getByRole("button", { name: "Set up an authenticator app" }).click();
  if (opts.password) {
    await section.getByLabel("Your password").fill(PASSWORD);
    await section.getByRole("button", { name: "Continue" }).click();
  }
  await expect(section.getByRole("img", { name: /QR code/ }).locator("svg")).toBeVisible();
  const totp = authenticatorFor(await section.getByTestId("two-factor-secret").innerText());
  await section.getByLabel("Code from your app").fill(totp.generate());
  await section.getByRole("button", { name: "Verify and turn on" }).click();
  await expect(section.getByTestId("backup-code")).toHaveCount(10);
  await expect(section.getByRole("button", { name: "Download as text" })).toBeVisible();
  await section.getByRole("button", { name: "I saved them" }).click();
  await expect(section.getByTestId("two-factor-status")).toContainText("On");
  return totp;
}

