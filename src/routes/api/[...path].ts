// Every /api request goes to one framework-free handler (src/server/api/handler.ts).
import type { APIEvent } from "@solidjs/start/server";
import { handleApi } from "~/server/api/handler";
import { eventBindings } from "~/server/event";

function handle(event: APIEvent) {
  const { bindings, scope } = eventBindings(event);
  return handleApi(event.request, bindings, scope);
}

export const GET = handle;
export const POST = handle;
export const PATCH = handle;
export const PUT = handle;
export const DELETE = handle;
export const OPTIONS = handle;
