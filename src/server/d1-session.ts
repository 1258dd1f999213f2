/**
 * D1 read replication through the Sessions API (issue 12, docs/scaling.md). With D1_SESSIONS=1 each request opens a
 * D1 session: its reads may go to a nearby replica, yet never to one older than the person's last read or write. The
 * person's newest bookmark travels in a cookie and starts their next request's session, so a person always reads
 * their own writes, from any page or tab of the browser. Without a bookmark (a first visit) a session starts at any
 * replica ("first-unconstrained"). Every D1 call of the request, ours and Better Auth's, goes through the session:
 * the app's one drizzle instance sits on sessionAwareD1(), which picks the request's session from its scope.
 */
import type { WorkerBindings } from "./env";
import { currentScope, type RequestScope } from "./request-scope";

const COOKIE = "corates_d1_bookmark";
/** D1's bookmarks are hex groups joined by dashes; anything else in the cookie is ignored, never passed on. */
const BOOKMARK = /^[0-9a-f]{1,64}(?:-[0-9a-f]{1,64}){0,15}$/i;
/** A bookmark only has to outlive the replication lag; a day is plenty, and the cookie ends with the browser session otherwise. */
const MAX_AGE_S = 24 * 60 * 60;

/** The D1 binding as the app uses it: each call goes to the current request's session when it has one. */
export function sessionAwareD1(d1: D1Database): D1Database {
  return new Proxy(d1, {
    get(target, key) {
      if (key === "prepare" || key === "batch") {
        return (...args: unknown[]) => {
          const session = currentScope()?.d1Session;
          const on = (session ?? target) as unknown as Record<string, (...a: unknown[]) => unknown>;
          return on[key as string]!(...args);
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function bookmarkIn(headers: Headers): string | undefined {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === COOKIE) {
      const value = rest.join("=");
      return BOOKMARK.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** Opens the request's D1 session from the person's bookmark (D1_SESSIONS=1 only). */
export function openD1Session(bindings: WorkerBindings, headers: Headers, scope: RequestScope): void {
  if (bindings.D1_SESSIONS !== "1" || typeof bindings.DB.withSession !== "function") return;
  const bookmark = bookmarkIn(headers);
  try {
    scope.d1Session = bindings.DB.withSession(bookmark ?? "first-unconstrained");
    scope.d1BookmarkIn = bookmark;
  } catch {
    // A bookmark D1 does not accept (from another database, say): start afresh rather than fail the request.
    scope.d1Session = bindings.DB.withSession("first-unconstrained");
  }
}

/** The Set-Cookie that carries the request's newest bookmark to the next one, when it moved. */
export function bookmarkCookie(scope: RequestScope | undefined, secure: boolean): string | undefined {
  const now = scope?.d1Session?.getBookmark();
  if (!now || now === scope?.d1BookmarkIn || !BOOKMARK.test(now)) return undefined;
  return `${COOKIE}=${now}; Path=/; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
