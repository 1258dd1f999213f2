/**
 * Site administration in Chromium: an admin (ADMIN_EMAILS in e2e/config.mjs) finds a person, bans them with a reason
 * and a last day, the person's open session ends and their sign-in shows the reason and the date; the workspace they
 * owned alone is handed to someone else; the ban is lifted and they sign in again. Everyone else gets the 404 page.
 */
import { expect, test } from "@playwright/test";
import { createOrgViaApi, createVerifiedUser, gotoReady, joinOrg, newPerson, PASSWORD } from "./fixtures";
import { runId } from "./seed";

test("an admin bans a person, hands their workspace over, and lifts the ban", async ({ page, browser }) => {
  const project = test.info().project.name;
  // One admin address per Playwright project: the desktop and phone runs share one database.
  await createVerifiedUser(page, { name: "Sita Admin", email: `site-admin-${project}@e2e.test` });
  const tag = runId();
  const victim = await newPerson(browser, `Vic ${tag}`);
  const lab = await createOrgViaApi(victim.page, `Vic's lab ${tag}`);
  const heir = await newPerson(browser, `Hana ${tag}`);
  await joinOrg(victim.page, heir, lab.id, "member");

  // Someone who is not a site admin gets the 404 page.
  const refused = await heir.page.goto("/admin");
  expect(refused?.status()).toBe(404);
  await expect(heir.page.getByRole("heading", { name: "Page not found" })).toBeVisible();

  // Find the person and see their session and workspace.
  await gotoReady(page, "/admin");
  await page.getByLabel("Name, email or username starts with").fill(`Vic ${tag}`);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByTestId("admin-people").getByRole("link", { name: new RegExp(`Vic ${tag}`) }).click();
  const person = page.getByTestId("admin-person");
  await expect(person.getByRole("heading", { name: `Vic ${tag}` })).toBeVisible();
  await expect(page.getByTestId("admin-sessions").getByRole("listitem")).not.toHaveCount(0);
  await expect(person.getByRole("link", { name: lab.name })).toBeVisible();

  // Ban with a reason and a last day.
  await person.getByRole("button", { name: "Ban…" }).click();
  await page.getByLabel(/^Reason/).fill("Sent spam to every workspace");
  await page.getByLabel(/Last day of the ban/).fill("2031-05-17");
  await page.getByRole("button", { name: /^Ban Vic/ }).click();
  await expect(page.getByTestId("ban-state")).toContainText("Sent spam to every workspace (until 2031-05-17)");
  await expect(page.getByTestId("admin-sessions")).toContainText("No live sessions.");

  // Their open session ended: the next page asks them to sign in, and signing in says why and until when.
  await victim.page.goto("/account");
  await expect(victim.page).toHaveURL(/\/signin/);
  await victim.page.locator("html[data-hydrated]").waitFor();
  await victim.page.getByLabel("Email").fill(victim.email);
  await victim.page.getByLabel("Password").fill(PASSWORD);
  await victim.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(victim.page.getByTestId("signin-error")).toContainText("Sent spam to every workspace");
  await expect(victim.page.getByTestId("signin-error")).toContainText("2031-05-17");

  // Their workspace has no owner in good standing now: hand it to Hana.
  await person.getByRole("link", { name: lab.name }).click();
  const org = page.getByTestId("admin-org");
  await expect(org).toContainText("banned");
  await org.getByRole("button", { name: "Hand it over…" }).click();
  await org.getByLabel("New owner").selectOption({ label: `Hana ${tag} (${heir.email}), member` });
  await org.getByRole("button", { name: "Make them the owner" }).click();
  await expect(org).toContainText(`Owner: Hana ${tag}`);
  await expect(org).toContainText("nothing to hand over");

  // Lift the ban: they sign in again.
  await page.getByRole("button", { name: "Lift the ban" }).click();
  await expect(page.getByTestId("ban-state")).toHaveCount(0);
  await victim.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(victim.page).not.toHaveURL(/\/signin/);

  // Every action is in the audit log.
  await gotoReady(page, "/admin");
  const audit = page.getByTestId("admin-audit");
  await expect(audit).toContainText(`banned Vic ${tag}`);
  await expect(audit).toContainText(`handed over ${lab.name} to Hana ${tag}`);
  await expect(audit).toContainText(`lifted the ban of Vic ${tag}`);

  for (const p of [victim, heir]) await p.context.close();
});
