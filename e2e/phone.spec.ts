/**
 * Phone widths: every page of the app, at 320, 375 and 390 px, is no wider than the window (no sideways scroll), and
 * on signed-in pages the header's switcher and account menu are visible, inside the window, at least 44 px tall, and
 * open. Seeded with long names: a 100-character workspace name, a long person name and a long address.
 */
import { expect, test, type Page } from "@playwright/test";
import { createVerifiedUser, newPerson, openMenu, signOut, uniqueEmail } from "./fixtures";
import { inviteViaApi, runId, seedWorkspace } from "./seed";

const WIDTHS = [320, 375, 390];
const LONG_ORG = "The Cochrane Collaboration Review Group for Cardiovascular Outcomes in Older Adults and Their Carer"; // 100
const LONG_PERSON = "Maximiliana Alexandrovna Featherstonehaugh-Wolfeschlegelsteinhausen";
const LONG_PROJECT =
  "Statins and sleep quality: a systematic review and meta-analysis of randomised controlled trials in adults over sixty-five years of age";

async function expectNoSideScroll(page: Page, what: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    const m = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      inner: window.innerWidth,
      // Where the overflow starts (an element wider than the window inside one that is not), to make a failure easy to fix.
      culprit: Array.from(document.querySelectorAll<HTMLElement>("body *"))
        .filter((el) => {
          const limit = document.documentElement.clientWidth + 0.5;
          const parent = el.parentElement!.getBoundingClientRect();
          return el.getBoundingClientRect().right > limit && parent.right <= limit && el.getClientRects().length > 0;
        })
        .slice(0, 4)
        .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} "${(el.textContent ?? "").trim().slice(0, 30)}"`)
        .join(" | "),
    }));
    if (m.scroll > m.client) await page.screenshot({ path: test.info().outputPath(`overflow-${width}-${what.replace(/\W+/g, "_").slice(0, 40)}.png`), fullPage: true });
    expect(m.scroll, `${what} at ${width}px: ${m.culprit ?? ""}`).toBeLessThanOrEqual(m.inner);
    expect(m.scroll, `${what} at ${width}px: ${m.culprit ?? ""}`).toBeLessThanOrEqual(m.client);
  }
}

async function visit(page: Page, path: string) {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
}

/** The header's two menus are on screen, big enough to tap, and open. */
async function expectHeaderReachable(page: Page, what: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    for (const name of [/^Switch workspace/, /^Account menu/]) {
      const button = page.getByRole("button", { name });
      await expect(button, `${what} at ${width}px`).toBeVisible();
      const box = (await button.boundingBox())!;
      expect(box.x, `${what} at ${width}px`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${what} at ${width}px`).toBeLessThanOrEqual(width);
      expect(box.height, `${what} at ${width}px`).toBeGreaterThanOrEqual(44);
    }
  }
}

test("signed-out pages fit from 320 px up", async ({ page }) => {
  for (const path of [
    "/signin",
    "/signin?error=INVALID_TOKEN",
    // The code step of two-factor sign-in (its form shows even before a password was given).
    "/signin?step=two-factor",
    "/signup",
    "/forgot-password",
    "/reset-password",
    "/verify-email?error=TOKEN_EXPIRED",
    "/verify-email",
    "/dev/mailbox",
    "/invite/no-such-token-at-all",
    "/no/such/page",
  ]) {
    await visit(page, path);
    await expectNoSideScroll(page, path);
  }
});

