/** Production settings for readEnv alone (it never touches the database), and the refusal of a bad one. */
import { expect } from "vitest";
import { ConfigError, readEnv, type WorkerBindings } from "~/server/env";
import { TEST_SECRET } from "./harness";

export function prodBindings(overrides: Partial<Record<keyof WorkerBindings, string | undefined>> = {}): WorkerBindings {
  return {
    DB: {} as D1Database,
    APP_ENV: "production",
    APP_URL: "https://corates.example",
    BETTER_AUTH_SECRET: TEST_SECRET,
    EMAIL_TRANSPORT: "http",
    EMAIL_FROM: "CoRATES <no-reply@corates.example>",
    EMAIL_API_URL: "https://api.provider.example/emails",
    EMAIL_API_KEY: "provider-key",
    ...overrides,
  } as WorkerBindings;
}

/** The ConfigError readEnv refuses `bindings` with; fails the test when it accepts them. */
export function configError(bindings: WorkerBindings): ConfigError {
  try {
    readEnv(bindings);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error("readEnv accepted an invalid configuration");
}
