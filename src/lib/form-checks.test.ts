/**
 * The browser's form checks (form-checks.ts) give the answers of the server's Zod schemas (schemas.ts) on the same
 * input: ok with the same data, or the same first message per field. Generated values lean on the edges the rules
 * draw: blank and padded text, upper case, control characters, lengths at the limits, near-valid addresses.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkChangePassword, checkEmailOnly, checkName, checkResetPassword, checkSignIn, checkSignUp } from "./form-checks";
import { slugify } from "./slugify";
import * as schemas from "./schemas";

const pieces = ["", " ", "\t", "\n", "\u0085", "\u00a0", "a", "Z", "é", "0", "-", "_", ".", "..", "@", "+", "'", "x.y", "example", ".com", ".io", "Ω", "🙂"];
const piece = fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 4 }), fc.string({ unit: "grapheme", maxLength: 3 }));
const generatedText = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(""));
const padded = (s: string) => fc.constantFrom(s, ` ${s}`, `${s} `, `\n${s}\t`, s.toUpperCase());
const addresses = fc
  .tuple(fc.stringMatching(/^[a-z0-9._+'-]{0,12}$/), fc.stringMatching(/^[a-z0-9-]{0,10}(\.[a-z]{1,4}){0,3}$/))
  .chain(([local, domain]) => padded(`${local}@${domain}`));
/** Lengths just under, at and over each limit (1, 8, 100, 128, 254), in letters and in emoji (two UTF-16 units each). */
const atLimits = fc.constantFrom(0, 1, 7, 8, 9, 99, 100, 101, 127, 128, 129, 240, 253, 254, 255).chain((n) =>
  fc.constantFrom("a".repeat(n), " ".repeat(n), `${"b".repeat(Math.max(0, n - 12))}@example.com`, `${"P".repeat(n)}\u0001`, "🙂".repeat(n), "🙂".repeat(Math.ceil(n / 2))),
);
const value = fc.oneof(
  { weight: 4, arbitrary: generatedText },
  { weight: 3, arbitrary: addresses },
  { weight: 2, arbitrary: atLimits },
  { weight: 1, arbitrary: fc.constantFrom(undefined, 42, null, true, "on", "true") },
);

const pairs = [
  ["email only", checkEmailOnly, schemas.emailOnlyInput, ["email"]],
  ["sign-in", checkSignIn, schemas.signInInput, ["email", "password"]],
  ["sign-up", checkSignUp, schemas.signUpInput, ["name", "email", "password"]],
  ["reset password", checkResetPassword, schemas.resetPasswordInput, ["password", "confirmPassword"]],
  ["name", checkName, schemas.updateNameInput, ["name"]],
  ["change password", checkChangePassword, schemas.changePasswordInput, ["currentPassword", "newPassword", "confirmPassword", "revokeOtherSessions"]],
] as const;

describe("form checks agree with the server's schemas", () => {
  for (const [name, check, schema, keys] of pairs) {
    it(name, () => {
      const input = fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] });
      // Same text in both password fields half of the time, so the "do not match" rule is crossed both ways.
      const withRepeats = input.chain((v) => fc.boolean().map((same) => (same && "confirmPassword" in v ? { ...v, confirmPassword: v.newPassword ?? v.password } : v)));
      fc.assert(
        fc.property(withRepeats, (v) => {
          expect(check(v)).toEqual(schemas.checkFields(schema, v));
        }),
        { numRuns: 1500 },
      );
    });
  }

  it("on hand-picked cases", () => {
    const cases: [(v: Record<string, unknown>) => unknown, typeof schemas.emailOnlyInput | typeof schemas.signUpInput | typeof schemas.resetPasswordInput, Record<string, unknown>][] = [
      [checkEmailOnly, schemas.emailOnlyInput, { email: "  Ada@Example.COM " }],
      [checkEmailOnly, schemas.emailOnlyInput, { email: "ada@example" }],
      [checkEmailOnly, schemas.emailOnlyInput, {}],
      [checkSignUp, schemas.signUpInput, { name: "Ada\nLovelace", email: "ada@example.com", password: "correct horse" }],
      [checkSignUp, schemas.signUpInput, { name: "   ", email: "", password: "short" }],
      [checkResetPassword, schemas.resetPasswordInput, { password: "long enough", confirmPassword: "" }],
      [checkResetPassword, schemas.resetPasswordInput, { password: "long enough", confirmPassword: "long enougH" }],
      [checkResetPassword, schemas.resetPasswordInput, { password: "short" }],
    ];
    for (const [check, schema, v] of cases) expect(check(v), JSON.stringify(v)).toEqual(schemas.checkFields(schema, v));
  });

  it("say what a person must fix, field by field", () => {
    expect(checkSignUp({ name: " ", email: "ada@", password: "short" })).toEqual({
      ok: false,
      fields: { name: "Enter your name.", email: "Enter a valid email address.", password: "Use at least 8 characters." },
    });
    expect(checkSignIn({ email: " Ada@Example.com ", password: "x" })).toEqual({ ok: true, data: { email: "ada@example.com", password: "x" } });
  });

  it("slugify is the one the server imports", () => {
    expect(schemas.slugify).toBe(slugify);
    expect(slugify("Nora's Lab")).toBe("noras-lab");
  });
});
