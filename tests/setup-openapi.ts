/**
 * A vitest setup file: every app.request answer of every test is checked against the OpenAPI description
 * (tests/openapi-check.ts), so the domain tests, not only tests/openapi.test.ts, catch a description that drifted.
 * A mismatch throws from app.request, failing the test that made the request.
 */
import { responseHooks } from "./harness";
import { checkAnswer } from "./openapi-check";

responseHooks.push((method, path, res) => {
  const { problem } = checkAnswer(method, path, res);
  if (problem) throw new Error(`OpenAPI drift: ${problem}`);
});
