/**
 * Running a workspace: roles, removal (and the removed person's open session losing access), leaving as the last
 * owner, renaming and moving the address, deleting, what a plain member may not see, and org invitations.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { createOrgViaApi, createVerifiedUser, uniqueEmail, waitForEmail } from "./fixtures";

interface Person {
  context: BrowserContext;
  page: Page;
  name: string;
  email: string;
}

interface ApiMember {
  userId: string;
  name: string;
  email: string;
  role: string;
}

/** Someone else, in their own browser context, signed up, verified and signed in. */
async function person(browser: Browser, name: string): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const user = await createVerifiedUser(page, { name, email: uniqueEmail(name.split(" ")[0]!.toLowerCase()) });
  return { context, page, name, email: user.email };
}

/** `inviter` invites `who` through the API with `role`; `who` accepts with the emailed token. */
async function join(inviter: Page, who: Person, orgId: string, role: "member" | "admin" | "owner") {
  const invited = await inviter.request.post(`/api/orgs/${orgId}/invitations`, { data: { email: who.email, role } });
  expect(invited.status(), await invited.text()).toBe(201);
  const mail = await waitForEmail(who.page.request, who.email, /invited you/i);
  const token = new URL(mail.link).pathname.split("/").pop()!;
  const accepted = await who.page.request.post(`/api/invitations/${token}/accept`);
  expect(accepted.ok(), await accepted.text()).toBe(true);
}

async function members(page: Page, orgId: string): Promise<ApiMember[]> {
  const res = await page.request.get(`/api/orgs/${orgId}/members`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: ApiMember[] }).items;
}

const roleOf = async (page: Page, orgId: string, email: string) => (await members(page, orgId)).find((m) => m.email === email)?.role ?? null;

