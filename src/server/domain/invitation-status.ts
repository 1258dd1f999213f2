/**
 * The one place where stored invitation states meet the API's words. The database holds the seed's (Better Auth's)
 * values, pending, accepted, rejected and canceled, so CoRATES data needs no translation; the API and the pages keep
 * presenting declined and cancelled (PRODUCT.md section 6), and "expired" is derived from the expiry.
 */
import type { invitationStatuses } from "~/db/schema";

export type StoredInvitationStatus = (typeof invitationStatuses)[number];
export type InvitationStatus = "pending" | "expired" | "accepted" | "declined" | "cancelled";

/** What a write stores when the invitee declines, and when an admin cancels. */
export const DECLINED: StoredInvitationStatus = "rejected";
export const CANCELLED: StoredInvitationStatus = "canceled";

const presented: Record<StoredInvitationStatus, InvitationStatus> = {
  pending: "pending",
  accepted: "accepted",
  rejected: "declined",
  canceled: "cancelled",
};

/** The API's state of a stored invitation: a pending row past its expiry is expired. */
export function presentStatus(status: StoredInvitationStatus, expiresAt: Date, now = new Date()): InvitationStatus {
  return status === "pending" && expiresAt.getTime() <= now.getTime() ? "expired" : presented[status];
}
