// Every /api request goes to one framework-free handler (src/server/api/handler.ts).
import type { APIEvent } from "@solidjs/start/server";
import { handleApi } from "~/server/api/handler";
import { eventBindings } from "~/server/event";

/**
 * The request as the client sent it. Nitro's Worker entry forwards a body only for POST, PUT and PATCH, and a DELETE
 * with a body (DELETE /api/me carries the typed confirmation) would then wait for one that never comes; the Worker's
 * own request still holds it, unread. In `vinxi dev` there is no Worker request and the event's is whole.
 */
function clientRequest(event: APIEvent): Request {
  if (event.request.method !== "DELETE") return event.request;
  const original = (event.nativeEvent.context as { cloudflare?: { request?: Request } }).cloudflare?.request;
  return original && original.method === "DELETE" && !original.bodyUsed ? original : event.request;
}

function handle(event: APIEvent) {
  const { bindings, scope } = eventBindings(event);
  return handleApi(clientRequest(event), bindings, scope);
}

export const GET = handle;
export const POST = handle;
export const PATCH = handle;
export const PUT = handle;
export const DELETE = handle;
export const OPTIONS = handle;
