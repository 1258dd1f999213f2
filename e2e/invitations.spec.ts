/**
 * The invitee's journeys through /invite/<token>: a new person signs up from the email, an existing person signs in
 * from it, someone signed in as the wrong address gets nothing, dead and unknown links say so, and a project
 * invitation from a plain org member brings an outsider into both the org and the project.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createOrgViaApi, createVerifiedUser, PASSWORD, uniqueEmail, waitForEmail } from "./fixtures";
import { completeWelcome } from "./welcome";

interface Invitation {
  id: string;
  email: string;
  role: string;
  orgRole: string;
  projectId: string | null;
  status: string;
}

async function api<T = unknown>(page: Page, method: "GET" | "POST" | "DELETE", path: string, data?: unknown): Promise<{ status: number; body: T }> {
  const res = await page.request.fetch(path, { method, ...(data === undefined ? {} : { data }) });
  return { status: res.status(), body: (await res.json()) as T };
}

/** The invitation email to `to`, and the link's path and token. */
async function invitationLink(page: Page, to: string) {
  const mail = await waitForEmail(page.request, to, /invited you/);
  const url = new URL(mail.link);
  const token = /^\/invite\/([A-Za-z0-9_-]{43})$/.exec(url.pathname)?.[1];
  expect(token, `invitation link ${mail.link}`).toBeTruthy();
  return { path: url.pathname, token: token! };
}

/** A signed-out browser of its own, as an invitee opening the email on their computer would have. */
async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

/** Signs up from the invitation page, verifies from the dev mailbox, and comes back to the invitation. */
async function signUpFromInvitation(page: Page, email: string, token: string, name: string) {
  await page.getByRole("link", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signup\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("email")).toBe(email);
  expect(url.searchParams.get("fixed")).toBe("1");
  expect(url.searchParams.get("next")).toBe(`/invite/${token}`);
  const emailField = page.getByLabel("Email");
  await expect(emailField).toHaveValue(email);
  await expect(emailField).toHaveAttribute("readonly", "");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("signup-sent-to")).toHaveText(email);

  // The verification link carries the way back to the invitation.
  const verify = await waitForEmail(page.request, email, /verify/i);
  await page.goto(verify.link);
  await expect(page.getByTestId("verify-success")).toContainText(email);
  await page.getByTestId("verify-continue").click();
  // The first-run step comes first and keeps the invitation as the way on.
  await expect(page).toHaveURL(`/welcome?next=${encodeURIComponent(`/invite/${token}`)}`);
  await completeWelcome(page);
  await expect(page).toHaveURL(new RegExp(`/invite/${token}$`));
}

async function expectPendingDetails(page: Page, d: { org: string; inviter: string; email: string; role: string; project?: string }) {
  await expect(page.getByTestId("invitation-state")).toHaveAttribute("data-state", "pending");
  await expect(page.getByTestId("invitation-org")).toHaveText(d.org);
  await expect(page.getByTestId("invitation-inviter")).toHaveText(d.inviter);
  await expect(page.getByTestId("invitation-email")).toHaveText(d.email);
  await expect(page.getByTestId("invitation-role")).toHaveText(d.role);
  if (d.project) await expect(page.getByTestId("invitation-project")).toHaveText(d.project);
  else await expect(page.getByTestId("invitation-project")).toHaveCount(0);
}