test("an admin changes a role and removes a member, whose open session loses access at once", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Olga Owner" });
  const org = await createOrgViaApi(page, "Removal Lab");
  const admin = await person(browser, "Adam Admin");
  const bob = await person(browser, "Bob Member");
  const carol = await person(browser, "Carol Member");
  await join(page, admin, org.id, "admin");
  await join(page, bob, org.id, "member");
  await join(page, carol, org.id, "member");

  // Bob has the workspace open in his own browser.
  await bob.page.goto(`/orgs/${org.slug}`);
  await expect(bob.page.getByTestId("org-name")).toHaveText("Removal Lab");

  const a = admin.page;
  await a.goto(`/orgs/${org.slug}/members`);
  await expect(a.getByRole("heading", { name: "Members" })).toBeVisible();
  await expect(a.getByTestId("member-row")).toHaveCount(4);
  // An admin may not touch an owner: no role select and no "Remove" for Olga.
  await expect(a.getByLabel("Role of Olga Owner", { exact: true })).toHaveCount(0);
  await expect(a.getByRole("button", { name: "Remove Olga Owner" })).toHaveCount(0);
  // ...and may hand out member and admin only.
  await expect(a.getByLabel("Role of Carol Member", { exact: true }).locator("option")).toHaveText(["Member", "Admin"]);

  // Choosing a role applies it (once the page's script runs): no separate Save to forget.
  await expect(a.getByRole("button", { name: "Remove Carol Member" })).toBeEnabled();
  await expect(a.getByRole("button", { name: "Save role of Carol Member" })).toHaveCount(0);
  await a.getByLabel("Role of Carol Member", { exact: true }).selectOption("admin");
  await expect(a.getByText("Carol Member is now admin.")).toBeVisible();
  expect(await roleOf(a, org.id, carol.email)).toBe("admin");

  // Removing asks first; backing out changes nothing.
  await a.getByRole("button", { name: "Remove Bob Member" }).click();
  const dialog = a.getByRole("dialog", { name: "Remove Bob Member?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect(await roleOf(a, org.id, bob.email)).toBe("member");

  await a.getByRole("button", { name: "Remove Bob Member" }).click();
  await dialog.getByRole("button", { name: "Remove member" }).click();
  await expect(a.getByText("Bob Member was removed from the workspace.")).toBeVisible();
  await expect(a.getByTestId("member-row")).toHaveCount(3);
  await expect(a.getByTestId("member-row").filter({ hasText: "Bob Member" })).toHaveCount(0);
  expect(await roleOf(a, org.id, bob.email)).toBeNull();

  // Bob's next request: the workspace is gone for him, in the page and in the API.
  await bob.page.reload();
  await expect(bob.page.getByRole("heading", { name: "Workspace not found" })).toBeVisible();
  await expect(bob.page.getByText("Removal Lab")).toHaveCount(0);
  expect((await bob.page.request.get(`/api/orgs/${org.id}`)).status()).toBe(404);
  await bob.page.goto(`/orgs/${org.slug}/members`);
  await expect(bob.page.getByRole("heading", { name: "Workspace not found" })).toBeVisible();

  // The activity log tells the story in sentences, newest first.
  await a.goto(`/orgs/${org.slug}/activity`);
  const entries = a.getByTestId("activity-entry");
  await expect(entries.first()).toContainText("Adam Admin removed Bob Member (member) from the workspace");
  await expect(entries.nth(1)).toContainText("Adam Admin changed Carol Member's role from member to admin");

  for (const p of [admin, bob, carol]) await p.context.close();
});

test("the last owner is told before trying: leaving and stepping down are disabled with the reason, until there is another owner", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Lena Last" });
  const org = await createOrgViaApi(page, "Last Owner Lab");
  const heir = await person(browser, "Hugo Heir");
  await join(page, heir, org.id, "member");

  await page.goto(`/orgs/${org.slug}/members`);
  // Not a red button that explains itself after the click: disabled, with the way out next to it.
  const leave = page.getByRole("button", { name: "Leave workspace" });
  await expect(leave).toBeDisabled();
  await expect(leave).toHaveAccessibleDescription(/You are the last owner of Last Owner Lab\./);
  await expect(page.getByTestId("leave-blocked")).toContainText("first make someone else an owner");
  // Stepping down is disabled the same way, and says why.
  const ownRole = page.getByLabel("Role of Lena Last", { exact: true });
  await expect(ownRole).toBeDisabled();
  await expect(ownRole).toHaveAccessibleDescription(/You are the only owner, so you cannot step down/);
  // The settings page knows too.
  await page.goto(`/orgs/${org.slug}/settings`);
  await expect(page.getByRole("button", { name: "Leave workspace" })).toBeDisabled();
  // The server refuses it anyway.
  expect((await page.request.patch(`/api/orgs/${org.id}/members/${(await members(page, org.id)).find((m) => m.name === "Lena Last")!.userId}`, { data: { role: "admin" } })).status()).toBe(409);

  // Hand over: make Hugo an owner (applied on selection), then leave. With no other workspace, "/" offers to create one.
  await page.goto(`/orgs/${org.slug}/members`);
  await expect(page.getByRole("button", { name: "Remove Hugo Heir" })).toBeEnabled();
  await page.getByLabel("Role of Hugo Heir", { exact: true }).selectOption("owner");
  await expect(page.getByText("Hugo Heir is now owner.")).toBeVisible();
  await expect(ownRole).toBeEnabled();
  await expect(leave).toBeEnabled();
  await leave.click();
  const dialog = page.getByRole("dialog", { name: "Leave Last Owner Lab?" });
  await dialog.getByRole("button", { name: "Leave workspace" }).click();
  await expect(page).toHaveURL(/\/orgs\/new$/);
  expect((await page.request.get(`/api/orgs/${org.id}`)).status()).toBe(404);
  expect(await roleOf(heir.page, org.id, heir.email)).toBe("owner");
  await heir.context.close();
});

