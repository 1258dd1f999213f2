/**
 * Keyset pages with a way back: the URL keeps `cursor` (where this page starts) and `trail` (the cursors of the pages
 * before it, oldest first, comma-separated; the first page has none). "Previous" pops the trail, "Next" pushes the
 * current cursor; the page's position ("51–100 of 120") is the trail's length times the page size. The server never
 * trusts the trail: each cursor is decoded and checked when it is used. See docs/adr/0004-previous-page-cursor-trail.md.
 */

/** Beyond this many pages back, the oldest cursors are dropped (the URL stays short; "First page" still works). */
export const TRAIL_MAX = 40;

export interface PagePosition {
  cursor: string;
  trail: string[];
}

export function parseTrail(value: string | null | undefined): string[] {
  if (!value) return [];
  return value
    .split(",")
    .filter((c) => /^[A-Za-z0-9_-]{1,200}$/.test(c))
    .slice(-TRAIL_MAX);
}

/** Index (1-based) of the first row of this page. */
export function firstIndex(pos: PagePosition, limit: number): number {
  return (pos.trail.length + (pos.cursor ? 1 : 0)) * limit + 1;
}

export function nextPosition(pos: PagePosition, nextCursor: string): PagePosition {
  return { cursor: nextCursor, trail: pos.cursor ? [...pos.trail, pos.cursor].slice(-TRAIL_MAX) : [] };
}

export function previousPosition(pos: PagePosition): PagePosition | null {
  if (!pos.cursor) return null;
  return { cursor: pos.trail[pos.trail.length - 1] ?? "", trail: pos.trail.slice(0, -1) };
}

/** The query string parameters of a position ("" values left out by the callers' path builders). */
export function positionParams(pos: PagePosition): { cursor?: string; trail?: string } {
  return { cursor: pos.cursor || undefined, trail: pos.trail.length ? pos.trail.join(",") : undefined };
}
