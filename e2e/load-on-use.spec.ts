/**
 * Parts of the project and invitation pages that appear only after someone acts load on use (issue 15): the page does
 * not fetch them, the first sign of intent does, the first click works while they are still arriving, and a part that
 * cannot be fetched says so and loads on the next try.
 */
import { expect, test, type Page } from "@playwright/test";
import { createOrgViaApi, createProjectViaApi, createVerifiedUser, gotoReady, uniqueEmail, waitForEmail } from "./fixtures";

/** Records which of the build's scripts matching `name` the page asked for. */
function watchScripts(page: Page, name: RegExp) {
  const asked: string[] = [];
  page.on("request", (r) => {
    const file = new URL(r.url()).pathname.split("/").pop() ?? "";
    if (r.url().includes("/_build/assets/") && name.test(file)) asked.push(file);
  });
  return asked;
}

/** Holds the answers for scripts matching `glob` until release() is called. */
async function holdScripts(page: Page, glob: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route(glob, async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

test("the project's edit form loads on use: not with the page, opens on a click made while it arrives, says so when it cannot", async ({ page }) => {
  await createVerifiedUser(page, { name: "Lena Lazy" });
  const org = await createOrgViaApi(page, "Lazy Lab");
  const project = await createProjectViaApi(page, org.id, "Deferred review");
  const asked = watchScripts(page, /^Project(EditForm|InviteOwnerConfirm|InvitationLink)-/);

  // Offline for that part first: the click tells the person, and nothing opens.
  await page.route("**/_build/assets/ProjectEditForm-*.js", (route) => route.abort());
  await gotoReady(page, `/orgs/${org.slug}/projects/${project.id}`);
  await expect(page.getByTestId("project-members")).toBeVisible();
  expect(asked, "the page itself fetches none of the parts shown only after an action").toEqual([]);
  const edit = page.getByRole("button", { name: "Edit details" });
  await edit.click();
  await expect(page.getByTestId("toasts")).toContainText("could not be loaded");
  await expect(page.getByRole("heading", { name: "Edit project details" })).toHaveCount(0);
  await page.unroute("**/_build/assets/ProjectEditForm-*.js");

  // Back online, but slow: the click made before the code arrives opens the form once it has.
  const release = await holdScripts(page, "**/_build/assets/ProjectEditForm-*.js");
  await edit.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Edit project details" })).toHaveCount(0);
  release();
  await expect(page.getByRole("heading", { name: "Edit project details" })).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Deferred review");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(edit).toBeFocused();
});

test("the owner question and the new link of the project's invite form load on use", async ({ page }) => {
  await createVerifiedUser(page, { name: "Otto Owner" });
  const org = await createOrgViaApi(page, "Question Lab");
  const project = await createProjectViaApi(page, org.id, "Owner review");
  const asked = watchScripts(page, /^Project(InviteOwnerConfirm|InvitationLink)-/);
  await gotoReady(page, `/orgs/${org.slug}/projects/${project.id}`);
  await expect(page.getByTestId("project-invitations")).toBeVisible();
  expect(asked).toEqual([]);

  // Both parts held back: choosing an owner and sending still asks first, and the link shows after "Yes".
  const releaseQuestion = await holdScripts(page, "**/_build/assets/ProjectInviteOwnerConfirm-*.js");
  const releaseLink = await holdScripts(page, "**/_build/assets/ProjectInvitationLink-*.js");
  const section = page.getByTestId("project-invitations");
  const guest = uniqueEmail("owner-guest");
  await section.getByLabel("Email").fill(guest);
  await section.getByLabel("Project role").selectOption("owner");
  await section.getByRole("button", { name: "Send invitation", exact: true }).click();
  releaseQuestion();
  const ask = section.getByTestId("invite-owner-confirm");
  await expect(ask.getByRole("button", { name: "Yes, invite as owner" })).toBeFocused();
  await ask.getByRole("button", { name: "Yes, invite as owner" }).click();
  await expect(section.getByTestId(`project-invitation-${guest}`)).toContainText("Project role: Owner");
  releaseLink();
  const mail = await waitForEmail(page.request, guest, /invited you/);
  await expect(section.getByTestId("invitation-link").getByLabel(`Invitation link for ${guest}`)).toHaveValue(mail.link);
  // Fetched once the person turned to the form, not before.
  expect(asked.some((f) => f.startsWith("ProjectInviteOwnerConfirm-"))).toBe(true);
  expect(asked.some((f) => f.startsWith("ProjectInvitationLink-"))).toBe(true);
});

test("the invitation page's decline question loads on use, and a click while it arrives still asks", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Ines Inviter" });
  const org = await createOrgViaApi(page, "Decline Later Lab");
  const invitee = uniqueEmail("later");
  const created = await page.request.post(`/api/orgs/${org.id}/invitations`, { data: { email: invitee, role: "member" } });
  expect(created.status()).toBe(201);
  const mail = await waitForEmail(page.request, invitee, /invited you/);

  const context = await browser.newContext();
  const guest = await context.newPage();
  const asked = watchScripts(guest, /^(InvitationDeclineConfirm|auth)-/);
  const release = await holdScripts(guest, "**/_build/assets/InvitationDeclineConfirm-*.js");
  await gotoReady(guest, new URL(mail.link).pathname);
  await expect(guest.getByTestId("invitation-state")).toHaveAttribute("data-state", "pending");
  expect(asked, "neither the question nor the auth wrapper comes with the page").toEqual([]);
  await guest.getByRole("button", { name: "Decline" }).click();
  release();
  await expect(guest.getByRole("button", { name: "Yes, decline" })).toBeFocused();
  await guest.getByRole("button", { name: "Keep the invitation" }).click();
  await expect(guest.getByRole("button", { name: "Decline" })).toBeFocused();
  await context.close();
});
