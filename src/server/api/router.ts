/** A small method + path router for the JSON API, so every route is one line in routes.ts and easy to audit. */
import type { ZodType } from "zod";
import type { AppContext } from "../context";
import type { ErrorCode } from "../errors";
import type { CurrentSession } from "../session";

export interface ApiRequest {
  ctx: AppContext;
  request: Request;
  url: URL;
  params: Record<string, string>;
  /** The caller's session; throws AUTH_REQUIRED when there is none. */
  session(): Promise<CurrentSession>;
  body(): Promise<Record<string, unknown>>;
  query(): Record<string, string>;
}

export type ApiHandler = (req: ApiRequest) => Promise<Response>;

export interface Route {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  /** Public routes need no session; everything else does. */
  public?: boolean;
  handler: ApiHandler;
  // Description only (src/server/api/openapi.ts): none of these change what the handler does. body and query are the
  // very schemas the handler's domain call parses with; response is checked against real answers in tests/openapi.test.ts.
  /** One line for the API docs. */
  summary?: string;
  /** The JSON body's schema (src/lib/schemas.ts). */
  body?: ZodType;
  /** A body that is not JSON but raw bytes (an image upload): its accepted media types and size cap. */
  rawBody?: { mediaTypes: string[]; maxBytes: number; description: string };
  /** The query string's schema, an object of optional fields. */
  query?: ZodType;
  /** The success body's schema (src/lib/api-schemas.ts); absent for 204 No Content. */
  response?: ZodType;
  /** The success body's media type when it is not JSON (the docs page's text/html); response is then unused. */
  contentType?: string;
  /** The success status; 200 when absent. */
  status?: number;
  /** Error codes this route answers beyond the ones every route of its kind can (see routeErrors in openapi.ts). */
  errors?: ErrorCode[];
  /**
   * A write that a blind retry would repeat (a create, a resend): it honours an Idempotency-Key header
   * (src/server/writes/idempotency.ts). This one does change what the handler does.
   */
  idempotent?: boolean;
}

interface Compiled extends Route {
  regex: RegExp;
  keys: string[];
}

export function compile(routes: Route[]): Compiled[] {
  return routes.map((r) => {
    const keys: string[] = [];
    const pattern = r.path.replace(/:([A-Za-z]+)/g, (_, k: string) => {
      keys.push(k);
      return "([^/]+)";
    });
    return { ...r, regex: new RegExp(`^${pattern}/?$`), keys };
  });
}

export function match(routes: Compiled[], method: string, pathname: string): { route: Compiled; params: Record<string, string> } | "method" | null {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.regex.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => {
      try {
        params[k] = decodeURIComponent(m[i + 1]!);
      } catch {
        params[k] = "";
      }
    });
    return { route: r, params };
  }
  return pathMatched ? "method" : null;
}

/** The methods a path answers, for the Allow header of a 405. */
export function allowedMethods(routes: Compiled[], pathname: string): string[] {
  return [...new Set(routes.filter((r) => r.regex.test(pathname)).map((r) => r.method))];
}
