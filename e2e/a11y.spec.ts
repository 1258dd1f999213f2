/**
 * Accessibility: axe (WCAG 2.1 A/AA and best practices) on every main page, in the light and the dark theme, must
 * find nothing; and the workspace switcher works with the keyboard alone.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createOrgViaApi, createProjectViaApi, createVerifiedUser, openMenu, uniqueEmail, waitForEmail } from "./fixtures";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/** Runs axe in both colour schemes; fails listing each violation with the elements it found. */
async function expectNoViolations(page: Page, what: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Colours ease between schemes (transition-colors); axe must read the settled colours, not a frame mid-way.
    // Only transitions: an infinite animation (a spinner, a progress bar) never finishes.
    await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a instanceof CSSTransition).map((a) => a.finished)));
    const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const report = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")} — ${n.failureSummary?.replace(/\s+/g, " ")}`).join("\n")}`);
    expect(report, `${what} [${scheme}]`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
}

test("signed-out pages have no axe violations", async ({ page }) => {
  for (const path of ["/signin", "/signup", "/forgot-password", "/no-such-page-here"]) {
    await visit(page, path);
    await expectNoViolations(page, path);
  }
});

test("signed-in pages have no axe violations", async ({ page }) => {
  test.slow(); // seven pages, each scanned twice
  await createVerifiedUser(page, { name: "Ada Axe" });
  await visit(page, "/orgs/new");
  await expectNoViolations(page, "/orgs/new");

  const org = await createOrgViaApi(page, "Axe Review Group");
  const project = await createProjectViaApi(page, org.id, "Statins and sleep", "A review of statins and sleep quality");
  await page.request.post(`/api/orgs/${org.id}/invitations`, { data: { email: uniqueEmail("pending"), role: "member" } });

  for (const path of [`/orgs/${org.slug}`, `/orgs/${org.slug}/members`, `/orgs/${org.slug}/settings`, `/orgs/${org.slug}/activity`, `/orgs/${org.slug}/projects/${project.id}`, "/account"]) {
    await visit(page, path);
    await expectNoViolations(page, path);
  }
});

test("the invitation page has no axe violations", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Ivy Inviter" });
  const org = await createOrgViaApi(page, "Invite Axe Lab");
  const email = uniqueEmail("guest");
  const res = await page.request.post(`/api/orgs/${org.id}/invitations`, { data: { email, role: "member" } });
  expect(res.status(), await res.text()).toBe(201);
  const mail = await waitForEmail(page.request, email, /invited you/i);

  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  await visit(guest, new URL(mail.link).pathname);
  await expectNoViolations(guest, "/invite/<token>");
  await guestContext.close();
});

test("the workspace switcher works with the keyboard alone", async ({ page }) => {
  await createVerifiedUser(page, { name: "Kay Board" });
  const first = await createOrgViaApi(page, "Keyboard Lab");
  await createOrgViaApi(page, "Second Keyboard Lab");
  await page.goto(`/orgs/${first.slug}`);
  // Wait for hydration: a click-opened menu proves the handlers are attached; then start over from the keyboard.
  await openMenu(page, /Switch workspace/, "Switch workspace");
  await page.keyboard.press("Escape");

  const button = page.getByRole("button", { name: /Switch workspace: Keyboard Lab/ });
  const menu = page.getByRole("menu", { name: "Switch workspace" });
  await expect(menu).toBeHidden();
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute("aria-expanded", "true");

  const items = menu.getByRole("menuitem");
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(items.nth(2)).toBeFocused();
  await page.keyboard.press("ArrowDown"); // wraps around
  await expect(items.nth(0)).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(items.nth(2)).toBeFocused();

  // The open menu itself passes axe (roles, names, required children).
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).include('[data-testid="org-switcher"]').analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await expect(button).toBeFocused();
});
