/**
 * The workspace pages on a 320 px phone: no sideways scroll (long emails and names included), members and invitations
 * as stacked rows, and every control in the page body at least 44 px tall.
 */
import { expect, test, type Page } from "@playwright/test";
import { createOrgViaApi, createProjectViaApi, createVerifiedUser, joinOrg, newPerson } from "./fixtures";

test.use({ viewport: { width: 320, height: 720 } });

/** `skipTextFields`: the settings form's fields are the design system's TextField (src/components/ui.tsx), sized there. */
async function fitsThePhone(page: Page, name: string, skipTextFields = false) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
  // What sticks out of these pages' own part (<main>; the header is the app shell's), except inside a strip that
  // scrolls on its own (the workspace tabs).
  const overflowing = await page.locator("main").evaluate((main) =>
    Array.from(main.querySelectorAll<HTMLElement>("*"))
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .filter((el) => {
        for (let p = el.parentElement; p && p !== main; p = p.parentElement) if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)) return false;
        return true;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className.toString().slice(0, 60)} (${Math.round(el.getBoundingClientRect().right)} px)`)
      .slice(0, 5),
  );
  expect(overflowing, `${name}: wider than the screen`).toEqual([]);
  // Controls of these pages (the header belongs to the app shell), shown and enabled, are big enough to tap.
  const small = await page.locator("main").evaluate((main, skip) =>
    Array.from(main.querySelectorAll<HTMLElement>(skip ? "button, select, textarea" : "button, select, input:not([type=hidden]), textarea"))
      .filter((el) => el.offsetParent !== null && !el.closest("dialog"))
      .map((el) => ({ label: el.getAttribute("aria-label") ?? el.textContent?.trim() ?? el.id, h: el.getBoundingClientRect().height }))
      .filter((c) => c.h < 43.5),
    skipTextFields,
  );
  expect(small, `${name}: controls under 44 px`).toEqual([]);
}

test("members, invitations, settings, activity and projects fit a 320 px phone", async ({ page, browser }) => {
  await createVerifiedUser(page, { name: "Philippa Phone-Owner", email: `philippa.extraordinarily-long-address-${Date.now()}@department.example-university.ac.uk` });
  const org = await createOrgViaApi(page, "Phone Lab");
  const member = await newPerson(browser, "Maximilian Member");
  await joinOrg(page, member, org.id, "member");
  await page.request.post(`/api/orgs/${org.id}/invitations`, { data: { email: "a.very.long.invitee.address.for.phones@faculty.example-university.ac.uk", role: "member" } });
  await createProjectViaApi(page, org.id, "Systematic review of interventions for extraordinarily long project names");

  await page.goto(`/orgs/${org.slug}/members`);
  await expect(page.getByTestId("member-row")).toHaveCount(2);
  await expect(page.getByTestId("invitation-row")).toHaveCount(1);
  // An email wraps at the edge, not a character per line: its box is as wide as the row allows.
  const email = page.getByTestId("member-email").first();
  expect((await email.boundingBox())!.width).toBeGreaterThan(180);
  await fitsThePhone(page, "members");

  await page.goto(`/orgs/${org.slug}/settings`);
  await fitsThePhone(page, "settings", true);
  await page.goto(`/orgs/${org.slug}/activity`);
  await expect(page.getByTestId("activity-entry").first()).toBeVisible();
  await fitsThePhone(page, "activity");
  await page.goto(`/orgs/${org.slug}`);
  await fitsThePhone(page, "projects");
  await member.page.setViewportSize({ width: 320, height: 720 });
  await member.page.goto(`/orgs/${org.slug}`);
  await fitsThePhone(member.page, "projects-member");
  await member.context.close();
});