test("a role change applies on selection with a pending state, and Undo in the toast changes it back", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Uma Undo" });
  const org = await createOrgViaApi(page, "Undo Lab");
  const vic = await person(browser, "Vic Member");
  await join(page, vic, org.id, "member");

  await page.goto(`/orgs/${org.slug}/members`);
  // Choosing applies once the page's script runs (the dialog buttons wait for it too); before, a Save button does.
  await expect(page.getByRole("button", { name: "Remove Vic Member" })).toBeEnabled();
  const select = page.getByLabel("Role of Vic Member", { exact: true });
  await select.selectOption("admin");
  const toastBox = page.getByTestId("toast").filter({ hasText: "Vic Member is now admin." });
  await expect(toastBox).toBeVisible();
  expect(await roleOf(page, org.id, vic.email)).toBe("admin");
  await toastBox.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByText("Vic Member is now member.")).toBeVisible();
  await expect(select).toHaveValue("member");
  expect(await roleOf(page, org.id, vic.email)).toBe("member");
  await vic.context.close();
});

test("rename and change the address: the page moves and old links redirect; a taken address is refused", async ({ page }) => {
  await createVerifiedUser(page, { name: "Rita Renamer" });
  const suffix = Math.random().toString(36).slice(2, 8);
  const taken = await createOrgViaApi(page, "Taken Place", `taken-${suffix}`);
  const org = await createOrgViaApi(page, "Old Name Lab", `old-name-${suffix}`);

  await page.goto(`/orgs/${org.slug}/settings`);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Old Name Lab");
  // The page's script has run (the dialog buttons wait for it), so the form answers in place.
  await expect(page.getByRole("button", { name: "Delete workspace" })).toBeEnabled();
  await page.getByLabel("Address", { exact: true }).fill(taken.slug);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("That address is already taken. Try another one.")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/orgs/${org.slug}/settings$`));

  await page.getByLabel("Name", { exact: true }).fill("New Name Lab");
  await page.getByLabel("Address", { exact: true }).fill(`new-name-${suffix}`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/new-name-${suffix}/settings\\?saved=1$`));
  await expect(page.getByTestId("org-name")).toHaveText("New Name Lab");
  await expect(page.getByText("Workspace settings saved.").first()).toBeVisible();
  const stored = (await (await page.request.get(`/api/orgs/${org.id}`)).json()) as { name: string; slug: string };
  expect(stored).toMatchObject({ name: "New Name Lab", slug: `new-name-${suffix}` });

  // Old links lead members to the new address, on every org page.
  await page.goto(`/orgs/${org.slug}/members`);
  await expect(page).toHaveURL(new RegExp(`/orgs/new-name-${suffix}/members$`));
  await page.goto(`/orgs/${org.slug}/settings`);
  await expect(page).toHaveURL(new RegExp(`/orgs/new-name-${suffix}/settings$`));

  // A name-only change stays on the page and says so.
  await page.getByLabel("Name", { exact: true }).fill("Newer Name Lab");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Workspace settings saved." })).toBeVisible();
  await expect(page.getByTestId("org-name")).toHaveText("Newer Name Lab");
});

