/** Many org invitations at once, from addresses pasted into the members page. */
import { bulkInvitationInput, createInvitationInput } from "~/lib/schemas";
import type { OrgWhere } from "../actor";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { parse } from "../validate";
import { runOrgWrite } from "../writes/run";
import { createInvitation, type CreatedInvitationWithLink } from "./invitation-writes";

/** How many addresses one bulk invitation may carry: each is a full invitation (and email) of its own. */
export const BULK_INVITATIONS_MAX = 50;

export type BulkInvitationResult =
  | { email: string; outcome: "sent" | "replaced"; invitation: CreatedInvitationWithLink }
  | { email: string; outcome: "member" | "invalid" | "not_sent"; reason: string };

/** Addresses as pasted: separated by commas, semicolons, spaces or line breaks; duplicates (any case) once. */
export function splitAddresses(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const piece = raw.replace(/^<|>$/g, "").trim();
    if (!piece) continue;
    const key = piece.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(piece);
  }
  return out;
}

/**
 * Invites many addresses at once, each exactly like a single invitation (same checks, same rate limits, one email
 * each, one read and one write batch each), and answers one result per address: sent, replaced (a pending
 * invitation's old link died), already a member, invalid (with the reason), or not sent (a limit was reached: the
 * rest are not tried). Refuses the whole request, before anything is sent, when the list is empty or too long, and
 * when the role may not be handed out (the first address's refusal, which every address would get).
 */
export async function inviteManyToOrg(ctx: AppContext, headers: Headers, where: OrgWhere, input: unknown): Promise<BulkInvitationResult[]> {
  const { emails: text, role } = parse(bulkInvitationInput, input);
  const addresses = splitAddresses(text);
  if (addresses.length === 0) throw AppError.validation({ emails: "Enter at least one email address." });
  if (addresses.length > BULK_INVITATIONS_MAX) {
    throw AppError.validation({ emails: `Invite at most ${BULK_INVITATIONS_MAX} addresses at once (you entered ${addresses.length}).` });
  }
  const results: BulkInvitationResult[] = [];
  let stopped: string | null = null;
  for (const address of addresses) {
    if (stopped) {
      results.push({ email: address, outcome: "not_sent", reason: stopped });
      continue;
    }
    const parsed = createInvitationInput.shape.email.safeParse(address);
    if (!parsed.success) {
      results.push({ email: address, outcome: "invalid", reason: parsed.error.issues[0]?.message ?? "Not a valid email address." });
      continue;
    }
    try {
      const invitation = await runOrgWrite(ctx, headers, where, () => createInvitation(ctx, { kind: "org" }, { email: parsed.data, role }));
      results.push({ email: parsed.data, outcome: invitation.replaced ? "replaced" : "sent", invitation });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === "ALREADY_MEMBER") results.push({ email: parsed.data, outcome: "member", reason: "Already a member of this workspace." });
      else if (err.code === "VALIDATION_FAILED") results.push({ email: address, outcome: "invalid", reason: (Object.values(err.details?.fields ?? {})[0] as string) ?? err.message });
      else if (err.code === "RATE_LIMITED") {
        stopped = "Not sent: the invitation limit was reached. Try these again later.";
        results.push({ email: parsed.data, outcome: "not_sent", reason: stopped });
      } else throw err;
    }
  }
  return results;
}
