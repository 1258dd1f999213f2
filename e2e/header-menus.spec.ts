/**
 * The header's two menus load their panels' code on first use (src/components/Menu.tsx, header-panels.ts): the page
 * links only the buttons. These journeys hold that code back on the network to show that a first click or key
 * pressed before it arrives still opens the menu, with focus where it always goes, and that the server still renders
 * the switcher's plain forms.
 */
import { expect, type Page, test } from "@playwright/test";
import { createOrgViaApi, createVerifiedUser, gotoReady } from "./fixtures";

const PANELS = /\/_build\/assets\/HeaderPanels-[\w-]+\.js$/;

/** Holds the panels' code until `release()`; `requested()` tells whether the page has asked for it. */
async function holdPanels(page: Page) {
  let asked = false;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route(PANELS, async (route) => {
    asked = true;
    await gate;
    await route.continue();
  });
  return { release, requested: () => asked };
}

test("a first click opens the switcher once its code arrives; later pages' headers have it at once", async ({ page }) => {
  await createVerifiedUser(page, { name: "Hedda Header" });
  const p = test.info().project.name;
  const first = await createOrgViaApi(page, `Header Lab ${p}`);
  await createOrgViaApi(page, `Second Header Lab ${p}`);
  const held = await holdPanels(page);
  await gotoReady(page, `/orgs/${first.slug}`);

  // Hydrated, and the panels were not fetched: nobody has reached for a menu.
  expect(held.requested()).toBe(false);
  // The server rendered the switcher's forms all the same (hidden until the menu opens).
  const forms = page.getByTestId("org-switcher").locator('form[method="post"]');
  await expect(forms).toHaveCount(2);
  await expect(forms.locator('input[name="orgId"]')).toHaveCount(2);

  const button = page.getByRole("button", { name: `Switch workspace: Header Lab ${p}` });
  const menu = page.getByRole("menu", { name: "Switch workspace" });
  await button.click();
  await expect.poll(held.requested).toBe(true);
  await expect(menu).toBeHidden();
  held.release();
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute("aria-expanded", "true");
  const items = menu.getByRole("menuitem");
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toBeFocused();
  await expect(menu.getByRole("menuitem", { name: new RegExp(`^Header Lab ${p}`) })).toHaveAttribute("aria-current", "page");
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();

  // The account menu's panel came with the same code.
  await page.getByRole("button", { name: /^Account menu/ }).click();
  const account = page.getByRole("menu", { name: "Account menu" });
  await expect(account.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
  await page.keyboard.press("Escape");

  // A client-side navigation draws a new header, whose panels render at once; switching works from there.
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Members" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${first.slug}/members$`));
  await page.getByRole("button", { name: /^Switch workspace/ }).click();
  await expect(menu).toBeVisible();
  await menu.getByRole("menuitem", { name: new RegExp(`^Second Header Lab ${p}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/second-header-lab-${p}$`));
  await expect(page.getByRole("button", { name: `Switch workspace: Second Header Lab ${p}` })).toBeVisible();
});

test("keyboard first: Enter on the focused switcher opens it on the first item, even before its code is here", async ({ page }) => {
  await createVerifiedUser(page, { name: "Kit Keys" });
  const p = test.info().project.name;
  const org = await createOrgViaApi(page, `Key Lab ${p}`);
  const held = await holdPanels(page);
  await gotoReady(page, `/orgs/${org.slug}`);

  const button = page.getByRole("button", { name: `Switch workspace: Key Lab ${p}` });
  await button.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: "Switch workspace" });
  await expect(menu).toBeHidden();
  held.release();
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("menuitem").first()).toBeFocused();
  await page.keyboard.press("End");
  await expect(menu.getByRole("menuitem", { name: "New workspace" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute("aria-expanded", "false");
});
