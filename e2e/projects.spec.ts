import { expect, test, type Page } from "@playwright/test";
import { addProjectMemberViaApi, createOrgViaApi, createProjectViaApi, createVerifiedUser, joinOrg, newPerson, uniqueEmail, waitForEmail, type ApiProject } from "./fixtures";

async function apiProjects(page: Page, orgId: string, query = "") {
  const res = await page.request.get(`/api/orgs/${orgId}/projects${query}`);
  return { status: res.status(), body: res.ok() ? ((await res.json()) as { items: ApiProject[]; nextCursor: string | null }) : null };
}

async function apiMembers(page: Page, orgId: string, projectId: string) {
  const res = await page.request.get(`/api/orgs/${orgId}/projects/${projectId}/members`);
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { items: { userId: string; name: string; role: string }[] }).items;
}

/** Waits until a project page's script runs: the role selects' no-script "Save" buttons are gone then. */
async function projectPageReady(page: Page) {
  await expect(page.getByTestId("project-members")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Save role of/ })).toHaveCount(0);
}

/** The rows of the project table, header excluded. */
const projectRows = (page: Page) => page.getByTestId("project-row");

test("create a project from the empty state, land on it, edit it, and delete it", async ({ page }) => {
  await createVerifiedUser(page, { name: "Petra Owner" });
  const org = await createOrgViaApi(page, "Empty State Lab");

  await page.goto(`/orgs/${org.slug}`);
  await expect(page.getByTestId("org-name")).toHaveText("Empty State Lab");
  await expect(page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Projects" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No projects yet" })).toBeVisible();
  await page.getByRole("link", { name: "Create your first project" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${org.slug}/projects/new$`));

  // Bad input first: a message on the field, nothing created.
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("Enter a name.")).toBeVisible();
  expect((await apiProjects(page, org.id)).body!.items).toHaveLength(0);

  await page.getByLabel("Name").fill("Statins and sleep");
  await page.getByLabel("Description (optional)").fill("Risk of bias appraisal for the statins review.");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${org.slug}/projects/[0-9a-f-]{36}$`));
  const projectId = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1, name: "Statins and sleep" })).toBeVisible();
  await expect(page.getByTestId("project-description")).toHaveText("Risk of bias appraisal for the statins review.");
  await expect(page.getByTestId("project-role")).toHaveText("Owner");
  await expect(page.getByTestId("project-members").getByRole("row", { name: /Petra Owner \(you\)/ })).toBeVisible();
  await expect(page.getByTestId("project-invitations").getByText("No pending invitations.")).toBeVisible();

  // The API agrees: one project, the creator its owner.
  const created = await page.request.get(`/api/orgs/${org.id}/projects/${projectId}`);
  expect(await created.json()).toMatchObject({ name: "Statins and sleep", role: "owner", memberCount: 1 });

  // Rename and clear the description.
  await page.getByRole("button", { name: "Edit details" }).click();
  await page.getByLabel("Name").fill("Statins and sleep quality");
  await page.getByLabel("Description").fill("");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByTestId("toasts")).toContainText("Project details saved.");
  await expect(page.getByRole("heading", { level: 1, name: "Statins and sleep quality" })).toBeVisible();
  await expect(page.getByText("No description yet.")).toBeVisible();
  expect(await (await page.request.get(`/api/orgs/${org.id}/projects/${projectId}`)).json()).toMatchObject({ name: "Statins and sleep quality", description: null });

  // The list shows it with role, member count and a <time> carrying the full date.
  // Breadcrumb (workspace › project), and the Projects tab marked as the current section.
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(crumbs.locator('[aria-current="page"]')).toHaveText("Statins and sleep quality");
  await expect(page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Projects" })).toHaveAttribute("aria-current", "true");
  await crumbs.getByRole("link", { name: "Empty State Lab" }).click();
  const row = projectRows(page).filter({ hasText: "Statins and sleep quality" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Your role: Owner");
  await expect(row).toContainText("1 member");
  await expect(row).not.toContainText("1 members");
  await expect(row.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
  await expect(row.locator("time")).toContainText(/just now|seconds? ago|minutes? ago/);

  // Delete asks first; cancelling keeps it, confirming removes it and returns to the list.
  await row.getByRole("link", { name: "Statins and sleep quality" }).click();
  await page.getByRole("button", { name: "Delete project" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete Statins and sleep quality?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await page.request.get(`/api/orgs/${org.id}/projects/${projectId}`)).status()).toBe(200);
  await page.getByRole("button", { name: "Delete project" }).click();
  await dialog.getByRole("button", { name: "Delete project" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${org.slug}\\?deleted=1$`));
  await expect(page.getByText("The project was deleted.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "No projects yet" })).toBeVisible();
  expect((await page.request.get(`/api/orgs/${org.id}/projects/${projectId}`)).status()).toBe(404);
});

test("the list per role: a plain member sees their projects, an admin sees all marked 'Not a member'; others get not found", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Olive Owner" });
  const org = await createOrgViaApi(page, "Role List Lab");
  const mia = await newPerson(browser, "Mia Member");
  const adam = await newPerson(browser, "Adam Admin");
  await joinOrg(page, mia, org.id, "member");
  await joinOrg(page, adam, org.id, "admin");
  const alpha = await createProjectViaApi(page, org.id, "Alpha trial", "Shared with Mia.");
  const beta = await createProjectViaApi(page, org.id, "Beta cohort", "Owner only.");
  await addProjectMemberViaApi(page, org.id, alpha.id, mia.id, "member");

  // A plain member: only the project they are in, with their role.
  await mia.page.goto(`/orgs/${org.slug}`);
  await expect(projectRows(mia.page)).toHaveCount(1);
  await expect(projectRows(mia.page).first()).toContainText("Alpha trial");
  await expect(projectRows(mia.page).first()).toContainText("Your role: Member");
  await expect(projectRows(mia.page).first()).toContainText("2 members");
  // A plain member is not offered the "only mine" switch: they only ever see their own.
  await expect(mia.page.getByRole("link", { name: "Show only mine" })).toHaveCount(0);
  await expect(mia.page.getByText("Beta cohort")).toHaveCount(0);

  // An org admin: every project, marked where they are not a member.
  await adam.page.goto(`/orgs/${org.slug}`);
  await expect(projectRows(adam.page)).toHaveCount(2);
  for (const name of ["Alpha trial", "Beta cohort"]) {
    await expect(projectRows(adam.page).filter({ hasText: name })).toContainText("Not a member");
  }
  // ... and can open one they are not in, with the managing controls.
  await projectRows(adam.page).filter({ hasText: "Beta cohort" }).getByRole("link").click();
  await expect(adam.page.getByRole("heading", { level: 1, name: "Beta cohort" })).toBeVisible();
  await expect(adam.page.getByTestId("project-role")).toHaveText("Not a member");
  await expect(adam.page.getByRole("button", { name: "Delete project" })).toBeVisible();

  // The org owner sees both as their own.
  await page.goto(`/orgs/${org.slug}`);
  await expect(projectRows(page)).toHaveCount(2);
  await expect(projectRows(page).filter({ hasText: "Beta cohort" })).toContainText("Your role: Owner");

  // A member not in Beta: its URL is the not-found page, the same as an id that does not exist.
  const hidden = await mia.page.goto(`/orgs/${org.slug}/projects/${beta.id}`);
  expect(hidden?.status()).toBe(404);
  await expect(mia.page.getByRole("heading", { name: "Project not found" })).toBeVisible();
  await expect(mia.page.getByText("Beta cohort")).toHaveCount(0);
  await expect(mia.page.getByText("Owner only.")).toHaveCount(0);
  await mia.page.goto(`/orgs/${org.slug}/projects/no-such-project`);
  await expect(mia.page.getByRole("heading", { name: "Project not found" })).toBeVisible();
  await expect(mia.page.getByRole("link", { name: "Back to the projects" })).toBeVisible();
  expect((await mia.page.request.get(`/api/orgs/${org.id}/projects/${beta.id}`)).status()).toBe(404);

  // A project of another org opened under this org's address: also not found, even for its owner.
  const other = await createOrgViaApi(page, "Other Lab");
  const foreign = await createProjectViaApi(page, other.id, "Foreign project");
  await page.goto(`/orgs/${org.slug}/projects/${foreign.id}`);
  await expect(page.getByRole("heading", { name: "Project not found" })).toBeVisible();
  await expect(page.getByText("Foreign project")).toHaveCount(0);
  expect((await page.request.get(`/api/orgs/${org.id}/projects/${foreign.id}`)).status()).toBe(404);

  await mia.context.close();
  await adam.context.close();
});

test("a project owner adds an org member, changes their role, removes them; the last owner cannot leave", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Orla Orgowner" });
  const org = await createOrgViaApi(page, "Team Lab");
  const pia = await newPerson(browser, "Pia Projectowner");
  const nick = await newPerson(browser, "Nick Newcomer");
  await joinOrg(page, pia, org.id, "member");
  await joinOrg(page, nick, org.id, "member");
  // Pia, a plain org member, owns the project.
  const project = await createProjectViaApi(pia.page, org.id, "Vitamin D review");
  const p = pia.page;
  await p.goto(`/orgs/${org.slug}/projects/${project.id}`);
  await projectPageReady(p);
  const members = p.getByTestId("project-members");

  // Add Nick from the org-member picker (Pia herself is not offered: she is already in).
  const person = members.getByLabel("Person", { exact: true });
  await expect(person.locator("option", { hasText: "Nick Newcomer" })).toHaveCount(1);
  await expect(person.locator("option", { hasText: "Pia Projectowner" })).toHaveCount(0);
  await members.getByLabel("Find a person").fill("Nick");
  await expect(person.locator("option")).toHaveCount(1);
  await person.selectOption({ label: `Nick Newcomer (${nick.email})` });
  await members.getByLabel("Project role", { exact: true }).selectOption("member");
  await members.getByRole("button", { name: "Add to project" }).click();
  await expect(p.getByTestId("toasts")).toContainText("Nick Newcomer was added as a member.");
  const nickRow = members.getByRole("row", { name: /Nick Newcomer/ });
  await expect(nickRow).toBeVisible();
  expect((await apiMembers(p, org.id, project.id)).find((m) => m.userId === nick.id)?.role).toBe("member");

  // Nick now sees it in his list.
  await nick.page.goto(`/orgs/${org.slug}`);
  await expect(projectRows(nick.page).filter({ hasText: "Vitamin D review" })).toHaveCount(1);

  // Pia is the only owner: her own role select and "Leave project" are disabled BEFORE any click, with the reason.
  const piaRow = members.getByRole("row", { name: /Pia Projectowner/ });
  await expect(piaRow.getByLabel("Project role for Pia Projectowner")).toBeDisabled();
  await expect(piaRow.getByTestId("role-blocked")).toHaveText("The only owner. Make someone else an owner first.");
  await expect(members.getByRole("button", { name: "Leave project" })).toBeDisabled();
  await expect(members.getByTestId("leave-blocked")).toContainText("You are the only owner, so you cannot leave yet.");

  // Make him an owner: applies on selection (no Save), with a pending state and an Undo toast.
  await expect(nickRow.getByRole("button", { name: /Save|Change role/ })).toHaveCount(0);
  await nickRow.getByLabel("Project role for Nick Newcomer").selectOption("owner");
  const toasts = p.getByTestId("toasts");
  await expect(toasts).toContainText("Nick Newcomer is now an owner of the project.");
  await expect.poll(async () => (await apiMembers(p, org.id, project.id)).find((m) => m.userId === nick.id)?.role).toBe("owner");
  // Two owners now: Pia may step down or leave.
  await expect(piaRow.getByLabel("Project role for Pia Projectowner")).toBeEnabled();
  await expect(members.getByRole("button", { name: "Leave project" })).toBeEnabled();
  // Undo puts him back.
  await toasts.getByRole("button", { name: "Undo" }).click();
  await expect(toasts).toContainText("Undone: Nick Newcomer is a member of the project again.");
  await expect.poll(async () => (await apiMembers(p, org.id, project.id)).find((m) => m.userId === nick.id)?.role).toBe("member");
  await expect(nickRow.getByLabel("Project role for Nick Newcomer")).toHaveValue("member");
  await expect(piaRow.getByLabel("Project role for Pia Projectowner")).toBeDisabled();

  // Remove him, after a confirmation.
  await nickRow.getByRole("button", { name: "Remove Nick Newcomer" }).click();
  const confirm = p.getByRole("dialog", { name: "Remove Nick Newcomer?" });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Remove from project" }).click();
  await expect(p.getByTestId("toasts")).toContainText("Nick Newcomer was removed from the project.");
  await expect(members.getByRole("row", { name: /Nick Newcomer/ })).toHaveCount(0);
  expect((await apiMembers(p, org.id, project.id)).map((m) => m.userId)).toEqual([pia.id]);
  await nick.page.goto(`/orgs/${org.slug}/projects/${project.id}`);
  await expect(nick.page.getByRole("heading", { name: "Project not found" })).toBeVisible();
  expect((await nick.page.request.get(`/api/orgs/${org.id}/projects/${project.id}`)).status()).toBe(404);

  // Still the only owner: leaving stays disabled, and she stays in.
  await expect(members.getByRole("button", { name: "Leave project" })).toBeDisabled();
  expect((await apiMembers(p, org.id, project.id)).map((m) => m.role)).toEqual(["owner"]);

  await pia.context.close();
  await nick.context.close();
});

test("invitations from the project page: a plain-member owner sends one (no workspace role), resends and cancels it", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Ada Admin" });
  const org = await createOrgViaApi(page, "Invite Lab");
  const pia = await newPerson(browser, "Pia Plain");
  await joinOrg(page, pia, org.id, "member");
  const project = await createProjectViaApi(pia.page, org.id, "Screening study");
  const p = pia.page;
  await p.goto(`/orgs/${org.slug}/projects/${project.id}`);
  await projectPageReady(p);
  const section = p.getByTestId("project-invitations");

  // A plain org member cannot choose a workspace role. The project role starts at Member.
  await expect(section.getByLabel("Workspace role")).toHaveCount(0);
  await expect(section.getByLabel("Project role")).toHaveValue("member");
  const guest = uniqueEmail("guest");
  await section.getByLabel("Email").fill(guest.toUpperCase());
  // Inviting an owner asks first; "Back" sends nothing.
  await section.getByLabel("Project role").selectOption("owner");
  await section.getByRole("button", { name: "Send invitation", exact: true }).click();
  const ask = section.getByTestId("invite-owner-confirm");
  await expect(ask).toContainText(`as an owner of Screening study`);
  await expect(ask.getByRole("button", { name: "Yes, invite as owner" })).toBeFocused();
  await ask.getByRole("button", { name: "Back" }).click();
  await expect(section.getByRole("button", { name: "Send invitation", exact: true })).toBeFocused();
  expect(((await (await p.request.get(`/api/orgs/${org.id}/projects/${project.id}/invitations`)).json()) as { items: unknown[] }).items).toHaveLength(0);
  await section.getByRole("button", { name: "Send invitation", exact: true }).click();
  await ask.getByRole("button", { name: "Yes, invite as owner" }).click();
  await expect(p.getByTestId("toasts")).toContainText(`Invitation sent to ${guest}.`);
  const item = section.getByTestId(`project-invitation-${guest}`);
  await expect(item).toContainText("Project role: Owner");
  await expect(item).toContainText("Workspace role: Member");
  await expect(section.getByLabel("Email")).toHaveValue("");
  await expect(section.getByLabel("Project role")).toHaveValue("member");
  const first = await waitForEmail(p.request, guest, /invited you to Screening study/);
  // The link, shown once right after creating it: the same as the email's.
  const shown = section.getByTestId("invitation-link");
  await expect(shown).toContainText(`Invitation sent to ${guest}.`);
  await expect(shown.getByLabel(`Invitation link for ${guest}`)).toHaveValue(first.link);
  await shown.getByRole("button", { name: "Done" }).click();
  await expect(shown).toHaveCount(0);

  // Inviting the same address again (as a member, no question asked) replaces the pending invitation, and says so.
  await section.getByLabel("Email").fill(guest);
  await section.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(p.getByTestId("toasts")).toContainText(`Invitation to ${guest} updated and sent again. The earlier link no longer works.`);
  await expect(shown).toContainText(`Invitation to ${guest} sent again: their earlier link no longer works.`);
  await expect(item).toContainText("Project role: Member");
  await expect(section.getByTestId(/^project-invitation-/)).toHaveCount(1);
  const replacedToken = new URL(first.link).pathname.split("/").pop();
  expect((await p.request.get(`/api/invitations/${replacedToken}`)).status()).toBe(404);
  // A reload forgets the link: it was shown once.
  await p.reload();
  await projectPageReady(p);
  await expect(section.getByTestId("invitation-link")).toHaveCount(0);
  await expect
    .poll(async () => ((await (await p.request.get(`/api/dev/emails?to=${encodeURIComponent(guest)}`)).json()) as { items: unknown[] }).items.length)
    .toBe(2);

  // Resend rotates the link.
  const second = (await (await p.request.get(`/api/dev/emails?to=${encodeURIComponent(guest)}`)).json()) as { items: { text: string }[] };
  await item.getByRole("button", { name: `Resend invitation to ${guest}` }).click();
  await expect(p.getByTestId("toasts")).toContainText(`Invitation sent again to ${guest}. The earlier link no longer works.`);
  await expect
    .poll(async () => ((await (await p.request.get(`/api/dev/emails?to=${encodeURIComponent(guest)}`)).json()) as { items: unknown[] }).items.length)
    .toBe(3);
  for (const m of second.items) {
    const t = /\/invite\/([A-Za-z0-9_-]{43})/.exec(m.text)?.[1];
    expect((await p.request.get(`/api/invitations/${t}`)).ok()).toBe(false);
  }

  // Cancel, after a confirmation.
  await item.getByRole("button", { name: `Cancel invitation to ${guest}` }).click();
  const dialog = p.getByRole("dialog", { name: "Cancel this invitation?" });
  await dialog.getByRole("button", { name: "Cancel invitation" }).click();
  await expect(p.getByTestId("toasts")).toContainText(`The invitation to ${guest} was cancelled.`);
  await expect(section.getByText("No pending invitations.")).toBeVisible();
  const listed = await p.request.get(`/api/orgs/${org.id}/projects/${project.id}/invitations`);
  expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(0);

  // The org owner (not in the project) may choose a workspace role, up to their own.
  await page.goto(`/orgs/${org.slug}/projects/${project.id}`);
  await projectPageReady(page);
  const adminSection = page.getByTestId("project-invitations");
  await expect(adminSection.getByLabel("Workspace role").locator("option")).toHaveText(["Member", "Admin", "Owner"]);
  await expect(adminSection.getByLabel("Workspace role")).toHaveValue("member");
  await expect(adminSection.getByLabel("Project role").locator("option")).toHaveText(["Member", "Owner"]);
  await expect(adminSection.getByLabel("Project role")).toHaveValue("member");
  // A workspace owner role asks too, even for a project member.
  await adminSection.getByLabel("Email").fill(uniqueEmail("future-owner"));
  await adminSection.getByLabel("Workspace role").selectOption("owner");
  await adminSection.getByRole("button", { name: "Send invitation", exact: true }).click();
  await expect(adminSection.getByTestId("invite-owner-confirm")).toContainText("as an owner of Invite Lab?");
  await pia.context.close();
});

test("removing someone from the org takes the project away from them", async ({ page, browser }) => {
  const rita = await createVerifiedUser(page, { name: "Rita Remover" });
  const org = await createOrgViaApi(page, "Removal Lab");
  const mia = await newPerson(browser, "Mia Leaving");
  await joinOrg(page, mia, org.id, "member");
  const project = await createProjectViaApi(page, org.id, "Shared appraisal");
  await addProjectMemberViaApi(page, org.id, project.id, mia.id);
  // A project only Mia is in: removing her leaves it without an owner.
  const own = await createProjectViaApi(mia.page, org.id, "Mia's own project");

  await mia.page.goto(`/orgs/${org.slug}`);
  await expect(projectRows(mia.page).filter({ hasText: "Shared appraisal" })).toHaveCount(1);
  await mia.page.goto(`/orgs/${org.slug}/projects/${project.id}`);
  await expect(mia.page.getByRole("heading", { level: 1, name: "Shared appraisal" })).toBeVisible();

  const removed = await page.request.delete(`/api/orgs/${org.id}/members/${mia.id}`);
  expect(removed.ok(), await removed.text()).toBe(true);

  // Her live session loses the project at once: the list and the project page are not found.
  await mia.page.goto(`/orgs/${org.slug}`);
  await expect(mia.page.getByRole("heading", { name: "Workspace not found" })).toBeVisible();
  await expect(mia.page.getByText("Shared appraisal")).toHaveCount(0);
  await mia.page.goto(`/orgs/${org.slug}/projects/${project.id}`);
  await expect(mia.page.getByRole("heading", { name: /not found/ })).toBeVisible();
  await expect(mia.page.getByText("Shared appraisal")).toHaveCount(0);
  expect((await apiProjects(mia.page, org.id)).status).toBe(404);
  // Her project membership went with the org membership.
  expect((await apiMembers(page, org.id, project.id)).map((m) => m.userId)).not.toContain(mia.id);
  await page.goto(`/orgs/${org.slug}`);
  await expect(projectRows(page).filter({ hasText: "Shared appraisal" })).toContainText("1 member");

  // Her own project is left with nobody: the org owner is told, and makes herself its owner.
  await projectRows(page).filter({ hasText: "Mia's own project" }).getByRole("link").click();
  await expect(page.getByTestId("project-no-owner")).toContainText("This project has no owner");
  const members = page.getByTestId("project-members");
  await members.getByLabel("Person", { exact: true }).selectOption({ label: `Rita Remover (${rita.email})` });
  await expect(members.getByLabel("Project role", { exact: true })).toHaveValue("owner");
  await members.getByRole("button", { name: "Add to project" }).click();
  await expect(page.getByTestId("toasts")).toContainText("Rita Remover was added as an owner.");
  await expect(page.getByTestId("project-no-owner")).toHaveCount(0);
  expect((await apiMembers(page, org.id, own.id)).map((m) => m.role)).toEqual(["owner"]);
  await mia.context.close();
});

test("search and pagination over more than 50 projects", async ({ page }) => {
  test.slow();
  await createVerifiedUser(page, { name: "Sam Searcher" });
  const org = await createOrgViaApi(page, "Big Lab");
  for (let i = 1; i <= 53; i++) await createProjectViaApi(page, org.id, `Batch ${String(i).padStart(2, "0")}`);
  // Updates are ordered by the second: a second later, the needle is certainly the newest.
  await page.waitForTimeout(1100);
  await createProjectViaApi(page, org.id, "Needle in the haystack", "The one to find.");

  await page.goto(`/orgs/${org.slug}`);
  await expect(projectRows(page)).toHaveCount(50);
  await expect(page.getByTestId("range")).toHaveText("1–50 of 54");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(projectRows(page)).toHaveCount(4);
  await expect(page.getByTestId("range")).toHaveText("51–54 of 54");
  await expect(page.getByRole("link", { name: "Next →" })).toHaveCount(0);
  // Every project appears exactly once across the two pages.
  const second = await projectRows(page).getByRole("link").allTextContents();
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(projectRows(page)).toHaveCount(50);
  await expect(page.getByTestId("range")).toHaveText("1–50 of 54");
  const firstNames = await projectRows(page).getByRole("link").allTextContents();
  expect(new Set([...firstNames, ...second]).size).toBe(54);
  expect(firstNames[0]).toBe("Needle in the haystack");

  // The cursor lives in the URL: reloading the second page shows the same rows.
  await page.getByRole("link", { name: "Next →" }).click();
  await page.reload();
  await expect(projectRows(page)).toHaveCount(4);
  expect(await projectRows(page).getByRole("link").allTextContents()).toEqual(second);

  // Search by part of the name.
  const search = page.getByRole("searchbox", { name: "Search projects by name" });
  await search.fill("needle");
  await search.press("Enter");
  await expect(page).toHaveURL(/\?q=needle$/);
  await expect(projectRows(page)).toHaveCount(1);
  await expect(projectRows(page).first()).toContainText("The one to find.");
  await search.fill("Batch 0");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(projectRows(page)).toHaveCount(9);
  await expect(page.getByTestId("range")).toHaveText("1–9 of 9");
  await search.fill("zzz-nothing");
  await search.press("Enter");
  await expect(page.getByRole("heading", { name: "No projects match “zzz-nothing”" })).toBeVisible();
  // A search link opened directly keeps the term in the field.
  await page.goto(`/orgs/${org.slug}?q=Batch%205`);
  await expect(projectRows(page)).toHaveCount(4);
  await expect(search).toHaveValue("Batch 5");
  await page.getByRole("link", { name: "Clear search" }).click();
  await expect(projectRows(page)).toHaveCount(50);
});

test("on a 320 px phone the project page fits: breadcrumb, stacked member rows and invitations, 44 px controls", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 320, height: 700 } });
  const page = await context.newPage();
  await createVerifiedUser(page, { name: "Maximiliane Longname-Projectowner" });
  const org = await createOrgViaApi(page, "Systematic Reviews of Long-Named Interventions Group");
  const project = await createProjectViaApi(page, org.id, "Effects of statins on sleep quality in adults over sixty-five");
  const nick = await newPerson(browser, "Nick Narrow");
  await joinOrg(page, nick, org.id, "member");
  await addProjectMemberViaApi(page, org.id, project.id, nick.id, "member");
  const invitee = uniqueEmail("someone-with-a-very-long-address");
  expect((await page.request.post(`/api/orgs/${org.id}/projects/${project.id}/invitations`, { data: { email: invitee } })).status()).toBe(201);

  await page.goto(`/orgs/${org.slug}/projects/${project.id}`);
  await projectPageReady(page);
  await expect(page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: org.name })).toBeVisible();
  const members = page.getByTestId("project-members");
  const invitations = page.getByTestId("project-invitations");
  await expect(members.getByRole("row", { name: /Nick Narrow/ })).toBeVisible();
  await expect(invitations.getByTestId(`project-invitation-${invitee}`)).toBeVisible();

  // The project's own parts never reach past the viewport (the header is the shell's and is checked there).
  for (const part of ["breadcrumb", "project-members", "project-invitations"]) {
    const box = (await page.getByTestId(part).boundingBox())!;
    expect(box.x + box.width, `${part} right edge`).toBeLessThanOrEqual(320);
    expect(await page.getByTestId(part).evaluate((el) => el.scrollWidth <= el.clientWidth), `${part} scrolls sideways`).toBe(true);
  }
  // Stacked: the role control sits below the name, not beside it.
  const row = members.getByRole("row", { name: /Nick Narrow/ });
  const name = (await row.getByText("Nick Narrow", { exact: true }).boundingBox())!;
  const select = (await row.getByLabel("Project role for Nick Narrow").boundingBox())!;
  expect(select.y).toBeGreaterThan(name.y + name.height - 1);
  // Tap targets of the project's parts are at least 44 px tall.
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("[data-testid=project-members] :is(button, select, input), [data-testid=project-invitations] :is(button, select, input)")]
      .filter((el) => el.offsetParent !== null && (el as HTMLInputElement).type !== "hidden" && el.getBoundingClientRect().height < 44)
      .map((el) => el.getAttribute("aria-label") ?? el.textContent?.trim() ?? el.id),
  );
  expect(small).toEqual([]);

  // A role change works at this width too: pending, then applied, with Undo.
  await row.getByLabel("Project role for Nick Narrow").selectOption("owner");
  await expect(page.getByTestId("toasts")).toContainText("Nick Narrow is now an owner of the project.");
  await page.screenshot({ path: test.info().outputPath("project-320.png"), fullPage: true });
  await nick.context.close();
  await context.close();
});

test("a plain member with no projects is told why and whom to ask; admins can show only their own projects", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Orla Owner" });
  const org = await createOrgViaApi(page, "Busy Lab");
  const max = await newPerson(browser, "Max Member");
  const ada = await newPerson(browser, "Ada Admin");
  await joinOrg(page, max, org.id, "member");
  await joinOrg(page, ada, org.id, "admin");
  await createProjectViaApi(page, org.id, "Owner's review");
  await createProjectViaApi(ada.page, org.id, "Ada's review");

  // Max is in none of the workspace's projects: not "No projects yet", but why, and who can add him.
  await max.page.goto(`/orgs/${org.slug}`);
  await expect(max.page.getByRole("heading", { name: "No projects yet" })).toHaveCount(0);
  const why = max.page.getByTestId("member-empty");
  await expect(why).toContainText("You see the projects of Busy Lab that you belong to.");
  await expect(why).toContainText("Ada Admin or Orla Owner (admins and owners)");
  await expect(max.page.getByRole("link", { name: "Start a project" })).toBeVisible();

  // Ada (admin) sees both, and can narrow to her own; the choice is in the URL.
  await ada.page.goto(`/orgs/${org.slug}`);
  await expect(projectRows(ada.page)).toHaveCount(2);
  await expect(ada.page.getByRole("link", { name: "All projects", exact: true })).toHaveAttribute("aria-current", "page");
  await ada.page.getByRole("link", { name: "Show only mine" }).click();
  await expect(ada.page).toHaveURL(/\?mine=1$/);
  await expect(ada.page.getByRole("link", { name: "Show only mine" })).toHaveAttribute("aria-current", "page");
  await expect(projectRows(ada.page)).toHaveCount(1);
  await expect(projectRows(ada.page).first()).toContainText("Ada's review");
  await expect(ada.page.getByTestId("range")).toHaveText("1–1 of 1");
  // A search keeps the filter.
  const search = ada.page.getByRole("searchbox", { name: "Search projects by name" });
  await search.fill("Owner");
  await search.press("Enter");
  await expect(ada.page).toHaveURL(/q=Owner&mine=1$/);
  await expect(projectRows(ada.page)).toHaveCount(0);
  await ada.page.getByRole("link", { name: "All projects", exact: true }).click();
  await expect(projectRows(ada.page)).toHaveCount(1);
  await expect(projectRows(ada.page).first()).toContainText("Owner's review");

  await max.context.close();
  await ada.context.close();
});
