/**
 * The start of every "use server" function: the same context, session and error type as the JSON API.
 * Cross-site calls were already refused by the middleware (origin check on every non-GET request).
 */
import { redirect } from "@solidjs/router";
import type { FetchEvent } from "@solidjs/start/server";
import { getRequestEvent } from "solid-js/web";
import { appContext, type AppContext } from "./context";
import { AppError, toAppError } from "./errors";
import { eventBindings } from "./event";
import { currentScope, runInScope } from "./request-scope";
import type { Org } from "./domain/orgs";
import { loadPage, pageKey, type LoadedPage, type PageLoader } from "./pages/page";
import { getSession, getSessionWithOrgs, type CurrentSession } from "./session";
import { welcomePath } from "~/lib/profile-rules";

/** What the middleware read for a page request, so the page's server functions need not read it again. */
export interface PageLocals {
  session?: CurrentSession | null;
  viewerOrgs?: Org[];
  /** The requested page's data, read with the session (src/server/pages/page.ts), under its loader's key. */
  page?: { key: string; result: LoadedPage<unknown>["result"] };
  /** Set when a server function's failure was already turned into a public error (src/middleware.ts leaves it be). */
  answeredWithPublicError?: boolean;
}

export interface RpcCall {
  ctx: AppContext;
  session: CurrentSession | null;
}

export function signInPath(next?: string): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? `/signin?next=${encodeURIComponent(next)}` : "/signin";
}

/** Runs fn in the request's scope with the app context; errors leave as public errors, redirects pass. */
async function withEvent<T>(fn: (ctx: AppContext, event: FetchEvent) => Promise<T>): Promise<T> {
  const event = getRequestEvent();
  if (!event) throw new Error("server function called outside a request");
  const { bindings, scope } = eventBindings(event);
  return runInScope(scope, async () => {
    try {
      return await fn(appContext(bindings), event);
    } catch (err) {
      // Redirects pass; our errors keep their code and words; anything else (SQL, bugs) is logged and never shown.
      if (err instanceof Response) throw err;
      throw publicError(err);
    }
  });
}

/** Runs fn with the app context and the caller's session (or null). */
export async function withRpc<T>(fn: (call: RpcCall) => Promise<T>): Promise<T> {
  return withEvent(async (ctx, event) => {
    // The middleware already read the session for page requests (src/middleware.ts routePage), and an actor resolved
    // earlier in this request carries it: reuse either.
    const locals = event.locals as PageLocals;
    const session = locals.session !== undefined ? locals.session : (currentScope()?.actor?.session ?? (await getSession(ctx, event.request.headers)));
    return fn({ ctx, session });
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

/**
 * A page's server query: during the server render, the data the middleware read with the session (no trip at all);
 * otherwise (the browser navigating, other parameters) the same loader with the session, in one round trip. A caller
 * without a session is sent to sign in and back to `returnTo`.
 */
export async function pageQuery<P, T>(loader: PageLoader<P, T>, params: P, returnTo: string, signedOut?: { answer: T }): Promise<T> {
  return withEvent(async (ctx, event) => {
    const locals = event.locals as PageLocals;
    const key = pageKey(loader, params);
    let result = locals.page?.key === key ? (locals.page.result as LoadedPage<T>["result"]) : undefined;
    if (!result) {
      // A page that must not show it exists (/admin) answers signed-out visitors like anyone else it refuses.
      if (locals.session === null && signedOut) return signedOut.answer;
      if (locals.session === null) throw redirect(signInPath(returnTo));
      const loaded = await loadPage(ctx, event.request.headers, loader, params, false);
      if (!loaded && signedOut) return signedOut.answer;
      if (!loaded) throw redirect(signInPath(returnTo));
      // A browser navigating before the first-run step is done goes there too, as a full page load would.
      if (!loaded.session.user.profileCompleted && loader.name !== "welcome") throw redirect(welcomePath(returnTo));
      result = loaded.result;
    }
    if ("error" in result) throw result.error;
    return result.data;
  });
}

/**
 * The signed-in person and their workspaces (the header): what the middleware read with the page, else one round
 * trip. Null when signed out, or a redirect to sign in and back to `returnTo` when one is given.
 */
export async function viewerRead(returnTo: string | null): Promise<{ user: CurrentSession["user"]; activeOrgId: string | null; orgs: Org[] } | null> {
  return withEvent(async (ctx, event) => {
    const locals = event.locals as PageLocals;
    let found = locals.session && locals.viewerOrgs ? { session: locals.session, orgs: locals.viewerOrgs } : null;
    if (!found && locals.session !== null) found = await getSessionWithOrgs(ctx, event.request.headers);
    if (!found) {
      if (returnTo !== null) throw redirect(signInPath(returnTo));
      return null;
    }
    return { user: found.session.user, activeOrgId: found.session.activeOrgId, orgs: found.orgs };
  });
}

/**
 * For server functions that read the session in their own batch (resolveOrgActor with extra statements): no separate
 * session read. Signed out (AUTH_REQUIRED) means a redirect to sign in and back to `returnTo`.
 */
export async function withCaller<T>(returnTo: string, fn: (ctx: AppContext, headers: Headers) => Promise<T>): Promise<T> {
  return withEvent(async (ctx, event) => {
    try {
      return await fn(ctx, event.request.headers);
    } catch (err) {
      if (err instanceof AppError && err.code === "AUTH_REQUIRED") throw redirect(signInPath(returnTo));
      throw err;
    }
  });
}
