/**
 * Avatars and workspace logos in Chromium, against the production build on wrangler's local R2: a person uploads a
 * picture on /account and sees it in the header (really decoded, so served with the right type and allowed by the
 * page's CSP); an admin uploads the workspace's logo in its settings and sees it in the switcher; a file that only
 * pretends to be a picture is refused with the reason.
 */
import { expect, test, type Locator } from "@playwright/test";
import { createOrgViaApi, createVerifiedUser, gotoReady, joinOrg, newPerson, openMenu } from "./fixtures";

/** 3x2 pixels, as Chromium's own encoder writes them (tests/image-fixtures.ts). */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAYAAACddGYaAAAAGUlEQVR4AWL6Oo/7v2ryazBmMjj6gAEGAAAAAP//23f6zgAAAAZJREFUAwCkAwlbW1ZoUAAAAABJRU5ErkJggg==", "base64");
const WEBP = Buffer.from("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA", "base64");

/** The image's pixels arrived and decoded (a blocked or mistyped answer leaves naturalWidth at 0). */
async function expectDecoded(img: Locator) {
  await expect(img).toHaveAttribute("src", /^\/api\/images\/[0-9a-f]{64}$/);
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
}

test("a person uploads a profile picture on /account and sees it in the header; removing it brings the initials back", async ({ page }) => {
  await createVerifiedUser(page, { name: "Pia Picture" });
  await createOrgViaApi(page, "Picture Lab");
  await gotoReady(page, "/account");
  const section = page.getByTestId("account-avatar");
  await section.getByRole("button", { name: "Upload a picture" }).click();

  // Not a picture, whatever its name says: refused with the reason, nothing changes.
  await section.getByLabel("PNG, JPEG or WebP, at most 2 MB").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>") });
  await section.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(section.getByText("That file is not a PNG, JPEG or WebP picture.")).toBeVisible();

  await section.getByLabel("PNG, JPEG or WebP, at most 2 MB").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG });
  await section.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(section.getByText("Your new picture was saved.")).toBeVisible();
  const headerAvatar = page.getByRole("button", { name: /Account menu/ }).locator("img[data-avatar]");
  await expectDecoded(headerAvatar);

  // Still there after a reload (the session read carries it), and replaced by a new picture at a new URL.
  await gotoReady(page, "/account");
  await expectDecoded(page.getByRole("button", { name: /Account menu/ }).locator("img[data-avatar]"));
  const first = await page.getByRole("button", { name: /Account menu/ }).locator("img[data-avatar]").getAttribute("src");
  await page.getByTestId("account-avatar").getByRole("button", { name: "Change or remove picture" }).click();
  await page.getByTestId("account-avatar").getByLabel("PNG, JPEG or WebP, at most 2 MB").setInputFiles({ name: "new.webp", mimeType: "image/webp", buffer: WEBP });
  await page.getByTestId("account-avatar").getByRole("button", { name: "Upload", exact: true }).click();
  await expect(page.getByTestId("account-avatar").getByText("Your new picture was saved.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Account menu/ }).locator("img[data-avatar]")).not.toHaveAttribute("src", first!);
  expect((await page.request.get(first!)).status()).toBe(404);

  await page.getByTestId("account-avatar").getByRole("button", { name: "Remove picture" }).click();
  await expect(page.getByTestId("account-avatar").getByText("The picture was removed.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Account menu/ }).locator("img[data-avatar]")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Account menu/ }).locator("span[data-avatar]")).toHaveText("PP");
});

test("an admin uploads the workspace logo in settings and sees it in the switcher; a member has no such control", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Olga Owner" });
  const org = await createOrgViaApi(page, "Logo Lab");
  const admin = await newPerson(browser, "Adi Admin");
  const plain = await newPerson(browser, "Mo Member");
  await joinOrg(page, admin, org.id, "admin");
  await joinOrg(page, plain, org.id, "member");

  const a = admin.page;
  await gotoReady(a, `/orgs/${org.slug}/settings`);
  const section = a.getByTestId("org-logo");
  await section.getByRole("button", { name: "Upload a logo" }).click();
  await section.getByLabel("PNG, JPEG or WebP, at most 2 MB").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
  await section.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(section.getByText("Your new logo was saved.")).toBeVisible();
  const menu = await openMenu(a, /Switch workspace/, "Switch workspace");
  await expectDecoded(menu.getByRole("menuitem", { name: /Logo Lab/ }).locator("img[data-org-logo]"));

  await gotoReady(plain.page, `/orgs/${org.slug}/settings`);
  await expect(plain.page.getByRole("heading", { name: "Workspace details" })).toBeVisible();
  await expect(plain.page.getByTestId("org-logo")).toHaveCount(0);
  // The member sees the logo in their switcher too.
  const theirs = await openMenu(plain.page, /Switch workspace/, "Switch workspace");
  await expectDecoded(theirs.getByRole("menuitem", { name: /Logo Lab/ }).locator("img[data-org-logo]"));

  await admin.context.close();
  await plain.context.close();
});
