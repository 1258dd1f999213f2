/**
 * Opaque keyset cursors: base64url of the JSON sort key of the last row of a page. A cursor says where to resume, not
 * what to show: every read still applies the caller's own filters and permissions, so a forged cursor reveals nothing.
 */
import { z } from "zod";
import { AppError } from "../errors";

const badCursor = () => AppError.validation({ cursor: "This page link is no longer valid. Start from the first page." });

export function encodeCursor(key: readonly (string | number)[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The sort key in `cursor`, checked against `shape`; undefined for the first page; VALIDATION_FAILED when garbled. */
export function decodeCursor<S extends z.ZodType>(cursor: string | undefined, shape: S): z.output<S> | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
  let parsed: unknown;
  try {
    const bin = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  } catch {
    throw badCursor();
  }
  const result = shape.safeParse(parsed);
  if (!result.success) throw badCursor();
  return result.data;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Reads are asked for limit + 1 rows: the extra one only says whether another page exists. */
export function toPage<R, T>(rows: R[], limit: number, item: (row: R) => T, key: (row: R) => (string | number)[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(item), nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
}