test("an owner deletes a workspace after typing its name and lands in another one", async ({ page }) => {
  await createVerifiedUser(page, { name: "Dora Deleter" });
  const keep = await createOrgViaApi(page, "Keeper Lab");
  const doomed = await createOrgViaApi(page, "Doomed Lab");

  await page.goto(`/orgs/${doomed.slug}/settings`);
  await page.getByRole("button", { name: "Delete workspace" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete Doomed Lab?" });
  const field = dialog.getByLabel("Type the workspace name, Doomed Lab, to confirm");
  const confirm = dialog.getByRole("button", { name: "Delete workspace" });
  await expect(field).toBeFocused();
  await expect(confirm).toBeDisabled();
  await field.fill("Doomed");
  await expect(confirm).toBeDisabled();
  await field.fill("Doomed Lab");
  await expect(confirm).toBeEnabled();
  await confirm.click();

  await expect(page).toHaveURL(new RegExp(`/orgs/${keep.slug}\\?workspaceDeleted=Doomed\\+Lab$`));
  // A lasting message on the page where they land, not a toast that is gone before it is read.
  const message = page.getByText("The workspace “Doomed Lab” was deleted, with its projects, memberships and invitations.");
  await expect(message).toBeVisible();
  await page.waitForTimeout(7000);
  await expect(message).toBeVisible();
  expect((await page.request.get(`/api/orgs/${doomed.id}`)).status()).toBe(404);
  const orgs = (await (await page.request.get("/api/orgs")).json()) as { items: { name: string }[] };
  expect(orgs.items.map((o) => o.name)).toEqual(["Keeper Lab"]);
});

test("deleting one's last workspace lands on creating a new one, which says what was deleted", async ({ page }) => {
  await createVerifiedUser(page, { name: "Lena Last" });
  const only = await createOrgViaApi(page, "Only Lab");
  await page.goto(`/orgs/${only.slug}/settings`);
  await page.getByRole("button", { name: "Delete workspace" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete Only Lab?" });
  await dialog.getByLabel("Type the workspace name, Only Lab, to confirm").fill("Only Lab");
  await dialog.getByRole("button", { name: "Delete workspace" }).click();
  await expect(page).toHaveURL(/\/orgs\/new\?workspaceDeleted=Only\+Lab$/);
  await expect(page.getByTestId("workspace-deleted")).toContainText("The workspace “Only Lab” was deleted");
  await page.reload();
  await expect(page.getByTestId("workspace-deleted")).toContainText("Only Lab");
  await expect(page.getByRole("heading", { name: "Create a workspace" })).toBeVisible();
});

test("a plain member sees no admin controls, and the activity page refuses them", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Otto Owner" });
  const org = await createOrgViaApi(page, "Plain Lab");
  const plain = await person(browser, "Paula Plain");
  await join(page, plain, org.id, "member");
  const p = plain.page;

  await p.goto(`/orgs/${org.slug}/members`);
  await expect(p.getByTestId("member-row")).toHaveCount(2);
  await expect(p.getByTestId("member-row").filter({ hasText: "Otto Owner" })).toContainText("Owner");
  await expect(p.getByRole("combobox")).toHaveCount(0);
  await expect(p.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
  await expect(p.getByRole("heading", { name: "Invitations" })).toHaveCount(0);
  await expect(p.getByRole("button", { name: "Leave workspace" })).toBeVisible();
  const nav = p.getByRole("navigation", { name: "Workspace" });
  await expect(nav.getByRole("link", { name: "Activity" })).toHaveCount(0);

  // Search by part of a name or an address (the GET form also works without scripts).
  await p.getByLabel("Search members by name or email").fill("otto");
  await p.getByRole("button", { name: "Search" }).click();
  await expect(p).toHaveURL(/\?q=otto$/);
  await expect(p.getByTestId("member-row")).toHaveCount(1);
  await p.goto(`/orgs/${org.slug}/members?q=${encodeURIComponent(plain.email)}`);
  await expect(p.getByTestId("member-row")).toHaveText(/Paula Plain/);

  await p.goto(`/orgs/${org.slug}/settings`);
  await expect(p.getByText("Only admins and owners can change these settings.")).toBeVisible();
  await expect(p.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(p.getByRole("button", { name: "Delete workspace" })).toHaveCount(0);
  await expect(p.getByRole("button", { name: "Leave workspace" })).toBeVisible();

  await p.goto(`/orgs/${org.slug}/activity`);
  await expect(p.getByText("Only admins and owners can see the activity log of Plain Lab.")).toBeVisible();
  await expect(p.getByTestId("activity-entry")).toHaveCount(0);
  await p.getByRole("link", { name: "Back to the projects" }).click();
  await expect(p).toHaveURL(new RegExp(`/orgs/${org.slug}$`));
  expect((await p.request.get(`/api/orgs/${org.id}/activity`)).status()).toBe(403);
  expect((await p.request.patch(`/api/orgs/${org.id}`, { data: { name: "Hijacked" } })).status()).toBe(403);
  await plain.context.close();
});

test("searching members works without JavaScript (a plain GET form)", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await createVerifiedUser(page, { name: "Nils Noscript" });
  const org = await createOrgViaApi(page, "No Script Lab");
  await page.goto(`/orgs/${org.slug}/members`);
  await page.getByLabel("Search members by name or email").fill("nobody-matches");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\?q=nobody-matches$/);
  await expect(page.getByText("No members match “nobody-matches”.")).toBeVisible();
  await expect(page.getByLabel("Search members by name or email")).toHaveValue("nobody-matches");
  await page.getByRole("link", { name: "Clear search" }).click();
  await expect(page.getByTestId("member-row")).toHaveText(/Nils Noscript/);
  await context.close();
});

test("members are paginated with a Next page link", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Pia Pager" });
  const org = await createOrgViaApi(page, "Pager Lab");
  const other = await person(browser, "Quinn Second");
  await join(page, other, org.id, "member");

  const third = await person(browser, "Rex Third");
  await join(page, third, org.id, "member");

  await page.goto(`/orgs/${org.slug}/members?limit=1`);
  await expect(page.getByTestId("member-row")).toHaveText(/Pia Pager/);
  await expect(page.getByTestId("range")).toHaveText("1–1 of 3");
  await expect(page.getByRole("link", { name: "← Previous" })).toHaveCount(0);
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByTestId("member-row")).toHaveText(/Quinn Second/);
  await expect(page.getByTestId("range")).toHaveText("2–2 of 3");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page.getByTestId("member-row")).toHaveText(/Rex Third/);
  await expect(page.getByTestId("range")).toHaveText("3–3 of 3");
  await expect(page.getByRole("link", { name: "Next →" })).toHaveCount(0);
  // Back one page at a time (the earlier cursors travel in the URL), and the position survives a reload.
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(page.getByTestId("member-row")).toHaveText(/Quinn Second/);
  await page.reload();
  await expect(page.getByTestId("range")).toHaveText("2–2 of 3");
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(page.getByTestId("member-row")).toHaveText(/Pia Pager/);
  await expect(page.getByTestId("range")).toHaveText("1–1 of 3");
  // A search keeps its count.
  await page.goto(`/orgs/${org.slug}/members?q=quinn`);
  await expect(page.getByTestId("range")).toHaveText("1–1 of 1");
  await third.context.close();
  await other.context.close();
});

