/**
 * /account's own forms, as a person uses them: the name and password forms open from their buttons (by keyboard too),
 * focus goes into them and back to the button; a wrong current password is refused under its field; another session
 * is signed out from the list, and changing the password signs out the rest.
 */
import { expect, type Page, test } from "@playwright/test";
import { createVerifiedUser, gotoReady, originOf, PASSWORD } from "./fixtures";

/** A second session of the same person, in a browser context of its own (another device). */
async function anotherDevice(page: Page, email: string, password: string) {
  const context = await page.context().browser()!.newContext();
  const res = await context.request.post("/api/auth/sign-in/email", { data: { email, password }, headers: originOf(page) });
  expect(res.ok(), await res.text()).toBe(true);
  return { context, signedIn: async () => (await context.request.get("/api/me")).status() === 200 };
}

test("a person renames themselves, signs out another device, and changes the password", async ({ page }) => {
  const { email } = await createVerifiedUser(page, { name: "Nora Name" });
  await gotoReady(page, "/account");

  // The name: shown as text, the form opens from the keyboard with focus in the field.
  const profile = page.getByTestId("account-profile");
  await expect(profile.getByTestId("account-name")).toHaveText("Nora Name");
  await expect(profile.getByTestId("account-email")).toHaveText(email);
  const changeName = profile.getByRole("button", { name: "Change name" });
  await changeName.focus();
  await page.keyboard.press("Enter");
  const nameField = profile.getByLabel("Name");
  await expect(nameField).toBeFocused();
  await expect(nameField).toHaveValue("Nora Name");
  // Cancel closes it and gives focus back to the button.
  await profile.getByRole("button", { name: "Cancel" }).click();
  await expect(profile.getByTestId("name-form")).toHaveCount(0);
  await expect(changeName).toBeFocused();
  await changeName.click();
  await nameField.fill("   ");
  await profile.getByRole("button", { name: "Save name" }).click();
  await expect(nameField).toHaveAttribute("aria-invalid", "true");
  await nameField.fill("Nora Renamed");
  await profile.getByRole("button", { name: "Save name" }).click();
  await expect(profile.getByRole("status")).toContainText("Your name was saved.");
  await expect(profile.getByTestId("account-name")).toHaveText("Nora Renamed");
  await expect(changeName).toBeFocused();
  expect(((await (await page.request.get("/api/me")).json()) as { user: { name: string } }).user.name).toBe("Nora Renamed");

  // Another device: listed, signed out from here after a confirmation.
  const laptop = await anotherDevice(page, email, PASSWORD);
  await gotoReady(page, "/account");
  const sessions = page.getByTestId("account-sessions");
  await expect(sessions.getByTestId("session-row")).toHaveCount(2);
  const other = sessions.locator('[data-testid="session-row"]:not([data-current])');
  await other.getByRole("button", { name: "Sign out" }).click();
  await expect(other).toContainText("Sign out this session?");
  // The harmless choice has the focus.
  await expect(other.getByRole("button", { name: "Cancel" })).toBeFocused();
  await other.getByRole("button", { name: "Confirm sign out" }).click();
  await expect(sessions.getByRole("status")).toContainText("Signed out");
  await expect(sessions.getByTestId("session-row")).toHaveCount(1);
  expect(await laptop.signedIn()).toBe(false);
  await laptop.context.close();

  // The password: a wrong current one is refused under its field; the right one changes it and signs out the others.
  const phone = await anotherDevice(page, email, PASSWORD);
  await gotoReady(page, "/account");
  const password = page.getByTestId("account-password");
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(password.getByLabel("Current password")).toBeFocused();
  await password.getByLabel("Current password").fill("not my password");
  await password.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
  await password.getByLabel("Confirm new password").fill("a brand new passphrase");
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(password.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
  await expect(password.getByLabel("Current password")).toBeFocused();
  await password.getByLabel("Current password").fill(PASSWORD);
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(password.getByRole("status")).toContainText("Your password was changed and your other sessions were signed out.");
  await expect(password.getByRole("button", { name: "Change password" })).toBeFocused();
  await expect(page.getByTestId("account-sessions").getByTestId("session-row")).toHaveCount(1);
  expect(await phone.signedIn()).toBe(false);
  await phone.context.close();
  const again = await page.context().browser()!.newContext();
  const signIn = await again.request.post("/api/auth/sign-in/email", { data: { email, password: "a brand new passphrase" }, headers: originOf(page) });
  expect(signIn.status()).toBe(200);
  await again.close();
});
