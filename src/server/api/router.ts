/** A small method + path router for the JSON API, so every route is one line in routes.ts and easy to audit. */
import type { AppContext } from "../context";
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
