/**
 * `query()` for server functions, always called with POST. The router prefers a server function's GET variant for
 * queries (arguments in the URL), but the server refuses every method but POST at /_server, because a GET can be sent
 * by any site with the person's cookies (docs/adr/0001-server-function-door.md). A plain wrapper has no GET variant.
 */
import { query } from "@solidjs/router";

export function serverQuery<T extends (...args: any[]) => Promise<any>>(fn: T, name: string) {
  return query(((...args: Parameters<T>) => fn(...args)) as T, name);
}
