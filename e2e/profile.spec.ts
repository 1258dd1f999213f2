/**
 * The first-run step (issue 14) as people meet it: a fresh sign-up completes the profile and lands in their own
 * workspace; an invitee completes it and goes back to the invitation, gets no workspace of their own, and accepts.
 * The username is then changed on /account, where a taken one is refused.
 */
import { expect, test, type Page } from "@playwright/test";
import { createOrgViaApi, createProjectViaApi, createVerifiedUser, gotoReady, joinOrg, newPerson, originOf, PASSWORD, uniqueEmail, waitForEmail } from "./fixtures";
import { completeWelcome } from "./welcome";

async function signUp(page: Page, name: string, email: string) {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("signup-sent-to")).toHaveText(email);
  const verify = await waitForEmail(page.request, email, /verify/i);
  await page.goto(verify.link);
  await expect(page.getByTestId("verify-success")).toContainText(email);
  await page.getByTestId("verify-continue").click();
}

const me = async (page: Page) => (await (await page.request.get("/api/me")).json()) as { user: Record<string, unknown>; activeOrgId: string | null };

test("a fresh sign-up completes the profile, lands in their own workspace, and changes the username on /account", async ({ page, browser }) => {
  const email = uniqueEmail("fresh");
  // One name per run and project: the suggested username and the workspace's address derive from it.
  const tag = `${test.info().project.name.slice(0, 1)}${Math.random().toString(36).slice(2, 10)}`;
  const name = `Frida ${tag}`;
  await gotoReady(page, "/signup");
  await page.getByLabel("Email").fill(email);
  await signUp(page, name, email);

  await expect(page).toHaveURL(/\/welcome$/);
  await expect(page.getByLabel("Display name")).toHaveValue(name);
  const suggested = `frida-${tag}`;
  await expect(page.getByLabel("Username")).toHaveValue(suggested);
  await completeWelcome(page, { persona: /Student/ });

  await expect(page.getByRole("heading", { name: `${name}’s workspace`, level: 1 })).toBeVisible();
  const after = await me(page);
  expect(after.user).toMatchObject({ name, username: suggested, persona: "student", profileCompleted: true, role: "user", image: null, twoFactorEnabled: false });
  const orgs = (await (await page.request.get("/api/orgs")).json()) as { items: { id: string; name: string; role: string }[] };
  expect(orgs.items).toEqual([expect.objectContaining({ id: after.activeOrgId, name: `${name}’s workspace`, role: "owner" })]);

  // Someone else holds a username: choosing it on /account is refused with a clear message, another one is saved.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await createVerifiedUser(otherPage, { name: "Holder Person" });
  const held = `held-${tag}`.toLowerCase().slice(0, 30);
  expect((await otherPage.request.patch("/api/me/profile", { data: { username: held }, headers: originOf(otherPage) })).ok()).toBe(true);
  await other.close();

  await gotoReady(page, "/account");
  const section = page.getByTestId("account-username");
  await expect(section.getByTestId("account-username-value")).toHaveText(`@${suggested} · Student`);
  await section.getByRole("button", { name: "Change username" }).click();
  await expect(section.getByLabel("Username")).toHaveValue(suggested);
  await section.getByLabel("Username").fill(held);
  await section.getByRole("button", { name: "Save username" }).click();
  await expect(section.getByText("That username is taken. Try another one.")).toBeVisible();
  expect((await me(page)).user.username).toBe(suggested);
  const mine = `mine-${tag}`.toLowerCase().slice(0, 30);
  await section.getByLabel("Username").fill(mine.toUpperCase());
  await section.getByRole("button", { name: "Save username" }).click();
  await expect(section.getByText(`Saved. Your username is ${mine}.`)).toBeVisible();
  expect((await me(page)).user.username).toBe(mine);
});

test("an invitee signs up from the link, completes the profile, is taken back to the invitation and accepts; no workspace of their own", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Ines Inviter" });
  const org = await createOrgViaApi(page, `Welcome Lab ${test.info().project.name}`);
  const email = uniqueEmail("invitee");
  expect((await page.request.post(`/api/orgs/${org.id}/invitations`, { data: { email, role: "member" } })).status()).toBe(201);
  const link = new URL((await waitForEmail(page.request, email, /invited you/)).link);

  const context = await browser.newContext();
  const guest = await context.newPage();
  await gotoReady(guest, link.pathname);
  await guest.getByRole("link", { name: "Create account" }).click();
  await expect(guest).toHaveURL(/\/signup\?/);
  await guest.locator("html[data-hydrated]").waitFor();
  await signUp(guest, "Ivo Invitee", email);

  await expect(guest).toHaveURL(`/welcome?next=${encodeURIComponent(link.pathname)}`);
  await expect(guest.getByText("then we take you back to your invitation")).toBeVisible();
  await completeWelcome(guest, { name: "Ivo I. Invitee", persona: /Librarian/ });
  await expect(guest).toHaveURL(new RegExp(`${link.pathname}$`));
  // Nothing of their own was created on the way.
  expect(((await (await guest.request.get("/api/orgs")).json()) as { items: unknown[] }).items).toEqual([]);

  await guest.getByRole("button", { name: "Accept" }).click();
  await expect(guest).toHaveURL(new RegExp(`/orgs/${org.slug}$`));
  const orgs = (await (await guest.request.get("/api/orgs")).json()) as { items: { id: string; role: string }[] };
  expect(orgs.items).toEqual([expect.objectContaining({ id: org.id, role: "member" })]);
  expect((await me(guest)).user).toMatchObject({ name: "Ivo I. Invitee", persona: "librarian", profileCompleted: true });
  await context.close();
});

test("two members with the same name are told apart by their usernames, on the members page and in the project picker", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Olga Owner" });
  const org = await createOrgViaApi(page, `Twin Names Lab ${Date.now().toString(36)}`);
  const twins = [await newPerson(browser, "Sam Same"), await newPerson(browser, "Sam Same")];
  for (const t of twins) await joinOrg(page, t, org.id);
  const usernames = await Promise.all(twins.map(async (t) => ((await (await t.page.request.get("/api/me")).json()) as { user: { username: string } }).user.username));
  expect(usernames[0]).not.toBe(usernames[1]);

  await gotoReady(page, `/orgs/${org.slug}/members`);
  // Exact: one suggested username can be the start of the other ("sam-same", "sam-same-2").
  for (const u of usernames) await expect(page.getByTestId("username").getByText(`@${u}`, { exact: true })).toBeVisible();
  // A name nobody shares stays as it is.
  await expect(page.getByRole("listitem").filter({ hasText: "Olga Owner" }).getByTestId("username")).toHaveCount(0);

  const project = await createProjectViaApi(page, org.id, "Twin review");
  await gotoReady(page, `/orgs/${org.slug}/projects/${project.id}`);
  const options = page.getByRole("combobox", { name: /person|member/i }).locator("option");
  for (const u of usernames) await expect(options.filter({ hasText: `@${u} (` })).toHaveCount(1);
  for (const t of twins) await t.context.close();
});
