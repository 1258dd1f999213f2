/** Its own module: the header's avatar needs only this, not the other labels (src/lib/format.ts). */

/** Up to two initials of a name ("Ada Lovelace" → "AL"), from the address when there is no name. */
export function initials(name: string, email?: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length >= 2 ? [words[0]!, words[words.length - 1]!] : words.length === 1 ? [words[0]!] : [email ?? "?"];
  return letters
    .map((w) => Array.from(w)[0] ?? "")
    .join("")
    .toUpperCase();
}
