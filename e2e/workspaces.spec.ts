import { expect, test } from "@playwright/test";
import { createOrgViaApi, createVerifiedUser, gotoReady, openMenu } from "./fixtures";

test("create a workspace, create a second one, switch between them from the header", async ({ page }) => {
  await createVerifiedUser(page, { name: "Wanda Switcher" });
  // Both Playwright projects (desktop, phone) share one database: each gets its own addresses.
  const p = test.info().project.name;

  // No workspace yet: "/" sends the person to create one.
  await page.goto("/");
  await expect(page).toHaveURL(/\/orgs\/new$/);
  // The address suggestion is typed for you once the form's script runs (it arrives at the first sign of use, and
  // takes over what was typed before: src/lib/take-over.tsx).
  await page.locator("html[data-hydrated]").waitFor();
  await page.getByLabel("Name").fill(`Cochrane Review Group ${p}`);
  await expect(page.getByLabel("Address")).toHaveValue(`cochrane-review-group-${p}`);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/cochrane-review-group-${p}$`));
  await expect(page.getByTestId("org-name")).toHaveText(`Cochrane Review Group ${p}`);
  await expect(page.getByTestId("org-role")).toHaveText("Owner");

  // A second workspace, through the switcher's "New workspace" link.
  await (await openMenu(page, /Switch workspace/, "Switch workspace")).getByRole("menuitem", { name: "New workspace" }).click();
  await expect(page).toHaveURL(/\/orgs\/new$/);
  await page.getByLabel("Name").fill(`Évidence Lab ${p}`);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/evidence-lab-${p}$`));

  // The switcher lists both with roles and marks the current one; switching opens the other.
  await openMenu(page, new RegExp(`Switch workspace: Évidence Lab ${p}`), "Switch workspace");
  const current = page.getByRole("menuitem", { name: new RegExp(`Évidence Lab ${p}`) });
  await expect(current).toHaveAttribute("aria-current", "page");
  await page.getByRole("menuitem", { name: new RegExp(`Cochrane Review Group ${p}\\s*Owner`) }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/cochrane-review-group-${p}$`));
  await expect(page.getByTestId("org-name")).toHaveText(`Cochrane Review Group ${p}`);

  // The switch was recorded: "/" now opens the switched-to workspace.
  await page.goto("/");
  await expect(page).toHaveURL(new RegExp(`/orgs/cochrane-review-group-${p}$`));
});

test("a taken address gets a clear message and nothing is created", async ({ page }) => {
  await createVerifiedUser(page);
  const taken = await createOrgViaApi(page, "Taken Address Org");
  await gotoReady(page, "/orgs/new");
  await page.getByLabel("Name").fill("Another Org");
  await page.getByLabel("Address").fill(taken.slug);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("That address is already taken. Try another one.")).toBeVisible();
  await expect(page).toHaveURL(/\/orgs\/new$/);
  const orgs = await (await page.request.get("/api/orgs")).json();
  expect(orgs.items.map((o: { name: string }) => o.name)).toEqual(["Taken Address Org"]);
});

test("an org the person does not belong to is a helpful not-found page", async ({ page, browser }) => {
  await createVerifiedUser(page);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await createVerifiedUser(otherPage);
  const secret = await createOrgViaApi(otherPage, "Private Lab");
  await other.close();

  const res = await page.goto(`/orgs/${secret.slug}`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Workspace not found" })).toBeVisible();
  await expect(page.getByText("Private Lab")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Create a workspace" })).toBeVisible();
});

test("unknown pages get a real 404 with a way back", async ({ page }) => {
  const res = await page.goto("/no/such/page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to your workspace" })).toBeVisible();
});
