/**
 * Leaving for good (issue 14): a person downloads their data from /account, deletes their account there, cannot sign
 * in any more, and the project they created lives on for the colleague who shared it, whose activity log names them.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { addProjectMemberViaApi, createOrgViaApi, createProjectViaApi, createVerifiedUser, gotoReady, joinOrg, newPerson, PASSWORD } from "./fixtures";

test("export, then delete the account: sign-in fails, the shared project stays, the activity names them", async ({ page, browser }) => {
  const leaver = await createVerifiedUser(page, { name: "Lena Leaving" });
  const org = await createOrgViaApi(page, `Shared lab ${Date.now().toString(36)}`);
  const project = await createProjectViaApi(page, org.id, "Scoping review of exits");
  const colleague = await newPerson(browser, "Cole Staying");
  // The colleague becomes a second owner of the workspace and of the project, so nothing blocks the deletion.
  await joinOrg(page, colleague, org.id, "owner");
  await addProjectMemberViaApi(page, org.id, project.id, colleague.id, "owner");

  await gotoReady(page, "/account");
  const leave = page.getByTestId("account-leave");
  const downloading = page.waitForEvent("download");
  await leave.getByRole("link", { name: "Download my data" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^corates-export-.+\.json$/);
  const exported = JSON.parse(readFileSync((await download.path())!, "utf8"));
  expect(exported.profile).toMatchObject({ name: "Lena Leaving", email: leaver.email });
  expect(exported.memberships).toEqual([expect.objectContaining({ orgId: org.id, role: "owner" })]);
  expect(exported.activity.map((a: { action: string }) => a.action)).toContain("project.created");

  await leave.getByRole("button", { name: "Delete my account…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account for good?" });
  await expect(dialog).toBeVisible();
  // A wrong address is refused in the dialog, and nothing happens.
  await dialog.getByLabel(/^Type .* to confirm$/).fill("someone.else@example.com");
  await dialog.getByLabel("Your password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await expect(dialog.getByText(`Type ${leaver.email} exactly to confirm.`)).toBeVisible();
  await dialog.getByLabel(/^Type .* to confirm$/).fill(leaver.email);
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByText("Your account and your data were deleted.")).toBeVisible();

  // Signing in again fails.
  await gotoReady(page, "/signin");
  await page.getByLabel("Email").fill(leaver.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signin-error")).toBeVisible();
  expect((await page.request.get("/api/me")).status()).toBe(401);

  // The colleague still has the project, and the log names the person who left.
  await gotoReady(colleague.page, `/orgs/${org.slug}/projects/${project.id}`);
  await expect(colleague.page.getByRole("heading", { name: "Scoping review of exits" })).toBeVisible();
  await gotoReady(colleague.page, `/orgs/${org.slug}/activity`);
  await expect(colleague.page.getByText("Lena Leaving deleted their account and left the workspace")).toBeVisible();
  await expect(colleague.page.getByText(/Lena Leaving created the project/)).toBeVisible();
  await colleague.context.close();
});

test("a last owner is told what to hand over, with a link to it, and keeps the account", async ({ page, browser }) => {
  const owner = await createVerifiedUser(page, { name: "Otto Last" });
  const org = await createOrgViaApi(page, `Otto lab ${Date.now().toString(36)}`);
  const colleague = await newPerson(browser, "Mina Member");
  await joinOrg(page, colleague, org.id, "member");

  await gotoReady(page, "/account");
  await page.getByTestId("account-leave").getByRole("button", { name: "Delete my account…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account for good?" });
  await dialog.getByLabel(/^Type .* to confirm$/).fill(owner.email);
  await dialog.getByLabel("Your password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  const handover = dialog.getByTestId("handover-list");
  await expect(handover.getByRole("link", { name: org.name })).toHaveAttribute("href", `/orgs/${org.slug}/members`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await page.request.get("/api/me")).status()).toBe(200);
  await colleague.context.close();
});
