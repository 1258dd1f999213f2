/**
 * Changes a workspace's two-factor rule through the JSON API (PATCH /api/orgs/:orgId, the same door as any client),
 * then refreshes the settings page. Loaded by OrgTwoFactorRule on the first click.
 */
import { revalidate } from "@solidjs/router";
import { toast } from "./Toaster";
import { UNREACHABLE } from "~/lib/messages";

type Refusal = { code: string; message: string };

/** Null when done; else the server's refusal (say TWO_FACTOR_REQUIRED for an owner without it) to show. */
export async function setRule(orgId: string, requireTwoFactor: boolean, revalidateKey: string): Promise<Refusal | null> {
  try {
    const res = await fetch(`/api/orgs/${encodeURIComponent(orgId)}`, {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ requireTwoFactor }),
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: Refusal } | null;
      return body?.error ?? { code: "INTERNAL", message: "Something went wrong on our side. Please try again." };
    }
  } catch {
    return { code: "NETWORK", message: UNREACHABLE };
  }
  await revalidate(revalidateKey);
  toast(requireTwoFactor ? "Members now need two-factor authentication." : "Two-factor is no longer required.");
  return null;
}
