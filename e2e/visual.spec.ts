/**
 * Visual regression: the main pages at desktop and phone width, light and dark, compared with committed screenshots.
 * Stable by construction: fixed names, the Inter font shipped with the app (waited for), animations off, and
 * everything that differs per run masked (times, dates, unique addresses, avatars coloured by id).
 *
 * Regenerate after an intended change: `npm run test:visual:update` (see README, Tests).
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signOut } from "./fixtures";
import { inviteViaApi, runId, seedWorkspace } from "./seed";

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 800 } } as const;
const SCHEMES = ["light", "dark"] as const;

/** What changes from run to run, covered by a solid box in the screenshot. */
function masks(page: Page): Locator[] {
  return [
    page.locator("time"),
    page.locator("[data-avatar]"),
    page.getByText(/@[a-z0-9.-]+\.[a-z]+/i),
    page.getByText(/\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/),
  ];
}

async function snap(page: Page, path: string, name: string) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    await page.evaluate(() => document.fonts.ready);
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
      await expect(page).toHaveScreenshot(`${name}-${size}-${scheme}.png`, { fullPage: true, animations: "disabled", caret: "hide", mask: masks(page), maxDiffPixelRatio: 0.002 });
    }
  }
}

test.describe.configure({ mode: "serial" });

test("main pages look as committed", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // Fixed addresses: masked, but their width still sets the table's columns. Each run starts on a fresh database
  // (scripts/e2e.mjs); only a retry needs new ones.
  const at = test.info().retry ? `-${runId()}@visual.example.com` : "@visual.example.com";
  const seeded = await seedWorkspace(page, browser, {
    owner: "Ada Lovelace",
    ownerEmail: `ada${at}`,
    org: "Cochrane Heart Group",
    slug: `visual-${runId()}`,
    member: "Grace Hopper",
    memberEmail: `grace${at}`,
    pendingEmail: `pending${at}`,
    project: "Statins and sleep quality",
    description: "A systematic review of statins and sleep quality in adults over sixty-five.",
  });
  await seeded.member.context.close();
  const { org, project } = seeded;

  await snap(page, `/orgs/${org.slug}`, "project-list");
  await snap(page, `/orgs/${org.slug}/members`, "members");
  await snap(page, `/orgs/${org.slug}/projects/${project.id}`, "project");

  const invitation = await inviteViaApi(page, org.id, `invitee${at}`, project.id);
  await signOut(page);
  await snap(page, invitation.path, "invitation");
  await snap(page, "/signin", "signin");
});
