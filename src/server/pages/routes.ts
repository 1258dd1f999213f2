/**
 * Which loader serves a page address, with the parameters its server query will ask for (the same values the route
 * reads from its params and search params), so the middleware's read can be handed to the page as is.
 */
import { accountPage } from "./account";
import { activityPage } from "./activity";
import { adminPage } from "./admin";
import { homePage, viewerPage } from "./home";
import { membersPage } from "./members";
import type { PageLoader } from "./page";
import { newProjectPage, projectListPage, projectPage } from "./projects";
import { settingsPage } from "./settings";
import { welcomePage } from "./welcome";

export interface PageMatch {
  loader: PageLoader<any, unknown>;
  params: unknown;
  /** Whether the header's workspaces are read too (every page with the app's header). */
  withOrgs: boolean;
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The loader for a signed-in page; pages without data of their own still read the header's workspaces. */
export function matchPage(path: string, search: URLSearchParams): PageMatch {
  const get = (name: string) => search.get(name) ?? "";
  const page = (loader: PageLoader<any, unknown>, params: unknown): PageMatch => ({ loader, params, withOrgs: true });
  if (path === "/") return { loader: homePage, params: {}, withOrgs: false };
  if (path === "/account") return page(accountPage, {});
  if (path === "/admin" || path === "/admin/") return page(adminPage, { q: get("q"), cursor: get("cursor"), user: get("user"), org: get("org") });
  // The first-run step and the invitation page show no header: the session is all they read.
  if (path === "/welcome" || path === "/welcome/") return { loader: welcomePage, params: {}, withOrgs: false };
  if (path.startsWith("/invite/")) return { loader: viewerPage, params: {}, withOrgs: false };
  const parts = path.replace(/\/$/, "").split("/").slice(1).map(decode);
  if (parts[0] === "orgs" && parts[1] && parts[1] !== "new" && !parts.includes(null)) {
    const slug = parts[1];
    const [section, id, extra] = parts.slice(2) as string[];
    if (!section) return page(projectListPage, { slug, q: get("q"), cursor: get("cursor"), mine: get("mine") === "1" ? "1" : "", trail: get("trail") });
    if (section === "members" && !id) return page(membersPage, { slug, q: get("q"), cursor: get("cursor"), limit: get("limit"), trail: get("trail") });
    if (section === "settings" && !id) return page(settingsPage, { slug });
    if (section === "activity" && !id) return page(activityPage, { slug, cursor: get("cursor"), actor: get("actor"), action: get("action"), trail: get("trail") });
    if (section === "projects" && id === "new" && !extra) return page(newProjectPage, { slug });
    if (section === "projects" && id && !extra) return page(projectPage, { slug, projectId: id });
  }
  return page(viewerPage, {});
}
