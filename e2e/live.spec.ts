import { expect, test, type Page } from "@playwright/test";
import { createOrgViaApi, createProjectViaApi, createVerifiedUser, gotoReady, joinOrg, newPerson, uniqueEmail, waitForEmail } from "./fixtures";

/**
 * Live membership (issue 13): two people side by side, each in their own browser context. One acts through the API
 * (as another tab of theirs would); the other's open page follows without a reload, over the workspace's WebSocket.
 */

/** Opens a page and waits until its live socket is open (src/components/live/LiveUpdates.tsx marks <html data-live>). */
async function openLive(page: Page, url: string) {
  await gotoReady(page, url);
  await expect(page.locator("html")).toHaveAttribute("data-live", "open");
  // A mark that a reload would wipe: the page must follow without one.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
}

const stayed = (page: Page) => page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true);

test("a member's open page follows being added to a project, promoted, and removed", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Ada Admin" });
  const org = await createOrgViaApi(page, "Live Lab");
  const seen = await createProjectViaApi(page, org.id, "Statins review");
  await createProjectViaApi(page, org.id, "Sleep review");
  const mia = await newPerson(browser, "Mia Member");
  await joinOrg(page, mia, org.id, "member");

  await openLive(mia.page, `/orgs/${org.slug}`);
  const rows = mia.page.getByTestId("project-row");
  await expect(mia.page.getByTestId("org-role")).toHaveText("Member");
  await expect(rows).toHaveCount(0);

  // Added to a project: it appears in her list.
  const added = await page.request.post(`/api/orgs/${org.id}/projects/${seen.id}/members`, { data: { userId: mia.id, role: "member" } });
  expect(added.status(), await added.text()).toBe(201);
  await expect(rows.filter({ hasText: "Statins review" })).toBeVisible();
  await expect(rows).toHaveCount(1);

  // Promoted to admin: her role changes and she now sees every project, the one she is not in included.
  const promoted = await page.request.patch(`/api/orgs/${org.id}/members/${mia.id}`, { data: { role: "admin" } });
  expect(promoted.status(), await promoted.text()).toBe(200);
  await expect(mia.page.getByTestId("org-role")).toHaveText("Admin");
  await expect(rows.filter({ hasText: "Sleep review" })).toBeVisible();

  // Removed: the page says so and offers the way out; her socket is ended, not reopened.
  const removed = await page.request.delete(`/api/orgs/${org.id}/members/${mia.id}`);
  expect(removed.status(), await removed.text()).toBe(204);
  const notice = mia.page.getByTestId("live-ended");
  await expect(notice).toContainText("You no longer have access to this workspace.");
  await expect(mia.page.locator("html")).toHaveAttribute("data-live", "ended");
  expect(await stayed(mia.page)).toBe(true);

  // Home: with no workspace left, it offers to create one.
  await notice.getByRole("link", { name: "Go to your workspaces" }).click();
  await expect(mia.page.getByRole("link", { name: "Create a workspace" })).toBeVisible();
  await mia.context.close();
});

test("a project page follows a rename and a deletion", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Ada Admin" });
  const org = await createOrgViaApi(page, "Rename Lab");
  const project = await createProjectViaApi(page, org.id, "First name");
  const mia = await newPerson(browser, "Mia Member");
  await joinOrg(page, mia, org.id, "member");
  const added = await page.request.post(`/api/orgs/${org.id}/projects/${project.id}/members`, { data: { userId: mia.id, role: "member" } });
  expect(added.status()).toBe(201);

  await openLive(mia.page, `/orgs/${org.slug}/projects/${project.id}`);
  await expect(mia.page.getByTestId("project-name")).toHaveText("First name");

  expect((await page.request.patch(`/api/orgs/${org.id}/projects/${project.id}`, { data: { name: "Second name" } })).status()).toBe(200);
  await expect(mia.page.getByTestId("project-name")).toHaveText("Second name");

  expect((await page.request.delete(`/api/orgs/${org.id}/projects/${project.id}`)).status()).toBe(204);
  await expect(mia.page.getByRole("heading", { name: "Project not found" })).toBeVisible();
  expect(await stayed(mia.page)).toBe(true);
  await mia.context.close();
});

test("the inviter's open members page shows an invitation sent elsewhere, then accepted", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Ada Admin" });
  const org = await createOrgViaApi(page, "Invite Lab");
  const email = uniqueEmail("ines");

  await openLive(page, `/orgs/${org.slug}/members`);
  const members = page.getByTestId("member-row");
  const invitations = page.getByTestId("invitation-row");
  await expect(members).toHaveCount(1);

  // Another admin tab (the same person's API session here) sends the invitation: it appears as pending.
  const invited = await page.request.post(`/api/orgs/${org.id}/invitations`, { data: { email, role: "member" } });
  expect(invited.status(), await invited.text()).toBe(201);
  await expect(invitations.filter({ hasText: email })).toBeVisible();

  // The invitee accepts in their own browser: the member appears and the invitation goes.
  const ines = await browser.newContext();
  const inesPage = await ines.newPage();
  await createVerifiedUser(inesPage, { name: "Ines Invitee", email });
  const mail = await waitForEmail(inesPage.request, email, /invited you/i);
  const token = new URL(mail.link).pathname.split("/").pop()!;
  const accepted = await inesPage.request.post(`/api/invitations/${token}/accept`);
  expect(accepted.ok(), await accepted.text()).toBe(true);

  await expect(members.filter({ hasText: "Ines Invitee" })).toBeVisible();
  await expect(invitations.filter({ hasText: email })).toHaveCount(0);
  expect(await stayed(page)).toBe(true);
  await ines.close();
});
