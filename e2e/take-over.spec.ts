/**
 * A page's body is server-rendered and taken over by the browser at the first sign of use (src/lib/take-over.tsx,
 * ADR 0017). What a person does while its code is on its way is kept: what they typed, where the caret was, a press
 * of a button. A download that fails says so, and the next use tries again. Each test holds the body's download back
 * (page.route) to act in that window on purpose.
 */
import { expect, test, type Page, type Route } from "@playwright/test";
import { runId, seedWorkspace } from "./seed";

/** The members page's body, downloaded on first use. */
const MEMBERS_BODY = /\/MembersPage-[\w-]+\.js$/;

/** Holds back the browser's download of files matching `pattern` until `release()`; `fetched` resolves at the request. */
async function holdBack(page: Page, pattern: RegExp) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let requested!: () => void;
  const fetched = new Promise<void>((r) => (requested = r));
  await page.route(pattern, async (route: Route) => {
    requested();
    await released;
    await route.continue();
  });
  return { release, fetched };
}

test.describe("taking a page over", () => {
  let seeded: Awaited<ReturnType<typeof seedWorkspace>>;
  let owner: Page;

  test.beforeAll(async ({ browser }) => {
    owner = await (await browser.newContext()).newPage();
    const id = runId();
    seeded = await seedWorkspace(owner, browser, { owner: "Tara Owner", org: `Take Over ${id}`, slug: `take-over-${id}`, member: "Ugo Member", project: "Handover", description: "A project" });
    await seeded.member.context.close();
  });
  test.afterAll(async () => owner?.context().close());

  test("text typed while the form's code arrives is kept, with focus and caret, and the form then works", async () => {
    const page = owner;
    const held = await holdBack(page, /\/NewProjectForm-[\w-]+\.js$/);
    await page.goto(`/orgs/${seeded.org.slug}/projects/new`);
    await page.locator("html[data-hydrated]").waitFor();
    const name = page.getByLabel("Name", { exact: true });
    await name.click();
    await held.fetched;
    await page.keyboard.type("Typed early");
    await page.keyboard.press("ArrowLeft");
    await expect(page.locator("main [data-taken]")).toHaveCount(0);
    held.release();
    await expect(page.locator("main [data-taken]")).toHaveCount(1);
    await expect(name).toHaveValue("Typed early");
    await expect(name).toBeFocused();
    await page.keyboard.type("!");
    await expect(name).toHaveValue("Typed earl!y");
    await page.unrouteAll({ behavior: "wait" });
    await page.getByRole("button", { name: "Create project" }).click();
    await expect(page.getByRole("heading", { name: "Typed earl!y" })).toBeVisible();
  });

  test("the field the person is in keeps what they have there when the body arrives", async () => {
    const page = owner;
    const held = await holdBack(page, /\/NewOrgForm-[\w-]+\.js$/);
    await page.goto("/orgs/new");
    await page.locator("html[data-hydrated]").waitFor();
    await page.getByLabel("Name").fill("Kept Field Lab");
    const address = page.getByLabel("Address");
    await address.click();
    await held.fetched;
    held.release();
    await expect(page.locator("main [data-taken]")).toHaveCount(1);
    // The name typed before is applied in the body, whose address follows the name: not into the field being typed in.
    await expect(address).toBeFocused();
    await expect(address).toHaveValue("");
    await page.keyboard.type("kept-field");
    await expect(address).toHaveValue("kept-field");
    await page.unrouteAll({ behavior: "wait" });
  });

  /** The members page with its body's code held back, and the Remove button, enabled at once (its press is kept). */
  async function membersHeldBack(page: Page) {
    const held = await holdBack(page, MEMBERS_BODY);
    await page.goto(`/orgs/${seeded.org.slug}/members`);
    await page.locator("html[data-hydrated]").waitFor();
    const remove = page.getByRole("button", { name: "Remove Ugo Member" });
    await expect(remove).toBeEnabled();
    return { held, remove };
  }

  /** The body has taken over and the kept press opened the removal dialog; Cancel closes it. */
  async function removalDialogOpened(page: Page) {
    await expect(page.locator("main [data-taken]")).toHaveCount(1);
    const dialog = page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("Ugo Member");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
    await page.unrouteAll({ behavior: "wait" });
  }

  test("a button pressed before the body's code is there is pressed again once it is", async () => {
    const page = owner;
    const { held, remove } = await membersHeldBack(page);
    await remove.click();
    await held.fetched;
    await expect(page.getByRole("dialog")).toHaveCount(0);
    held.release();
    await removalDialogOpened(page);
  });

  test("the body arriving while a button is held down waits, so the press that ends is not lost", async () => {
    const page = owner;
    const { held, remove } = await membersHeldBack(page);
    const at = (await remove.boundingBox())!;
    await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
    await page.mouse.down();
    await held.fetched;
    const arrived = page.waitForEvent("requestfinished", (r) => MEMBERS_BODY.test(r.url()));
    held.release();
    await arrived;
    // The code is here, but the button is still held: swapping it now would leave the press's down and up on different
    // buttons, and no click at all.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
    await expect(page.locator("main [data-taken]")).toHaveCount(0);
    await page.mouse.up();
    await removalDialogOpened(page);
  });

  test("a download that fails says so, and the next use tries again", async () => {
    const page = owner;
    // The first sign of use (focus) and the press after it both fail; the next use gets through.
    let failures = 2;
    await page.route(/\/SettingsPage-[\w-]+\.js$/, (route) => (failures-- > 0 ? route.abort("internetdisconnected") : route.continue()));
    await page.goto(`/orgs/${seeded.org.slug}/settings`);
    await page.locator("html[data-hydrated]").waitFor();
    const name = page.getByLabel("Name", { exact: true });
    await name.click();
    // Nothing pressed yet: a failed download alone does not interrupt. A press does.
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "We couldn't reach the server" })).toBeVisible();
    await expect(page.locator("main [data-taken]")).toHaveCount(0);
    await name.fill(`Take Over Renamed`);
    await expect(page.locator("main [data-taken]")).toHaveCount(1);
    await expect(name).toHaveValue("Take Over Renamed");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "Workspace settings saved." })).toBeVisible();
    await page.unrouteAll({ behavior: "wait" });
  });
});
