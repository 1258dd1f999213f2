/** The username a name suggests (the welcome form shows it; the server takes the first free one from it). */
import { slugify } from "./slugify";
import { USERNAME_MIN } from "./profile-rules";

/**
 * The username a name suggests before any is known to be taken: the name's letters and digits joined by "-", at most
 * 24 characters so that a "-<n>" suffix still fits in 30; "user" padding for names with too few usable letters.
 */
export function usernameBase(name: string): string {
  const base = slugify(name).slice(0, 24).replace(/-+$/g, "");
  if (base.length >= USERNAME_MIN) return base;
  return base ? `${base}-user` : "user";
}

