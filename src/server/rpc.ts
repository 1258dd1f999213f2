/**
 * The start of every "use server" function: the same context, session and error type as the JSON API.
 * Cross-site calls were already refused by the middleware (origin check on every non-GET request).
 */
import { redirect } from "@solidjs/router";
import { getRequestEvent } from "solid-js/web";
import { appContext, type AppContext } from "./context";
import { toAppError } from "./errors";
import { eventBindings } from "./event";
import { runInScope } from "./request-scope";
import type { Org } from "./domain/orgs";
import { getSession, type CurrentSession } from "./session";

/** What the middleware read for a page request, so the page's server functions need not read it again. */
export interface PageLocals {
  session?: CurrentSession | null;
  viewerOrgs?: Org[];
  /** Set when a server function's failure was already turned into a public error (src/middleware.ts leaves it be). */
  answeredWithPublicError?: boolean;
}

/** The header's org list if the middleware already read it with the session (one round trip for both). */
export function pageViewerOrgs(): Org[] | undefined {
  return (getRequestEvent()?.locals as PageLocals | undefined)?.viewerOrgs;
}

export interface RpcCall {
  ctx: AppContext;
  session: CurrentSession | null;
}

export function signInPath(next?: string): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? `/signin?next=${encodeURIComponent(next)}` : "/signin";
}

/** Runs fn with the app context and the caller's session (or null). */
export async function withRpc<T>(fn: (call: RpcCall) => Promise<T>): Promise<T> {
  const event = getRequestEvent();
  if (!event) throw new Error("server function called outside a request");
  const { bindings, scope } = eventBindings(event);
  return runInScope(scope, async () => {
    try {
      const ctx = appContext(bindings);
      // The middleware already read the session for page requests (src/middleware.ts routePage): reuse it.
      const locals = event.locals as PageLocals;
      const session = locals.session !== undefined ? locals.session : await getSession(ctx, event.request.headers);
      return await fn({ ctx, session });
    } catch (err) {
      // Redirects pass; our errors keep their code and words; anything else (SQL, bugs) is logged and never shown.
      if (err instanceof Response) throw err;
      throw publicError(err);
    }
  });
}

/**
 * The error a browser may see: code and message of an AppError, nothing else. SolidStart serializes every own property
 * of a thrown Error, the stack included, so the stack goes; the answer's status says what kind of refusal it was.
 */
export function publicError(err: unknown): Error {
  const e = toAppError(err);
  const out = Object.assign(new Error(e.message), { code: e.code });
  delete (out as { stack?: string }).stack;
  const event = getRequestEvent();
  if (event) {
    event.response.status = e.status;
    (event.locals as PageLocals).answeredWithPublicError = true;
  }
  return out;
}

/** Like withRpc, for pages that need a signed-in person: sends others to sign in and back to `returnTo`. */
export async function withUser<T>(returnTo: string | undefined, fn: (call: RpcCall & { session: CurrentSession }) => Promise<T>): Promise<T> {
  return withRpc(async (call) => {
    if (!call.session) throw redirect(signInPath(returnTo));
    return fn(call as RpcCall & { session: CurrentSession });
  });
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };

/** Turns domain errors into a result a form can show (field messages included); redirects pass through. */
export async function asResult<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof Response) throw err;
    const e = toAppError(err);
    return { ok: false, error: { code: e.code, message: e.message, fields: e.details?.fields as Record<string, string> | undefined } };
  }
}
