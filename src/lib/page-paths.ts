/** The addresses of the paged workspace pages with their search and position: built alike in the browser and the server. */
import { positionParams, type PagePosition } from "./paging";

function withQuery(path: string, qs: URLSearchParams): string {
  const s = qs.toString();
  return `${path}${s ? `?${s}` : ""}`;
}

/** The project list's address with its search, "only mine" and page position. */
export function projectListPath(slug: string, params: { q?: string; mine?: boolean; pos?: PagePosition } = {}): string {
  const qs = new URLSearchParams();
  if (params.q) qs.set("q", params.q);
  if (params.mine) qs.set("mine", "1");
  for (const [k, v] of Object.entries(params.pos ? positionParams(params.pos) : {})) if (v) qs.set(k, v);
  return withQuery(`/orgs/${slug}`, qs);
}

export function membersPath(slug: string, params: { q?: string; cursor?: string; trail?: string; limit?: string } = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
  return withQuery(`/orgs/${slug}/members`, qs);
}

export function activityPath(slug: string, params: { actor?: string; action?: string; pos?: PagePosition } = {}): string {
  const qs = new URLSearchParams();
  if (params.actor) qs.set("actor", params.actor);
  if (params.action) qs.set("action", params.action);
  for (const [k, v] of Object.entries(params.pos ? positionParams(params.pos) : {})) if (v) qs.set(k, v);
  return withQuery(`/orgs/${slug}/activity`, qs);
}

export const settingsPath = (slug: string) => `/orgs/${slug}/settings`;