test("a new person invited to a workspace signs up from the email, verifies, comes back and accepts", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Ada Admin" });
  const org = await createOrgViaApi(page, "Invite Lab");
  const email = uniqueEmail("newbie");
  const created = await api<Invitation>(page, "POST", `/api/orgs/${org.id}/invitations`, { email, role: "admin" });
  expect(created.status).toBe(201);

  const { path, token } = await invitationLink(page, email);
  const { context, page: guest } = await freshPage(browser);
  const res = await guest.goto(path);
  expect(res?.status()).toBe(200);
  // The token in the URL must not travel to other sites, and the tab title does not repeat it.
  await expect(guest.locator('meta[name="referrer"]')).toHaveAttribute("content", "same-origin");
  await expect(guest).toHaveTitle("Invitation to Invite Lab · CoRATES");
  await expect(guest.getByRole("heading", { level: 1 })).toHaveText("Join Invite Lab");
  await expectPendingDetails(guest, { org: "Invite Lab", inviter: "Ada Admin", email, role: "Admin" });
  await expect(guest.getByRole("button", { name: "Accept" })).toHaveCount(0);

  await signUpFromInvitation(guest, email, token, "Nell Newbie");
  await expect(guest.getByRole("button", { name: "Accept" })).toBeVisible();
  await guest.getByRole("button", { name: "Accept" }).click();
  await expect(guest).toHaveURL(new RegExp(`/orgs/${org.slug}$`));
  await expect(guest.getByTestId("org-name")).toHaveText("Invite Lab");
  await expect(guest.getByTestId("org-role")).toHaveText("Admin");

  const orgs = await api<{ items: { id: string; role: string }[] }>(guest, "GET", "/api/orgs");
  expect(orgs.body.items).toEqual([expect.objectContaining({ id: org.id, role: "admin" })]);
  // Accepting made it the session's active org, which is where "/" sends the person.
  const me = await api<{ activeOrgId: string }>(guest, "GET", "/api/me");
  expect(me.body.activeOrgId).toBe(org.id);

  // The admin's pending list no longer has it, and the member list has the newcomer.
  const pending = await api<{ items: Invitation[] }>(page, "GET", `/api/orgs/${org.id}/invitations`);
  expect(pending.body.items.map((i) => i.email)).not.toContain(email);
  const members = await api<{ items: { email: string; role: string }[] }>(page, "GET", `/api/orgs/${org.id}/members`);
  expect(members.body.items).toContainEqual(expect.objectContaining({ email, role: "admin" }));

  // The link is single-use: opening it again says so and leads to the workspace.
  await guest.goto(path);
  await expect(guest.getByTestId("invitation-state")).toHaveAttribute("data-state", "accepted");
  await expect(guest.getByRole("button", { name: "Accept" })).toHaveCount(0);
  await expect(guest.getByRole("link", { name: "Open Invite Lab" })).toHaveAttribute("href", `/orgs/${org.slug}`);
  await context.close();
});

test("an existing user signs in from the invitation page and accepts", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Olga Owner" });
  const org = await createOrgViaApi(page, "Sign In Lab");

  const { context, page: guest } = await freshPage(browser);
  const { email } = await createVerifiedUser(guest, { name: "Eric Existing" });
  await guest.context().clearCookies();

  expect((await api(page, "POST", `/api/orgs/${org.id}/invitations`, { email: email.toUpperCase(), role: "member" })).status).toBe(201);
  const { path, token } = await invitationLink(page, email);

  await guest.goto(path);
  await expectPendingDetails(guest, { org: "Sign In Lab", inviter: "Olga Owner", email, role: "Member" });
  await guest.getByRole("link", { name: "Sign in" }).click();
  await expect(guest).toHaveURL(/\/signin\?/);
  expect(new URL(guest.url()).searchParams.get("next")).toBe(`/invite/${token}`);
  await expect(guest.getByLabel("Email")).toHaveValue(email);
  await guest.getByLabel("Password").fill(PASSWORD);
  await guest.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(guest).toHaveURL(new RegExp(`/invite/${token}$`));

  // Once the page's script runs (Decline is enabled then), accepting confirms on the landing page.
  await expect(guest.getByRole("button", { name: "Decline" })).toBeEnabled();
  await guest.getByRole("button", { name: "Accept" }).click();
  await expect(guest).toHaveURL(new RegExp(`/orgs/${org.slug}$`));
  await expect(guest.getByTestId("toasts")).toContainText("You joined Sign In Lab.");
  await expect(guest.getByTestId("org-role")).toHaveText("Member");
  const orgs = await api<{ items: { id: string; role: string }[] }>(guest, "GET", "/api/orgs");
  expect(orgs.body.items).toEqual([expect.objectContaining({ id: org.id, role: "member" })]);
  const pending = await api<{ items: Invitation[] }>(page, "GET", `/api/orgs/${org.id}/invitations`);
  expect(pending.body.items).toEqual([]);
  await context.close();
});

test("a sign-in link asked for from the invitation page returns to it, for an address with no account yet", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Mia Admin" });
  const org = await createOrgViaApi(page, "Magic Lab");
  const email = uniqueEmail("magic");
  expect((await api(page, "POST", `/api/orgs/${org.id}/invitations`, { email, role: "member" })).status).toBe(201);
  const { path, token } = await invitationLink(page, email);

  const { context, page: guest } = await freshPage(browser);
  await guest.goto(path);
  await guest.getByRole("link", { name: "Sign in" }).click();
  await expect(guest.getByLabel("Email")).toHaveValue(email);
  await guest.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(guest.getByTestId("magic-link-sent")).toContainText(email);
  const magic = await waitForEmail(guest.request, email, /sign-in link/);
  await guest.goto(magic.link);
  await completeWelcome(guest);
  await expect(guest).toHaveURL(new RegExp(`/invite/${token}$`));
  await guest.getByRole("button", { name: "Accept" }).click();
  await expect(guest).toHaveURL(new RegExp(`/orgs/${org.slug}$`));
  const orgs = await api<{ items: { id: string; role: string }[] }>(guest, "GET", "/api/orgs");
  expect(orgs.body.items).toEqual([expect.objectContaining({ id: org.id, role: "member" })]);
  await context.close();
});

