/**
 * The members page's invite form is a plain form post: without the page's script the server answers with the results
 * (which the page otherwise loads on use, src/components/InviteResults.tsx).
 */
import { expect, test } from "@playwright/test";
import { createOrgViaApi, createVerifiedUser, uniqueEmail } from "./fixtures";

test("inviting works without JavaScript and shows one result per address", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await createVerifiedUser(page, { name: "Nora Nojs" });
  const org = await createOrgViaApi(page, "No Script Invite Lab");
  await page.goto(`/orgs/${org.slug}/members`);
  const invitee = uniqueEmail("nojs");
  await page.getByLabel("Email addresses").fill(invitee);
  await page.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByTestId("invite-result")).toContainText(`${invitee} — Invitation sent`);
  const pending = (await (await page.request.get(`/api/orgs/${org.id}/invitations`)).json()) as { items: { email: string }[] };
  expect(pending.items.map((i) => i.email)).toEqual([invitee]);
  await context.close();
});
