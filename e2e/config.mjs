// Settings of the end-to-end server, shared by scripts/e2e.mjs and playwright.config.ts.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 8799);
export const E2E_URL = `http://localhost:${E2E_PORT}`;
export const E2E_STATE_DIR = `.tmp/e2e-state-${E2E_PORT}`;
export const E2E_OUTPUT_DIR = `.tmp/e2e-output-${E2E_PORT}`;
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
};