test("Accept works before the page's script has loaded (a plain form post)", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Nina Nojs" });
  const org = await createOrgViaApi(page, "No Script Lab");
  const context = await browser.newContext({ javaScriptEnabled: false });
  const guest = await context.newPage();
  const { email } = await createVerifiedUser(guest, { name: "Sam Static" });
  expect((await api(page, "POST", `/api/orgs/${org.id}/invitations`, { email, role: "member" })).status).toBe(201);
  const { path } = await invitationLink(page, email);

  await guest.goto(path);
  await guest.getByRole("button", { name: "Accept" }).click();
  await expect(guest).toHaveURL(new RegExp(`/orgs/${org.slug}$`));
  const orgs = await api<{ items: { id: string; role: string }[] }>(guest, "GET", "/api/orgs");
  expect(orgs.body.items).toEqual([expect.objectContaining({ id: org.id, role: "member" })]);
  await context.close();
});

test("declining asks for confirmation, grants nothing and kills the link", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Dora Admin" });
  const org = await createOrgViaApi(page, "Decline Lab");
  const { context, page: guest } = await freshPage(browser);
  const { email } = await createVerifiedUser(guest, { name: "Dan Decliner" });
  expect((await api(page, "POST", `/api/orgs/${org.id}/invitations`, { email, role: "member" })).status).toBe(201);
  const { path } = await invitationLink(page, email);

  await guest.goto(path);
  await guest.getByRole("button", { name: "Decline" }).click();
  // The confirm step takes focus; backing out returns to the choice.
  await expect(guest.getByRole("button", { name: "Yes, decline" })).toBeFocused();
  await guest.getByRole("button", { name: "Keep the invitation" }).click();
  await expect(guest.getByRole("button", { name: "Decline" })).toBeFocused();
  await guest.getByRole("button", { name: "Decline" }).click();
  await guest.getByRole("button", { name: "Yes, decline" }).click();

  await expect(guest.getByTestId("invitation-state")).toHaveAttribute("data-state", "declined");
  await expect(guest.getByTestId("invitation-announcer")).toHaveText("You declined the invitation.");
  await expect(guest.getByText("ask Dora Admin to send you a new link")).toBeVisible();
  await expect(guest.getByRole("button", { name: "Accept" })).toHaveCount(0);
  expect((await api<{ items: unknown[] }>(guest, "GET", "/api/orgs")).body.items).toEqual([]);
  expect((await api<{ items: unknown[] }>(page, "GET", `/api/orgs/${org.id}/invitations`)).body.items).toEqual([]);
  await context.close();
});

test("signed in as another address: both addresses named, no Accept, nothing granted, sign out and continue", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Wes Admin" });
  const org = await createOrgViaApi(page, "Mismatch Lab");
  const invited = uniqueEmail("invited");
  expect((await api(page, "POST", `/api/orgs/${org.id}/invitations`, { email: invited, role: "admin" })).status).toBe(201);
  const { path, token } = await invitationLink(page, invited);

  const { context, page: other } = await freshPage(browser);
  const { email: otherEmail } = await createVerifiedUser(other, { name: "Walter Wrong" });
  await other.goto(path);
  await expect(other.getByTestId("invitation-mismatch")).toBeVisible();
  await expect(other.getByTestId("mismatch-signed-in")).toHaveText(otherEmail);
  await expect(other.getByTestId("mismatch-invited")).toHaveText(invited);
  await expect(other.getByRole("button", { name: "Accept" })).toHaveCount(0);
  // Nor Decline: signed in as someone else, nobody declines in another person's name (docs/adr/0002).
  await expect(other.getByRole("button", { name: "Decline" })).toHaveCount(0);
  const refusedDecline = await api<{ error: { code: string } }>(other, "POST", `/api/invitations/${token}/decline`);
  expect(refusedDecline.status).toBe(403);
  expect(refusedDecline.body.error.code).toBe("INVITATION_EMAIL_MISMATCH");

  // The server refuses too, whatever the page shows, and nothing is granted.
  const refused = await api<{ error: { code: string } }>(other, "POST", `/api/invitations/${token}/accept`);
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe("INVITATION_EMAIL_MISMATCH");
  expect((await api<{ items: unknown[] }>(other, "GET", "/api/orgs")).body.items).toEqual([]);
  const pending = await api<{ items: Invitation[] }>(page, "GET", `/api/orgs/${org.id}/invitations`);
  expect(pending.body.items.map((i) => i.email)).toEqual([invited]);

  await other.getByRole("button", { name: "Sign out and continue" }).click();
  await expect(other.getByRole("link", { name: "Create account" })).toBeVisible();
  await expect(other).toHaveURL(new RegExp(`/invite/${token}$`));
  await expect(other.getByTestId("invitation-mismatch")).toHaveCount(0);
  expect((await other.request.get("/api/me")).status()).toBe(401);
  await context.close();
});