test("an admin invites an address, sees it pending, resends it and cancels it", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Owen Owner" });
  const org = await createOrgViaApi(page, "Invite Admin Lab");
  const admin = await person(browser, "Iris Inviter");
  await join(page, admin, org.id, "admin");
  const a = admin.page;
  const invitee = uniqueEmail("invitee");

  await a.goto(`/orgs/${org.slug}/members`);
  const invitations = a.getByRole("region", { name: "Invitations" });
  await expect(a.getByText("No pending invitations.")).toBeVisible();
  // An admin may invite as member or admin, not as owner.
  await expect(a.getByLabel("Role", { exact: true }).locator("option")).toHaveText(["Member", "Admin"]);

  // Many addresses at once, one result per address: sent, already a member, invalid with the reason.
  // The page's script has run (the dialog buttons wait for it): the form then keeps what is typed.
  await expect(a.getByRole("button", { name: "Leave workspace" })).toBeEnabled();
  const field = a.getByLabel("Email addresses");
  await field.fill(`not-an-email, ${admin.email}\n${invitee.toUpperCase()}`);
  await a.getByLabel("Role", { exact: true }).selectOption("admin");
  await a.getByRole("button", { name: "Send invitations" }).click();
  const results = a.getByTestId("invite-result");
  await expect(results).toHaveCount(3);
  await expect(results.filter({ hasText: "not-an-email" })).toContainText("Not sent: Enter a valid email address.");
  await expect(results.filter({ hasText: admin.email })).toContainText("Already a member");
  await expect(results.filter({ hasText: invitee })).toContainText("Invitation sent");
  await expect(a.getByText("1 invitation sent.")).toBeVisible();
  // The ones that need fixing stay in the field; the rest leave it.
  await expect(field).toHaveValue("not-an-email");
  const row = invitations.getByTestId("invitation-row").filter({ hasText: invitee });
  await expect(row).toContainText("Admin");
  await expect(row).toContainText("Iris Inviter");
  const first = await waitForEmail(a.request, invitee, /invited you/i);
  // The new link, shown once with a Copy button: the same link the email carries.
  await expect(a.getByRole("textbox", { name: `Invitation link for ${invitee}` })).toHaveValue(first.link);
  await expect(a.getByRole("button", { name: `Copy invitation link for ${invitee}` })).toBeVisible();
  await a.reload();
  await expect(a.getByRole("textbox", { name: `Invitation link for ${invitee}` })).toHaveCount(0);

  // Inviting the same address again says that the old link was replaced, and the old link dies.
  await a.getByLabel("Email addresses").fill(invitee);
  await a.getByRole("button", { name: "Send invitations" }).click();
  await expect(a.getByTestId("invite-result")).toContainText("Invitation renewed: the previous link no longer works");
  await expect(a.getByText(`Invitation to ${invitee} renewed. The previous link no longer works.`)).toBeVisible();
  expect((await a.request.get(`/api/invitations/${new URL(first.link).pathname.split("/").pop()}`)).status()).toBe(404);
  await expect
    .poll(async () => ((await (await a.request.get(`/api/dev/emails?to=${encodeURIComponent(invitee)}`)).json()) as { items: unknown[] }).items.length)
    .toBe(2);
  const second = (((await (await a.request.get(`/api/dev/emails?to=${encodeURIComponent(invitee)}`)).json()) as { items: { text: string }[] }).items[0]!.text.match(/https?:\/\/\S+/)![0]);

  // Resend: a new link goes out and the first one stops working.
  await a.getByRole("button", { name: `Resend invitation to ${invitee}` }).click();
  await expect(a.getByText(`A new link was sent to ${invitee}. The previous link no longer works.`)).toBeVisible();
  await expect
    .poll(async () => ((await (await a.request.get(`/api/dev/emails?to=${encodeURIComponent(invitee)}`)).json()) as { items: unknown[] }).items.length)
    .toBe(3);
  const oldToken = new URL(second).pathname.split("/").pop()!;
  expect((await a.request.get(`/api/invitations/${oldToken}`)).status()).toBe(404);

  // Cancel asks first, then the invitation is gone from the page and the API.
  await a.getByRole("button", { name: `Cancel invitation to ${invitee}` }).click();
  const dialog = a.getByRole("dialog", { name: `Cancel the invitation to ${invitee}?` });
  await dialog.getByRole("button", { name: "Cancel invitation" }).click();
  await expect(a.getByText(`The invitation to ${invitee} was cancelled.`)).toBeVisible();
  await expect(row).toHaveCount(0);
  await expect(a.getByText("No pending invitations.")).toBeVisible();
  const pending = (await (await a.request.get(`/api/orgs/${org.id}/invitations`)).json()) as { items: unknown[] };
  expect(pending.items).toEqual([]);
  await admin.context.close();
});

