/**
 * The entry of every /api request, framework-free so tests can call it with a Request and real bindings.
 * Order: configuration, cross-site check, Better Auth, our routes; every failure becomes the documented error shape.
 */
import { correctedAuthAnswer } from "../auth-passkey";
import { appContext, type AppContext } from "../context";
import { tripsAnswer } from "../d1-metrics";
import { bookmarkCookie, openD1Session } from "../d1-session";
import { ConfigError, type WorkerBindings } from "../env";
import { AppError, toAppError } from "../errors";
import { currentScope, runInScope, type RequestScope } from "../request-scope";
import { hasSessionCookie, requireSession, type CurrentSession } from "../session";
import { claimOf } from "../writes/idempotency";
import { checkOrigin, errorResponse, jsonBody, readBodyText, readJsonBody } from "./http";
import { allowedMethods, compile, match } from "./router";
import { routes } from "./routes/index";

const compiled = compile(routes);

export async function handleApi(request: Request, bindings: WorkerBindings, scope: RequestScope): Promise<Response> {
  // The actor and the key belong to one request; a caller that hands in the same scope for several (tests) must not
  // carry them over.
  scope.actor = undefined;
  scope.idempotency = undefined;
  scope.d1Session = undefined;
  openD1Session(bindings, request.headers, scope);
  const response = await runInScope(scope, () => route(request, bindings));
  const bookmark = bookmarkCookie(scope, new URL(request.url).protocol === "https:");
  if (bookmark) (scope.setCookies ??= []).push(bookmark);
  if (wasReplayed(scope)) response.headers.set("idempotent-replayed", "true");
  for (const cookie of scope.setCookies?.splice(0) ?? []) {
    try {
      response.headers.append("set-cookie", cookie);
    } catch {
      /* immutable headers: the session is extended in the database all the same */
    }
  }
  if (bindings.D1_METRICS === "1" && !response.headers.has("x-d1-round-trips")) {
    try {
      response.headers.set("x-d1-round-trips", String(scope.d1RoundTrips ?? 0));
    } catch {
      /* immutable headers (a fetched response passed through): the count is only a benchmark aid */
    }
  }
  return response;
}

/** Whether the request's answer was replayed from its Idempotency-Key (set while the request ran). */
function wasReplayed(scope: RequestScope): boolean {
  return scope.idempotency?.replayed === true;
}

async function route(request: Request, bindings: WorkerBindings): Promise<Response> {
  let ctx: AppContext;
  try {
    ctx = appContext(bindings);
  } catch (err) {
    if (err instanceof ConfigError) console.error(err.message);
    return errorResponse(toAppError(err));
  }
  const url = new URL(request.url);
  const trips = tripsAnswer(url, bindings.D1_METRICS === "1", ctx.env.devMailbox);
  if (trips) return trips;
  try {
    checkOrigin(request, ctx.env.appUrl);
    if (url.pathname.startsWith("/api/auth/")) return await correctedAuthAnswer(url.pathname, await ctx.auth.handler(request));

    const found = match(compiled, request.method, url.pathname);
    if (!found) throw new AppError("NOT_FOUND", "There is no such API route.");
    if (found === "method") {
      const refusal = errorResponse(new AppError("METHOD_NOT_ALLOWED", "This route does not accept that method."));
      refusal.headers.set("allow", allowedMethods(compiled, url.pathname).join(", "));
      return refusal;
    }

    let cached: Promise<CurrentSession> | undefined;
    // A route that resolved its actor (session included) in its own batch has the session on the request scope already.
    const session = () => (cached ??= Promise.resolve(currentScope()?.actor?.session ?? requireSession(ctx, request.headers)));
    // Signed out is refused before anything else, without a round trip: the session row is read with the route's data.
    if (!found.route.public && !(await hasSessionCookie(ctx, request.headers))) throw new AppError("AUTH_REQUIRED");
    // A create route with an Idempotency-Key: the body is read here, once, to fingerprint the request.
    let body = () => readJsonBody(request);
    if (found.route.idempotent && request.headers.has("idempotency-key")) {
      const text = await readBodyText(request);
      const scope = currentScope();
      if (scope) scope.idempotency = await claimOf(request, text);
      body = async () => jsonBody(request, text);
    }
    return await found.route.handler({
      ctx,
      request,
      url,
      params: found.params,
      session,
      body,
      query: () => Object.fromEntries(url.searchParams),
    });
  } catch (err) {
    return errorResponse(toAppError(err));
  }
}
