/** The first-run step (/welcome) as a person does it in the browser, for specs whose people sign up through the UI. */
import { expect, type Page } from "@playwright/test";

export async function completeWelcome(page: Page, opts: { name?: string; persona?: RegExp; username?: string } = {}) {
  await expect(page).toHaveURL(/\/welcome(\?|$)/);
  await page.locator("html[data-hydrated]").waitFor();
  if (opts.name) await page.getByLabel("Display name").fill(opts.name);
  await page.getByRole("radio", { name: opts.persona ?? /Researcher/ }).check();
  if (opts.username) await page.getByLabel("Username").fill(opts.username);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).not.toHaveURL(/\/welcome(\?|$)/);
}
