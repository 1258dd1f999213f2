import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E_OIDC, E2E_OUTPUT_DIR, E2E_PORT, E2E_STATE_DIR, E2E_URL, E2E_VARS } from "./e2e/config.mjs";

// Debian's Chromium where present (no browser downloads on these machines), Playwright's own elsewhere.
const systemChromium = "/usr/bin/chromium";
const vars = Object.entries(E2E_VARS).flatMap(([k, v]) => ["--var", `'${k}:${v}'`]);

export default defineConfig({
  testDir: "e2e",
  // One results folder per server port, so two runs on one machine never delete each other's traces.
  outputDir: `.tmp/test-results-${E2E_PORT}`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    baseURL: E2E_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: existsSync(systemChromium) ? systemChromium : undefined,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
    },
  },
  // Every journey runs twice: at a desktop width, and at phone width with touch (the issue's "every journey's test also
  // runs at phone width"). phone.spec.ts walks every page at 320/375/390 px itself, visual.spec.ts sets its own
  // viewports, and first-load.spec.ts does not depend on the width, so each runs in one project only.
  projects: [
    { name: "desktop", use: { viewport: { width: 1280, height: 800 } }, testIgnore: /phone\.spec\.ts/ },
    { name: "phone", use: { viewport: { width: 375, height: 800 }, hasTouch: true }, testIgnore: /(?:visual|first-load)\.spec\.ts/ },
  ],
  webServer: [
    ...Object.entries(E2E_OIDC).map(([name, issuer]) => ({
      command: `node scripts/oidc-stand-in.mjs --name ${name === "orcid" ? "ORCID" : "Google"} --port ${new URL(issuer).port}`,
      url: `${issuer}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
    })),
    {
      command: ["node_modules/.bin/wrangler", "dev", `${E2E_OUTPUT_DIR}/worker-entry.mjs`, "--assets", `${E2E_OUTPUT_DIR}/public`, "--port", String(E2E_PORT), "--persist-to", E2E_STATE_DIR, "--show-interactive-dev-session=false", ...vars].join(" "),
      url: `${E2E_URL}/api/dev/emails`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
