/**
 * Runs before every request: gives dev mode the same D1 binding as the Worker, refuses cross-site writes (API, server
 * functions, form posts alike), hides the dev mailbox in production, and sets security headers.
 */
import { bookmarkCookie } from "./server/d1-session";
import { createMiddleware } from "@solidjs/start/middleware";
import type { FetchEvent } from "@solidjs/start/server";
import { checkOrigin, errorResponse, json } from "./server/api/http";
import { readEnv, type WorkerBindings } from "./server/env";
import { escapeHtml } from "./server/email/templates";
import { AppError, toAppError } from "./server/errors";
import { appContext } from "./server/context";
import { isolateRoundTrips, recordTripsWhenSent } from "./server/d1-metrics";
import { eventBindings } from "./server/event";
import { runInScope, type RequestScope } from "./server/request-scope";
import { guardServerFunctionRequest, isServerFunctionPath, routerPath } from "./server/server-fn-gate";
import { signInPath } from "./server/rpc";
import type { PageLocals } from "./server/rpc";
import { loadPage, pageKey } from "./server/pages/page";
import { matchPage } from "./server/pages/routes";
import { IMAGE_CSP } from "./server/images/store";
import { firstRunRedirect } from "./server/pages/welcome";
import { hasSessionCookie } from "./server/session";
import { welcomePath } from "./lib/profile-rules";

let devPlatform: Promise<{ env: WorkerBindings; ctx: unknown; cf: unknown }> | undefined;

async function attachDevPlatform(event: FetchEvent) {
  const context = event.nativeEvent.context as { cloudflare?: unknown };
  if (context.cloudflare) return;
  // vinxi dev has no Workers runtime: borrow wrangler's local bindings (same .wrangler/state database as `npm start`).
  devPlatform ??= import("wrangler").then(({ getPlatformProxy }) => getPlatformProxy<WorkerBindings>({ persist: true }) as never);
  const { env, ctx, cf } = await devPlatform;
  context.cloudflare = { env, context: ctx, cf };
}

function bindings(event: FetchEvent): WorkerBindings | undefined {
  return (event.nativeEvent.context as { cloudflare?: { env: WorkerBindings } }).cloudflare?.env;
}

/**
 * The Content-Security-Policy of every response: scripts only from our origin or carrying this request's nonce (no
 * 'unsafe-inline' scripts), no framing, no plugins, forms only to ourselves. Inline style attributes stay allowed.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

const protectedPages = /^\/(?:orgs|account|admin|welcome)(?:\/|$)/;
/** Pages that do not send a signed-out visitor to sign in: /admin answers 404 to everyone but site admins. */
const hiddenPages = /^\/admin(?:\/|$)/;
/** The invitation page works signed out; signed in, it too waits for the first-run step (the link is kept). */
const invitationPage = /^\/invite\/[^/]+\/?$/;

/**
 * The page answered when its data could not be read: plain HTML (the app cannot render without its data), with the
 * status of the failure and, for a passing one, Retry-After.
 */