test("cancelled, replaced and unknown links say what happened and offer a way forward", async ({ page }) => {
  await createVerifiedUser(page, { name: "Cara Canceller" });
  const org = await createOrgViaApi(page, "Cancel Lab");
  const email = uniqueEmail("cancelled");
  const inv = await api<Invitation>(page, "POST", `/api/orgs/${org.id}/invitations`, { email, role: "member" });
  const { path } = await invitationLink(page, email);
  expect((await api(page, "DELETE", `/api/orgs/${org.id}/invitations/${inv.body.id}`)).status).toBe(200);

  await page.goto(path);
  await expect(page.getByTestId("invitation-state")).toHaveAttribute("data-state", "cancelled");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This invitation was cancelled");
  await expect(page.getByText("ask Cara Canceller to send you a new link")).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to CoRATES" })).toHaveAttribute("href", "/");
  await expect(page.getByRole("button", { name: "Accept" })).toHaveCount(0);

  // Resending rotates the token: the first email's link becomes unknown.
  const again = uniqueEmail("resent");
  const second = await api<Invitation>(page, "POST", `/api/orgs/${org.id}/invitations`, { email: again, role: "member" });
  const first = await invitationLink(page, again);
  expect((await api(page, "POST", `/api/orgs/${org.id}/invitations/${second.body.id}/resend`)).status).toBe(200);
  await expect.poll(async () => (await (await page.request.get(`/api/dev/emails?to=${encodeURIComponent(again)}`)).json()).items.length).toBe(2);
  await page.goto(first.path);
  await expect(page.getByTestId("invitation-state")).toHaveAttribute("data-state", "unknown");

  // A token that never existed, and garbage.
  for (const bad of [`/invite/${"A".repeat(43)}`, "/invite/not-a-token"]) {
    await page.goto(bad);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invitation not found");
    await expect(page.getByText("The link may be mistyped or incomplete")).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to CoRATES" })).toBeVisible();
    await expect(page).toHaveTitle("Invitation not found · CoRATES");
  }
});

test("a project owner who is a plain org member invites an outsider, who signs up and lands in the project", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Alma Admin" });
  const org = await createOrgViaApi(page, "Project Lab");

  // A plain member of the org who owns a project.
  const { context: ownerContext, page: owner } = await freshPage(browser);
  const { email: ownerEmail } = await createVerifiedUser(owner, { name: "Pia Projectowner" });
  expect((await api(page, "POST", `/api/orgs/${org.id}/invitations`, { email: ownerEmail, role: "member" })).status).toBe(201);
  const ownerInvite = await invitationLink(page, ownerEmail);
  expect((await api(owner, "POST", `/api/invitations/${ownerInvite.token}/accept`)).status).toBe(200);
  const project = await api<{ id: string; role: string }>(owner, "POST", `/api/orgs/${org.id}/projects`, { name: "Statins review" });
  expect(project.status).toBe(201);
  expect(project.body.role).toBe("owner");

  const outsider = uniqueEmail("outsider");
  const invited = await api<Invitation>(owner, "POST", `/api/orgs/${org.id}/projects/${project.body.id}/invitations`, { email: outsider, role: "member" });
  expect(invited.status).toBe(201);
  expect(invited.body.orgRole).toBe("member");
  const { path, token } = await invitationLink(owner, outsider);

  const { context, page: guest } = await freshPage(browser);
  await guest.goto(path);
  await expect(guest.getByRole("heading", { level: 1 })).toHaveText("Join the project Statins review");
  await expect(guest).toHaveTitle("Invitation to Statins review · CoRATES");
  await expectPendingDetails(guest, { org: "Project Lab", project: "Statins review", inviter: "Pia Projectowner", email: outsider, role: "Member" });
  await expect(guest.getByTestId("invitation-org-role")).toContainText("Member");

  await signUpFromInvitation(guest, outsider, token, "Otto Outsider");
  await expect(guest.getByRole("button", { name: "Decline" })).toBeEnabled();
  await guest.getByRole("button", { name: "Accept" }).click();
  await expect(guest).toHaveURL(new RegExp(`/orgs/${org.slug}/projects/${project.body.id}$`));
  await expect(guest.getByTestId("toasts")).toContainText("You joined Statins review in Project Lab.");
  await expect(guest.getByTestId("project-name")).toHaveText("Statins review");
  await expect(guest.getByTestId("project-role")).toHaveText("Member");

  const orgs = await api<{ items: { id: string; role: string }[] }>(guest, "GET", "/api/orgs");
  expect(orgs.body.items).toEqual([expect.objectContaining({ id: org.id, role: "member" })]);
  const projects = await api<{ items: { id: string; role: string }[] }>(guest, "GET", `/api/orgs/${org.id}/projects`);
  expect(projects.body.items).toEqual([expect.objectContaining({ id: project.body.id, role: "member" })]);
  const pending = await api<{ items: Invitation[] }>(owner, "GET", `/api/orgs/${org.id}/projects/${project.body.id}/invitations`);
  expect(pending.body.items).toEqual([]);
  await context.close();
  await ownerContext.close();
});

