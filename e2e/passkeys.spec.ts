/**
 * Passkeys in Chromium with its virtual authenticator (CDP WebAuthn domain): add one on /account, sign out, sign in
 * with it from /signin, and remove it. The authenticator answers as a phone or laptop with a fingerprint would
 * (resident key, user verified), so the page's real WebAuthn calls run end to end against the built Worker.
 */
import { expect, test, type Page } from "@playwright/test";
import { createVerifiedUser, gotoReady, signOut } from "./fixtures";

/** A platform authenticator in this page's browser, as CDP offers it; Chromium only. */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  const credentials = async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
  return { credentials };
}

test("add a passkey, sign out, sign in with it, and remove it", async ({ page }) => {
  const { email } = await createVerifiedUser(page, { name: "Paula Passkey" });
  const authenticator = await virtualAuthenticator(page);

  await gotoReady(page, "/account");
  const section = page.getByTestId("account-passkeys");
  await expect(section).toContainText("You have no passkeys yet.");
  // The button opens the name form (focus in its field); a name is asked for first.
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await expect(section.getByLabel("Name for a new passkey")).toBeFocused();
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await expect(section.getByText("Give the passkey a name")).toBeVisible();
  await section.getByLabel("Name for a new passkey").fill("Test laptop");
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await expect(section.getByRole("alert").or(section.getByRole("status")).first()).toContainText("was added");
  await expect(section.getByTestId("passkey-row")).toHaveCount(1);
  await expect(section.getByTestId("passkey-row")).toContainText("Test laptop");
  await expect(section.getByTestId("passkey-row")).toContainText("Added");
  const stored = await authenticator.credentials();
  expect(stored).toHaveLength(1);
  expect(stored[0]!.isResidentCredential).toBe(true);

  // The email field offers the passkey (conditional UI): the virtual authenticator picks it at once, as a person
  // choosing it among the suggestions would, and /signin signs in without a click.
  await signOut(page);
  await page.goto("/signin");
  await expect(page).not.toHaveURL(/\/signin/);
  expect((await page.request.get("/api/me")).status()).toBe(200);

  // The button, in a browser that has no passkey suggestions (from here on, this tab says so to the page).
  await signOut(page);
  await page.addInitScript(() => {
    if (sessionStorage.getItem("no-passkey-suggestions")) Object.assign(PublicKeyCredential, { isConditionalMediationAvailable: async () => false });
  });
  await page.evaluate(() => sessionStorage.setItem("no-passkey-suggestions", "1"));
  await gotoReady(page, "/signin");
  expect(await page.getByLabel("Email").getAttribute("autocomplete")).toBe("username webauthn");
  expect((await page.request.get("/api/me")).status()).toBe(401);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  // Signed in without a password, and without the code step.
  await expect(page).not.toHaveURL(/\/signin/);
  const me = await page.request.get("/api/me");
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email);

  await gotoReady(page, "/account");
  await section.getByRole("button", { name: "Remove" }).click();
  await section.getByRole("button", { name: "Remove passkey" }).click();
  await expect(section).toContainText("was removed");
  await expect(section).toContainText("You have no passkeys yet.");
  await expect(section.getByTestId("passkey-row")).toHaveCount(0);

  // The passkey is gone from CoRATES: the device still holds it, but signing in with it is refused with words.
  await signOut(page);
  await gotoReady(page, "/signin");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByTestId("passkey-error")).toContainText("not registered with CoRATES");
  await expect(page).toHaveURL(/\/signin/);
  expect((await page.request.get("/api/me")).status()).toBe(401);
});