function failedPage(err: AppError): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Something went wrong · CoRATES</title></head>
<body><main><h1>Something went wrong</h1><p>${escapeHtml(err.message)}</p><p><a href="">Try again</a></p></main></body></html>`;
  const headers: Record<string, string> = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" };
  if (err.retryAfterSeconds) headers["retry-after"] = String(err.retryAfterSeconds);
  return new Response(html, { status: err.status, headers });
}

function redirectTo(location: string): Response {
  return new Response(null, { status: 302, headers: { location, "cache-control": "no-store" } });
}

/**
 * "/" and signed-out visits to protected pages are answered here with a real 302, before any rendering: a redirect
 * decided while a page streams can no longer set headers. For a signed-in visit, the session, the header's workspaces
 * and the page's own data are read here in ONE batch (src/server/pages/), and kept for the page's server functions
 * (src/server/rpc.ts pageQuery), which hand them over without reading again.
 */
async function routePage(event: FetchEvent, path: string): Promise<Response | void> {
  const invitation = invitationPage.test(path);
  if (path !== "/" && !protectedPages.test(path) && !invitation) return;
  const { bindings, scope } = eventBindings(event);
  const ctx = appContext(bindings);
  const url = new URL(event.request.url);
  if (invitation && !(await runInScope(scope, () => hasSessionCookie(ctx, event.request.headers)))) return;
  const page = matchPage(path, url.searchParams);
  let loaded: Awaited<ReturnType<typeof loadPage>>;
  try {
    loaded = await runInScope(scope, () => loadPage(ctx, event.request.headers, page.loader, page.params, page.withOrgs));
  } catch (err) {
    // The page's one batch failed (D1 unavailable, say): an error page in the product's words, never the server's.
    return failedPage(toAppError(err));
  }
  const session = loaded?.session ?? null;
  Object.assign(event.locals, {
    session,
    viewerOrgs: loaded?.orgs,
    page: loaded ? { key: pageKey(page.loader, page.params), result: loaded.result } : undefined,
  } satisfies PageLocals);
  if (invitation) {
    // Signed out: the page offers sign-up and sign-in; signed in, its server query reuses this session read.
    if (session && !session.user.profileCompleted) return redirectTo(welcomePath(path));
    return;
  }
  if (!session && hiddenPages.test(path)) return;
  if (!session) return redirectTo(signInPath(path === "/" ? "/" : path + url.search));
  // The first-run step before anything else; the session row read here already says whether it is done (no trip).
  const welcome = firstRunRedirect(session, path, url.searchParams);
  if (welcome) return redirectTo(welcome);
  if (path === "/") return redirectTo("data" in loaded!.result ? (loaded!.result.data as string) : "/orgs/new");
}

/**
 * A last line behind the gate (src/server/server-fn-gate.ts): SolidStart answers an unknown function with an empty
 * 404, and a failure outside our functions' error handling with a 500 that may carry internals. Either way the
 * browser gets the product's error shape and nothing else.
 */
function sealServerFunctionAnswer(event: FetchEvent, response: { body?: unknown }): void {
  if ((event.locals as PageLocals).answeredWithPublicError) return;
  const answer = response.body instanceof Response ? response.body : null;
  const status = answer ? answer.status : (event.response.status ?? 200);
  const empty = answer ? answer.body === null : response.body == null;
  let error: AppError | null = null;
  if (status >= 500) error = new AppError("INTERNAL");
  else if (status === 404 && empty) error = new AppError("NOT_FOUND", "There is no such server function.");
  if (!error) return;
  event.response.headers.delete("x-error");
  event.response.headers.delete("x-serialized");
  event.response.status = error.status;
  response.body = json(error.toBody(), error.status);
}

export default createMiddleware({
  onRequest: async (event) => {
    (event.locals as { nonce?: string }).nonce = newNonce();
    if (import.meta.env.DEV) await attachDevPlatform(event);
    const env = bindings(event);
    if (!env) return;
    let appUrl: string;
    let devMailbox: boolean;
    try {
      ({ appUrl, devMailbox } = readEnv(env));
    } catch (err) {
      console.error((err as Error).message);
      return new Response("The server is not configured. See the logs.", { status: 500 });
    }
    const path = new URL(event.request.url).pathname;
    // Matched as the router matches, or /DEV/mailbox would render in production.
    if (!devMailbox && /^\/dev(?:\/|$)/.test(routerPath(path))) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
    if (isServerFunctionPath(path)) {
      try {
        await guardServerFunctionRequest(event.request, appUrl);
      } catch (err) {
        const refusal = errorResponse(toAppError(err));
        if (refusal.status === 405) refusal.headers.set("allow", "POST");
        return refusal;
      }
      return;
    }
    if (!path.startsWith("/api/")) {
      try {
        checkOrigin(event.request, appUrl);
      } catch (err) {
        return errorResponse(err as AppError);
      }
    }
    if (event.request.method === "GET") return routePage(event, path);
  },
  onBeforeResponse: (event, response) => {
    const h = event.response.headers;
    if (isServerFunctionPath(new URL(event.request.url).pathname)) sealServerFunctionAnswer(event, response);
    const env = bindings(event);
    h.set("x-content-type-options", "nosniff");
    h.set("referrer-policy", "strict-origin-when-cross-origin");
    h.set("x-frame-options", "DENY");
    const locals = event.locals as { nonce?: string; scope?: RequestScope };
    // A session extended while rendering (src/server/session.ts) re-issues its cookie with the new lifetime.
    for (const cookie of locals.scope?.setCookies?.splice(0) ?? []) h.append("set-cookie", cookie);
    // The newest D1 bookmark of the request (a page's reads, a server function's write), for the next request.
    const bookmark = bookmarkCookie(locals.scope, new URL(event.request.url).protocol === "https:");
    if (bookmark) h.append("set-cookie", bookmark);
    if (env?.D1_METRICS === "1") {
      if (locals.scope) h.set("x-d1-round-trips", String(locals.scope.d1RoundTrips ?? 0));
      h.set("x-d1-trips-total", String(isolateRoundTrips()));
      // The header misses what runs while the body is produced; the exact count is recorded when it ends.
      response.body = recordTripsWhenSent(event.request, () => locals.scope?.d1RoundTrips ?? 0, response.body);
    }
    const nonce = locals.nonce;
    // Vite's dev server injects inline scripts of its own; the policy applies to the built app (npm start, tests, prod).
    // An avatar or logo keeps its own, stricter policy (src/server/images/store.ts): it is never a document.
    const image = new URL(event.request.url).pathname.startsWith("/api/images/");
    if (nonce && !import.meta.env.DEV) h.set("content-security-policy", image ? IMAGE_CSP : contentSecurityPolicy(nonce));
    if (env && env.APP_ENV === "production") h.set("strict-transport-security", "max-age=31536000; includeSubDomains");
  },
});
