/**
 * The profile's rules that both sides need without Zod (and without form-checks, which member lists do not load) (the welcome and account forms stay light): personas, what a
 * username may be, the one a name suggests, and whether a return path is an invitation (src/lib/profile-schemas.ts
 * holds the server's Zod schemas built from these).
 */
export const personas = ["researcher", "student", "librarian", "other"] as const;
export type Persona = (typeof personas)[number];

export const personaLabels: Record<Persona, string> = {
  researcher: "Researcher",
  student: "Student",
  librarian: "Librarian or information specialist",
  other: "Something else",
};

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;
/** Lower-case letters, digits, "-" and "_"; 3 to 30 of them. */
export const USERNAME_PATTERN = /^[a-z0-9_-]{3,30}$/;

export const usernameWords = {
  enter: "Choose a username.",
  short: `Use at least ${USERNAME_MIN} characters.`,
  long: `Use at most ${USERNAME_MAX} characters.`,
  characters: "Use lower-case letters, digits, - and _ only.",
  taken: "That username is taken. Try another one.",
  persona: "Choose researcher, student, librarian or other.",
} as const;

/** The first thing wrong with a username as typed (after trimming and lower-casing), or null. */
export function usernameProblem(value: string): string | null {
  if (!value) return usernameWords.enter;
  if (value.length < USERNAME_MIN) return usernameWords.short;
  if (value.length > USERNAME_MAX) return usernameWords.long;
  return USERNAME_PATTERN.test(value) ? null : usernameWords.characters;
}

/** The first free username from `base` given the taken ones among base, base-2, base-3, … */
export function firstFreeUsername(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Whether a (safe, same-origin) return path is an invitation link: those people join a workspace instead of getting one. */
export function isInvitationPath(path: string | null | undefined): boolean {
  return !!path && /^\/invite\/[^/?#]+/.test(path);
}

/** The first-run step's address, keeping where the person was going. */
export function welcomePath(next: string | null | undefined): string {
  return next && next !== "/" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/welcome") ? `/welcome?next=${encodeURIComponent(next)}` : "/welcome";
}

