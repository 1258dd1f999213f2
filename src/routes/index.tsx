import { createAsync, type RouteDefinition } from "@solidjs/router";
import { routeHome } from "~/rpc/viewer";

export const route = { preload: () => routeHome() } satisfies RouteDefinition;

// "/" has nothing of its own to show: routeHome always redirects (to the org, to /orgs/new, or to sign in).
export default function Home() {
  // deferStream: hold the response until routeHome has decided, so its redirect is a real 302 (thrown after the page
  // started streaming, it can no longer set headers and the page hangs on "Opening your workspace…").
  createAsync(() => routeHome(), { deferStream: true });
  return <p class="p-8 text-center text-slate-500">Opening your workspace…</p>;
}