test.describe("signed in", () => {
  let page: Page;
  let seeded: Awaited<ReturnType<typeof seedWorkspace>>;

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, hasTouch: true });
    page = await context.newPage();
    const id = runId();
    seeded = await seedWorkspace(page, browser, {
      owner: LONG_PERSON,
      ownerEmail: `an.unusually.long.address.for.a.researcher.${id}@department-of-evidence-synthesis.example.com`,
      org: LONG_ORG,
      slug: `phone-${id}`,
      member: "Bea Member-With-A-Rather-Long-Double-Barrelled-Surname",
      project: LONG_PROJECT,
      description: "A description long enough to wrap over several lines on a phone: ".repeat(6),
    });
    await seeded.member.context.close();
  });
  test.afterAll(async () => page?.context().close());

  const pages: [string, (s: typeof seeded) => string][] = [
    ["project list", (s) => `/orgs/${s.org.slug}`],
    ["members", (s) => `/orgs/${s.org.slug}/members`],
    ["settings", (s) => `/orgs/${s.org.slug}/settings`],
    ["activity", (s) => `/orgs/${s.org.slug}/activity`],
    ["new project", (s) => `/orgs/${s.org.slug}/projects/new`],
    ["project", (s) => `/orgs/${s.org.slug}/projects/${s.project.id}`],
    ["account", () => "/account"],
    ["new workspace", () => "/orgs/new"],
    ["workspace not found", () => "/orgs/not-a-workspace-of-yours"],
    ["page not found", () => "/no/such/page/signed/in"],
  ];
  for (const [name, path] of pages) {
    test(`${name} fits from 320 px up, with the header reachable`, async () => {
      await visit(page, path(seeded));
      await expectNoSideScroll(page, name);
      if (name !== "page not found") await expectHeaderReachable(page, name);
    });
  }

  test("at 320 px both header menus and a dialog open inside the window", async () => {
    const { org } = seeded;
    await visit(page, `/orgs/${org.slug}/settings`);
    await page.setViewportSize({ width: 320, height: 800 });
    const switcher = page.getByRole("button", { name: /^Switch workspace/ });
    await expect(switcher).toHaveAttribute("title", LONG_ORG);
    const orgs = await openMenu(page, /^Switch workspace/, "Switch workspace");
    const box = (await orgs.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    await expectNoSideScroll(page, "open switcher");
    await page.setViewportSize({ width: 320, height: 800 });
    await page.keyboard.press("Escape");
    const account = await openMenu(page, /^Account menu/, "Account menu");
    const signOutItem = account.getByRole("menuitem", { name: "Sign out" });
    await expect(signOutItem).toBeInViewport();
    await expectNoSideScroll(page, "open account menu");
    await page.setViewportSize({ width: 320, height: 800 });
    await page.keyboard.press("Escape");

    await visit(page, `/orgs/${org.slug}/settings`);
    await page.setViewportSize({ width: 320, height: 800 });
    const del = page.getByRole("button", { name: /Delete workspace/ }).first();
    await expect(async () => {
      await del.click();
      await expect(page.getByRole("dialog")).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    const dialog = (await page.getByRole("dialog").boundingBox())!;
    expect(dialog.x).toBeGreaterThanOrEqual(0);
    expect(dialog.x + dialog.width).toBeLessThanOrEqual(320);
    expect(dialog.y + dialog.height).toBeLessThanOrEqual(800);
    await expectNoSideScroll(page, "open dialog");
  });
});

test("the switcher gets a search field when there are more than seven workspaces", async ({ page }) => {
  await createVerifiedUser(page, { name: "Sam Many" });
  const id = runId();
  const names = Array.from({ length: 9 }, (_, i) => `Review Group ${String.fromCharCode(65 + i)} ${id}`);
  let first = "";
  for (const name of names) {
    const res = await page.request.post("/api/orgs", { data: { name } });
    expect(res.status(), await res.text()).toBe(201);
    first ||= ((await res.json()) as { slug: string }).slug;
  }
  await page.setViewportSize({ width: 320, height: 800 });
  await page.goto(`/orgs/${first}`);
  const menu = await openMenu(page, /^Switch workspace/, "Switch workspace");
  const search = page.getByRole("searchbox", { name: "Find a workspace" });
  await expect(search).toBeFocused();
  await expect(menu.getByRole("menuitem", { name: /Review Group/ })).toHaveCount(9);
  await search.fill("group c");
  await expect(menu.getByRole("menuitem", { name: /Review Group/ })).toHaveCount(1);
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: /Review Group C/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/orgs/review-group-c-${id}`));
});

test("invitation pages fit from 320 px up in every state", async ({ page, browser }) => {
  const id = runId();
  const owner = await createVerifiedUser(page, { name: LONG_PERSON });
  const orgRes = await page.request.post("/api/orgs", { data: { name: LONG_ORG, slug: `inv-${id}` } });
  const org = (await orgRes.json()) as { id: string; slug: string };
  const projectRes = await page.request.post(`/api/orgs/${org.id}/projects`, { data: { name: LONG_PROJECT } });
  const project = (await projectRes.json()) as { id: string };

  const longInvitee = `someone.with.a.very.long.institutional.address.${id}@faculty-of-medicine.example.ac.uk`;
  const pending = await inviteViaApi(page, org.id, longInvitee, project.id);
  const cancelledInv = await inviteViaApi(page, org.id, uniqueEmail("cancelled"));
  expect((await page.request.delete(`/api/orgs/${org.id}/invitations/${cancelledInv.id}`)).ok()).toBe(true);
  const invitee = await newPerson(browser, "Ina Invitee");
  const acceptedInv = await inviteViaApi(page, org.id, invitee.email);
  expect((await invitee.page.request.post(`/api/invitations${acceptedInv.path.replace("/invite", "")}/accept`)).ok()).toBe(true);
  const declinedInv = await inviteViaApi(page, org.id, invitee.email.replace("@", "+declined@"));
  expect((await page.request.post(`/api/invitations${declinedInv.path.replace("/invite", "")}/decline`)).status()).toBeLessThan(500);

  // Signed in as someone else (the owner): the mismatch state, and the dead ones.
  for (const path of [pending.path, cancelledInv.path, acceptedInv.path, declinedInv.path]) {
    await visit(page, path);
    await expectNoSideScroll(page, `${path} (signed in as someone else)`);
  }
  // Signed out: create an account or sign in.
  await signOut(page);
  await visit(page, pending.path);
  await expectNoSideScroll(page, "pending invitation, signed out");
  // Signed in as the invited address: accept or decline.
  const guest = await browser.newContext();
  const guestPage = await guest.newPage();
  await createVerifiedUser(guestPage, { name: LONG_PERSON, email: longInvitee });
  await visit(guestPage, pending.path);
  await expectNoSideScroll(guestPage, "pending invitation, signed in as the invitee");
  await guest.close();
  await invitee.context.close();
  void owner;
});
