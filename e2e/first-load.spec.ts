/**
 * What a page fetches before anyone touches it is what its HTML links (issue 15). tests/built/page-weights.test.ts
 * weighs the scripts and module preloads a page's HTML links; this spec checks that the count is the whole truth in
 * a real browser: from the navigation until the page has hydrated and the network is idle, with no pointer, key or
 * touch, the browser fetches no other script. A component shown at first paint but imported with lazy() would be
 * fetched here, unlinked, and fail the test.
 *
 * Scripts allowed on top, each started after hydration on purpose and named here:
 *   - signed-in pages: the live-updates client (src/components/AppShell.tsx, ADR 0014), not needed to show or use the
 *     page;
 *   - /signin: the WebAuthn and auth clients behind the email field's passkey suggestions (about 5.4 KB gzip). A
 *     browser offers passkeys in that field's autofill only while a conditional request is already waiting when the
 *     person reaches the field, so it starts as soon as the page can run (src/components/PasskeySignIn.tsx).
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { inviteViaApi, runId, seedWorkspace } from "./seed";

const AFTER_HYDRATION = [/^LiveUpdates-[\w-]+\.js$/];
const PASSKEY_SUGGESTIONS = [/^passkey-client-[\w-]+\.js$/, /^auth-client-[\w-]+\.js$/];

/** The scripts and module preloads under /_build/assets/ that an HTML page links (as the weight test reads them). */
function linkedScripts(html: string): Set<string> {
  const out = new Set<string>();
  for (const tag of html.match(/<(?:script|link)\b[^>]*>/gi) ?? []) {
    if (!/^<script/i.test(tag) && !/\brel=["']?modulepreload\b/i.test(tag)) continue;
    const url = /\b(?:src|href)=["']?([^"'\s>]+)/i.exec(tag)?.[1];
    if (url?.startsWith("/_build/assets/") && url.endsWith(".js")) out.add(url.slice("/_build/assets/".length));
  }
  return out;
}

/** Loads `path` untouched and answers the scripts fetched beyond what the HTML links. */
async function unlinkedScripts(page: Page, path: string, allowed: RegExp[] = []): Promise<string[]> {
  const fetched = new Set<string>();
  const onRequest = (req: { url(): string }) => {
    const url = new URL(req.url());
    if (url.pathname.startsWith("/_build/assets/") && url.pathname.endsWith(".js")) fetched.add(url.pathname.slice("/_build/assets/".length));
  };
  page.on("request", onRequest);
  try {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    const linked = linkedScripts(await res!.text());
    await page.locator("html[data-hydrated]").waitFor();
    await page.waitForLoadState("networkidle");
    expect(linked.size, `${path} links no script`).toBeGreaterThan(0);
    return [...fetched].filter((f) => !linked.has(f) && ![...AFTER_HYDRATION, ...allowed].some((re) => re.test(f))).sort();
  } finally {
    page.off("request", onRequest);
  }
}

// One browser is enough: what a page links does not depend on the window's width (playwright.config.ts runs this
// spec in the desktop project only).

test("signed-out pages fetch only what their HTML links", async ({ page }) => {
  for (const path of ["/signin", "/signin?step=two-factor", "/signup", "/forgot-password", "/reset-password?token=first-load", "/verify-email", "/dev/mailbox"]) {
    expect(await unlinkedScripts(page, path, path === "/signin" ? PASSKEY_SUGGESTIONS : []), path).toEqual([]);
  }
});

test.describe("signed in", () => {
  let owner: Page;
  let browserRef: Browser;
  let seeded: Awaited<ReturnType<typeof seedWorkspace>>;

  test.beforeAll(async ({ browser }) => {
    browserRef = browser;
    owner = await (await browser.newContext()).newPage();
    const id = runId();
    seeded = await seedWorkspace(owner, browser, { owner: "Fern Owner", org: `First Load ${id}`, slug: `first-load-${id}`, member: "Gus Member", project: "Weights", description: "A project" });
    await seeded.member.context.close();
  });
  test.afterAll(async () => owner?.context().close());

  test("every signed-in page fetches only what its HTML links (and the live client after hydration)", async () => {
    const { org, project } = seeded;
    for (const path of [
      `/orgs/${org.slug}`,
      `/orgs/${org.slug}/members`,
      `/orgs/${org.slug}/projects/${project.id}`,
      `/orgs/${org.slug}/projects/new`,
      `/orgs/${org.slug}/settings`,
      `/orgs/${org.slug}/activity`,
      "/account",
      "/orgs/new",
    ]) {
      expect(await unlinkedScripts(owner, path), path).toEqual([]);
    }
  });

  test("the invitation page, signed out, fetches only what its HTML links", async () => {
    const invited = await inviteViaApi(owner, seeded.org.id, `first-load-${runId()}@example.com`);
    const visitor = await (await browserRef.newContext()).newPage();
    try {
      expect(await unlinkedScripts(visitor, invited.path)).toEqual([]);
    } finally {
      await visitor.context().close();
    }
  });
});
