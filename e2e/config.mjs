// Settings of the end-to-end server, shared by scripts/e2e.mjs and playwright.config.ts.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 8799);
export const E2E_URL = `http://localhost:${E2E_PORT}`;
export const E2E_STATE_DIR = `.tmp/e2e-state-${E2E_PORT}`;
export const E2E_OUTPUT_DIR = `.tmp/e2e-output-${E2E_PORT}`;
// The OpenID Connect stand-ins for ORCID and Google (scripts/oidc-stand-in.mjs), started by Playwright beside the app.
export const E2E_OIDC = { orcid: `http://127.0.0.1:${E2E_PORT + 4}`, google: `http://127.0.0.1:${E2E_PORT + 5}` };
// A throwaway secret for the throwaway test database; production reads its secret from `wrangler secret put`.
export const E2E_VARS = {
  APP_ENV: "test",
  APP_URL: E2E_URL,
  BETTER_AUTH_SECRET: "e2e-only-secret-not-used-anywhere-else-0123456789",
  EMAIL_TRANSPORT: "dev",
  EMAIL_FROM: "CoRATES <no-reply@localhost>",
  // Rate limits stay on, at ten times the production limits: the suite signs up, signs in and opens invitations for
  // dozens of people from one address ("local") within minutes.
  RATE_LIMIT_MULTIPLIER: "10",
  // D1 sessions with the bookmark cookie, as in production (wrangler.jsonc).
  D1_SESSIONS: "1",
  // Both providers on, so every journey sees the sign-in pages as a configured production does.
  ORCID_CLIENT_ID: "corates-e2e-orcid",
  ORCID_CLIENT_SECRET: "e2e-orcid-secret",
  ORCID_ISSUER: E2E_OIDC.orcid,
  GOOGLE_CLIENT_ID: "corates-e2e-google",
  GOOGLE_CLIENT_SECRET: "e2e-google-secret",
  GOOGLE_ISSUER: E2E_OIDC.google,
  // The site admin of e2e/admin.spec.ts: this address, once verified, gets /admin.
  ADMIN_EMAILS: "site-admin-desktop@e2e.test,site-admin-phone@e2e.test",
};
