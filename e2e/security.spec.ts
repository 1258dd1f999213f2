import { expect, test } from "@playwright/test";
import { createVerifiedUser, openMenu } from "./fixtures";

test("pages carry a nonce-based CSP and the app still hydrates and works under it", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto("/signin");
  const headers = res!.headers();
  const csp = headers["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");

  // Each page load gets a fresh nonce.
  const again = (await page.request.get("/signin")).headers()["content-security-policy"];
  expect(again).not.toBe(csp);

  // Interactive pages work under the policy (the switcher menu needs hydration).
  await createVerifiedUser(page);
  const org = await page.request.post("/api/orgs", { data: { name: "CSP Lab" } });
  expect(org.status()).toBe(201);
  await page.goto("/orgs/csp-lab");
  await openMenu(page, /Switch workspace/, "Switch workspace");
  expect(violations).toEqual([]);
});

test("a state-changing request from another site is refused with CSRF_REJECTED", async ({ page }) => {
  await createVerifiedUser(page);
  const res = await page.request.post("/api/orgs", { data: { name: "Forged" }, headers: { origin: "https://evil.example" } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("CSRF_REJECTED");
  const auth = await page.request.post("/api/auth/sign-out", { data: {}, headers: { origin: "https://evil.example" } });
  expect(auth.status()).toBe(403);
  // Server functions and form posts go through the same check.
  const rpc = await page.request.post("/_server", { data: "[]", headers: { origin: "https://evil.example", "content-type": "application/json" } });
  expect(rpc.status()).toBe(403);
  expect((await rpc.json()).error.code).toBe("CSRF_REJECTED");
  const orgs = await (await page.request.get("/api/orgs")).json();
  expect(orgs.items).toEqual([]);
});
