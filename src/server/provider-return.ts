/**
 * What /account says when a person comes back from adding ORCID or Google (`?linked=`, or `?social=` with Better
 * Auth's `?error=`), worked out on the server so the page's script carries none of the words. Never echoes the URL:
 * unknown providers and codes get our general wording.
 */
import { providerName, socialFailureText } from "~/components/SocialNotice";

export type ProviderReturn = { kind: "success" | "error"; text: string } | null;

const word = (v: unknown) => (typeof v === "string" && v.length <= 100 ? v : undefined);

export function providerReturn(linked: unknown, social: unknown, error: unknown): ProviderReturn {
  const added = word(linked);
  if (added) return { kind: "success", text: `${providerName(added)} was added. You can now sign in with it.` };
  const provider = word(social);
  const code = word(error);
  return provider && code ? { kind: "error", text: socialFailureText(code, providerName(provider)) } : null;
}
