/**
 * A route's `preload` runs on link hover and before navigation. Importing its server query at the top of the route
 * file put every route's query references into the chunk every page loads (the router imports each route's `route`
 * export eagerly); importing the query module when the preload runs keeps that chunk small (issue 15).
 *
 * The arguments are taken when the preload runs, not when the module has loaded: by then the router's params may
 * already belong to another page. The page's own createAsync reports failures, so the preload's copy is dropped.
 */
export function preloadWith<M, A extends unknown[]>(load: () => Promise<M>, pick: (module: M) => (...args: A) => unknown, ...args: A): void {
  load()
    .then((m) => pick(m)(...args))
    .catch(() => {});
}
