/**
 * Checks one real API answer against the OpenAPI description (src/server/api/openapi.ts): a 2xx must be the route's
 * documented status with a body its response schema parses (no body for 204, the documented media type for the docs
 * page); an error must have the Error shape, the status of its code, and a code the route documents. Parsing is not
 * strict: extra fields pass, missing or mistyped ones do not. Used by tests/openapi.test.ts for one request per route,
 * and by tests/setup-openapi.ts for every request of every test that registers it.
 */
import { ErrorSchema } from "~/lib/api-schemas";
import { routeErrors } from "~/server/api/openapi";
import { compile, match, type Route } from "~/server/api/router";
import { routes } from "~/server/api/routes/index";
import { errorStatus } from "~/server/errors";
import type { ApiResponse } from "./harness";

const compiled = compile(routes);
export const routeKey = (r: Pick<Route, "method" | "path">) => `${r.method} ${r.path}`;

export interface Checked {
  /** The matched route, when there is one (not for /api/auth/*, unknown paths and wrong methods). */
  route?: Route;
  /** What does not match the description; null when the answer is as described. */
  problem: string | null;
}

export function checkAnswer(method: string, path: string, res: ApiResponse): Checked {
  const pathname = new URL(path, "http://x").pathname;
  // Better Auth's own API is not described here.
  if (pathname.startsWith("/api/auth/")) return { problem: null };
  const where = `${method} ${path} -> ${res.status} ${String(JSON.stringify(res.body)).slice(0, 300)}`;
  const found = match(compiled, method, pathname);
  const route = found && found !== "method" ? found.route : undefined;

  if (res.status >= 200 && res.status < 300) {
    if (!route) return { problem: `${where}: a success from no described route` };
    if (res.status !== (route.status ?? 200)) return { route, problem: `${where}: documented status is ${route.status ?? 200}` };
    if (route.contentType) {
      const type = res.headers.get("content-type") ?? "";
      // "image/*" documents an answer whose type is one of several (the image route's stored type).
      const documented = route.contentType.endsWith("/*") ? route.contentType.slice(0, -1) : route.contentType;
      return { route, problem: type.startsWith(documented) ? null : `${where}: content-type ${type}, documented ${route.contentType}` };
    }
    if (route.response) {
      const parsed = route.response.safeParse(res.body);
      return { route, problem: parsed.success ? null : `${where}\ndoes not match the response schema of ${routeKey(route)}: ${JSON.stringify(parsed.error.issues)}` };
    }
    return { route, problem: res.body === null ? null : `${where}: documented without a body` };
  }

  const parsed = ErrorSchema.safeParse(res.body);
  if (!parsed.success) return { route, problem: `${where}\nis not the Error shape: ${JSON.stringify(parsed.error.issues)}` };
  const code = parsed.data.error.code;
  const expected = errorStatus[code];
  if (res.status !== expected) return { route, problem: `${where}: ${code} answers ${expected}` };
  if (route && !routeErrors(route).includes(code)) return { route, problem: `${where}: ${code} is not documented for ${routeKey(route)} (add it to the route's errors)` };
  return { route, problem: null };
}