test("the activity log filters by person and by kind of action, in the URL, with avatars beside people", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Fern Filter" });
  const org = await createOrgViaApi(page, "Filter Lab");
  const admin = await person(browser, "Gil Admin");
  await join(page, admin, org.id, "admin");
  await admin.page.request.post(`/api/orgs/${org.id}/invitations`, { data: { email: uniqueEmail("g"), role: "member" } });

  await page.goto(`/orgs/${org.slug}/activity`);
  const entries = page.getByTestId("activity-entry");
  await expect(entries.first()).toContainText("Gil Admin invited");
  await expect(entries.first().locator("[aria-hidden=true]").first()).toHaveText("GA");
  await page.getByLabel("Person").selectOption({ label: "Fern Filter" });
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page).toHaveURL(/actor=/);
  await expect(entries.first()).toContainText("Fern Filter");
  for (const text of await entries.allTextContents()) expect(text).toContain("Fern Filter");

  await page.getByLabel("Kind of action").selectOption({ label: "Invited" });
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page).toHaveURL(/action=invitation\.created/);
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText(`Fern Filter invited ${admin.email}`);
  // The filters survive a reload (they are the URL), and clear in one click.
  await page.reload();
  await expect(page.getByLabel("Kind of action")).toHaveValue("invitation.created");
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(entries.first()).toContainText("Gil Admin invited");
  await admin.context.close();
});