/** The page fits the viewport: no sideways scroll, and every button and link-button is at least 44 px tall. */
async function expectFitsPhone(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, "no horizontal scroll").toBeLessThanOrEqual(innerWidth);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("main button, main a[class*='min-h-11']")]
      .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
      .map((el) => el.textContent?.trim()),
  );
  expect(small, "tap targets under 44 px").toEqual([]);
}

test("on a 320 px phone, a signed-out invitee declines a project invitation from the link, after confirming", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Petra Projectlead" });
  const org = await createOrgViaApi(page, "A Workspace With A Rather Long Name For Small Screens");
  const project = await api<{ id: string }>(page, "POST", `/api/orgs/${org.id}/projects`, { name: "Statins and sleep quality in older adults" });
  const invitee = uniqueEmail("a-rather-long-address-of-someone-on-a-phone");
  // No project role given: the API defaults to member.
  const created = await api<Invitation>(page, "POST", `/api/orgs/${org.id}/projects/${project.body.id}/invitations`, { email: invitee });
  expect(created.status).toBe(201);
  expect(created.body.role).toBe("member");
  const { path, token } = await invitationLink(page, invitee);
  // The API never answers the link (docs/adr/0003-invitation-link-once.md): it comes from the email.
  expect(JSON.stringify(created.body)).not.toContain(token);

  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const phone = await context.newPage();
  await phone.goto(path);
  await expect(phone.getByTestId("invitation-state")).toHaveAttribute("data-state", "pending");
  await expect(phone.getByTestId("invitation-role")).toHaveText("Member");
  await expect(phone.getByRole("link", { name: "Create account" })).toBeVisible();
  await expectFitsPhone(phone);

  // Signed out, Decline is offered, and asks first.
  await phone.getByRole("button", { name: "Decline" }).click();
  await expect(phone.getByRole("button", { name: "Yes, decline" })).toBeFocused();
  await expectFitsPhone(phone);
  await phone.getByRole("button", { name: "Keep the invitation" }).click();
  await expect(phone.getByRole("button", { name: "Decline" })).toBeFocused();
  expect((await api<{ status: string }>(phone, "GET", `/api/invitations/${token}`)).body.status).toBe("pending");
  await phone.getByRole("button", { name: "Decline" }).click();
  await phone.getByRole("button", { name: "Yes, decline" }).click();

  await expect(phone.getByTestId("invitation-state")).toHaveAttribute("data-state", "declined");
  await expect(phone.getByTestId("invitation-announcer")).toHaveText("You declined the invitation.");
  await expect(phone.getByRole("button", { name: "Decline" })).toHaveCount(0);
  await expectFitsPhone(phone);
  expect((await phone.request.get("/api/me")).status()).toBe(401);
  const pending = await api<{ items: Invitation[] }>(page, "GET", `/api/orgs/${org.id}/projects/${project.body.id}/invitations`);
  expect(pending.body.items).toEqual([]);

  // The other states fit too: unknown, and the mismatch page of someone signed in as another address.
  await phone.goto(`/invite/${"A".repeat(43)}`);
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Invitation not found");
  await expectFitsPhone(phone);
  const again = uniqueEmail("second-try");
  expect((await api(page, "POST", `/api/orgs/${org.id}/projects/${project.body.id}/invitations`, { email: again })).status).toBe(201);
  const second = await invitationLink(page, again);
  await createVerifiedUser(phone, { name: "Somebody Else Entirely" });
  await phone.goto(second.path);
  await expect(phone.getByTestId("invitation-mismatch")).toBeVisible();
  await expectFitsPhone(phone);
  await context.close();
});
