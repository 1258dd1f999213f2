/**
 * The sign-in, sign-up, password and account forms' checks in the browser, without Zod: the full library was a third
 * of every page's JavaScript (issue 15), and its small edition (zod/mini) still costs about 6 KB of gzip for these few
 * rules. The server keeps the Zod schemas (src/lib/schemas.ts), which take their words and limits from this module;
 * form-checks.test.ts holds both to the same answers (ok with the same data, or the same message per field) on
 * generated input, so they cannot drift apart.
 */
import { regexes } from "zod/v4/core";

/**
 * C0 and C1 control characters, DEL included. Never part of a name: they break lines in lists and headers, and a
 * name flows into email subjects, where CR/LF would start a new header.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export const limits = { email: 254, personName: 100, passwordMin: 8, passwordMax: 128 } as const;

export const atMost = (n: number) => `Use at most ${n.toLocaleString("en-US")} characters.`;
export const atLeast = (n: number) => `Use at least ${n.toLocaleString("en-US")} characters.`;

export const words = {
  controlCharacters: "Remove line breaks, tabs and other control characters.",
  enterEmail: "Enter an email address.",
  invalidEmail: "Enter a valid email address.",
  enterName: "Enter your name.",
  enterPassword: "Enter a password.",
  enterYourPassword: "Enter your password.",
  enterCurrentPassword: "Enter your current password.",
  repeatPassword: "Repeat the new password.",
  passwordsDiffer: "The two passwords do not match.",
} as const;

/** Zod's own email pattern (what z.email() checks on the server), so both sides accept the same addresses. */
const EMAIL_PATTERN = regexes.email;

export type FieldErrors = Record<string, string>;
export type Checked<T> = { ok: true; data: T } | { ok: false; fields: FieldErrors };

/** One field's outcome: its cleaned value, or the first message Zod would report for it. */
type Field<T> = { value: T; message?: string; text: boolean };
type Rule = (s: string) => string | undefined;

/** A text field: cleaned, then its rules in order; the first that fails gives the message. */
function text(value: unknown, missing: string, rules: Rule[], clean: (s: string) => string = (s) => s): Field<string> {
  if (typeof value !== "string") return { value: "", message: missing, text: false };
  const s = clean(value);
  for (const rule of rules) {
    const message = rule(s);
    if (message) return { value: s, message, text: true };
  }
  return { value: s, text: true };
}

/** Length in characters as Zod counts them (code points: an emoji is one, not two). */
const length = (s: string) => Array.from(s).length;
const min = (n: number, message: string): Rule => (s) => (length(s) < n ? message : undefined);
const max = (n: number, message = atMost(n)): Rule => (s) => (length(s) > n ? message : undefined);
const noControlCharacters: Rule = (s) => (CONTROL_CHARACTERS.test(s) ? words.controlCharacters : undefined);

const email = (v: unknown) =>
  text(v, words.enterEmail, [max(limits.email), (s) => (EMAIL_PATTERN.test(s) ? undefined : words.invalidEmail)], (s) => s.trim().toLowerCase());
const personName = (v: unknown) =>
  text(v, words.enterName, [min(1, words.enterName), max(limits.personName), noControlCharacters], (s) => s.trim());
const password = (v: unknown) =>
  text(v, words.enterPassword, [min(limits.passwordMin, atLeast(limits.passwordMin)), max(limits.passwordMax)]);

/**
 * The fields' messages, then a check across fields. Like Zod's object refinements, that last one runs only when
 * every field at least held text, and its message counts only where the field has none yet.
 */
function form<T extends Record<string, unknown>>(
  fields: { [K in keyof T]: Field<T[K]> },
  across?: (data: T) => [keyof T & string, string] | undefined,
): Checked<T> {
  const errors: FieldErrors = {};
  const data = {} as T;
  let allText = true;
  for (const key of Object.keys(fields) as (keyof T & string)[]) {
    const f = fields[key];
    data[key] = f.value;
    if (f.message) errors[key] = f.message;
    allText &&= f.text;
  }
  const crossed = allText ? across?.(data) : undefined;
  if (crossed && !(crossed[0] in errors)) errors[crossed[0]] = crossed[1];
  return Object.keys(errors).length ? { ok: false, fields: errors } : { ok: true, data };
}

type Values = Record<string, unknown>;

export const checkEmailOnly = (v: Values) => form<{ email: string }>({ email: email(v.email) });

export const checkSignIn = (v: Values) =>
  form<{ email: string; password: string }>({
    email: email(v.email),
    password: text(v.password, words.enterYourPassword, [min(1, words.enterYourPassword), max(limits.passwordMax)]),
  });

export const checkSignUp = (v: Values) =>
  form<{ name: string; email: string; password: string }>({ name: personName(v.name), email: email(v.email), password: password(v.password) });

const repeated = (v: unknown) => text(v, words.repeatPassword, [min(1, words.repeatPassword)]);

export const checkResetPassword = (v: Values) =>
  form<{ password: string; confirmPassword: string }>({ password: password(v.password), confirmPassword: repeated(v.confirmPassword) }, (d) =>
    d.password === d.confirmPassword ? undefined : ["confirmPassword", words.passwordsDiffer],
  );

export const checkName = (v: Values) => form<{ name: string }>({ name: personName(v.name) });

export const checkChangePassword = (v: Values) =>
  form<{ currentPassword: string; newPassword: string; confirmPassword: string; revokeOtherSessions: boolean }>(
    {
      currentPassword: text(v.currentPassword, words.enterCurrentPassword, [min(1, words.enterCurrentPassword), max(limits.passwordMax)]),
      newPassword: password(v.newPassword),
      confirmPassword: repeated(v.confirmPassword),
      // A checkbox: present ("on") when ticked, absent otherwise.
      revokeOtherSessions: { value: v.revokeOtherSessions === true || v.revokeOtherSessions === "on" || v.revokeOtherSessions === "true", text: true },
    },
    (d) => (d.newPassword === d.confirmPassword ? undefined : ["confirmPassword", words.passwordsDiffer]),
  );


