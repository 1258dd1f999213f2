/** Helpers for end-to-end tests: unique people, the dev mailbox, and accounts made through the real API. */
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery";

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export interface DevEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
}

/** Waits for an email to `to` whose subject matches, newest first, and returns it with its first link. */
export async function waitForEmail(request: APIRequestContext, to: string, subject: RegExp): Promise<DevEmail & { link: string }> {
  let found: DevEmail | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get(`/api/dev/emails?to=${encodeURIComponent(to)}`);
        const items = ((await res.json()) as { items: DevEmail[] }).items;
        found = items.find((m) => subject.test(m.subject));
        return !!found;
      },
      { timeout: 15_000, message: `email to ${to} matching ${subject}` },
    )
    .toBe(true);
  const link = /https?:\/\/\S+/.exec(found!.text)?.[0];
  if (!link) throw new Error(`no link in email "${found!.subject}"`);
  return { ...found!, link };
}

/**
 * Signs up and verifies through Better Auth's API and the dev mailbox; `page` ends up signed in, past the first-run
 * step (through its API, without a personal workspace, so a spec starts from a person in no workspace as before;
 * e2e/profile.spec.ts walks the step itself).
 */
export async function createVerifiedUser(page: Page, opts: { name?: string; email?: string } = {}) {
  const email = opts.email ?? uniqueEmail();
  const name = opts.name ?? "Test Person";
  const res = await page.request.post("/api/auth/sign-up/email", { data: { name, email, password: PASSWORD }, headers: originOf(page) });
  expect(res.ok(), await res.text()).toBe(true);
  const mail = await waitForEmail(page.request, email, /verify/i);
  const verified = await page.request.get(mail.link);
  expect(verified.ok()).toBe(true);
  const profile = await page.request.post("/api/me/profile", { data: { name, persona: "researcher", personalWorkspace: false }, headers: originOf(page) });
  expect(profile.ok(), await profile.text()).toBe(true);
  return { email, name, password: PASSWORD };
}

/** Creates an org through the JSON API as the page's signed-in user. */
export async function createOrgViaApi(page: Page, name: string, slug?: string) {
  const res = await page.request.post("/api/orgs", { data: { name, ...(slug ? { slug } : {}) } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; name: string; slug: string };
}

/**
 * The Origin header a browser sends with a POST from our pages. Better Auth refuses a request that carries cookies
 * (the D1 bookmark cookie is there from the first answer on) without one.
 */
export function originOf(page: Page): { origin: string } {
  return { origin: new URL(page.url() === "about:blank" ? (test.info().project.use.baseURL as string) : page.url()).origin };
}

/** Signs the page's context out through Better Auth (with the Origin header a browser would send). */
export async function signOut(page: Page) {
  const res = await page.request.post("/api/auth/sign-out", { data: {}, headers: originOf(page) });
  expect(res.ok(), await res.text()).toBe(true);
}

// ---------------------------------------------------------------- people, org membership and projects (API shortcuts)

/** A second (third, …) person in their own browser context, signed up, verified and signed in. */
export async function newPerson(browser: Browser, name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const user = await createVerifiedUser(page, { name });
  const me = (await (await page.request.get("/api/me")).json()) as { user: { id: string } };
  return { context, page, ...user, id: me.user.id };
}

/** `owner` invites `person` to the org with `role` through the API, and `person` accepts from the emailed token. */
export async function joinOrg(owner: Page, person: { page: Page; email: string }, orgId: string, role: "member" | "admin" | "owner" = "member") {
  const invited = await owner.request.post(`/api/orgs/${orgId}/invitations`, { data: { email: person.email, role } });
  expect(invited.status(), await invited.text()).toBe(201);
  const mail = await waitForEmail(person.page.request, person.email, /invited you/i);
  const token = new URL(mail.link).pathname.split("/").pop()!;
  const accepted = await person.page.request.post(`/api/invitations/${token}/accept`);
  expect(accepted.ok(), await accepted.text()).toBe(true);
}

export interface ApiProject {
  id: string;
  orgId: string;
  name: string;
  description: string | null;
  role: "owner" | "member" | null;
  memberCount: number;
}

/** Creates a project through the JSON API as the page's signed-in user (who becomes its owner). */
export async function createProjectViaApi(page: Page, orgId: string, name: string, description?: string) {
  const res = await page.request.post(`/api/orgs/${orgId}/projects`, { data: { name, ...(description ? { description } : {}) } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as ApiProject;
}

/** Adds an org member to a project through the JSON API. */
export async function addProjectMemberViaApi(page: Page, orgId: string, projectId: string, userId: string, role: "owner" | "member" = "member") {
  const res = await page.request.post(`/api/orgs/${orgId}/projects/${projectId}/members`, { data: { userId, role } });
  expect(res.status(), await res.text()).toBe(201);
}

/** Opens a header menu; retried because a click that lands before hydration does nothing (slow CI machines). */
export async function openMenu(page: Page, button: RegExp, menuName: string) {
  const menu = page.getByRole("menu", { name: menuName });
  await expect(async () => {
    if (!(await menu.isVisible())) await page.getByRole("button", { name: button }).click();
    await expect(menu).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  return menu;
}

/** Opens a page and waits until its script has hydrated it (src/app.tsx marks <html>), so typing is never lost. */
export async function gotoReady(page: Page, url: string) {
  const res = await page.goto(url);
  await page.locator("html[data-hydrated]").waitFor();
  return res;
}
