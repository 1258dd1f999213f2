/**
 * A route's `preload` runs on link hover and before navigation. Importing its server query at the top of the route
 * file put every route's query references into the chunk every page loads (the router imports each route's `route`
 * export eagerly); importing the query module when the preload runs keeps that chunk small (issue 15). The page's own
 * createAsync reports failures, so the preload's copy of the result is dropped.
 */
export function preloadWith<M>(load: () => Promise<M>, run: (module: M) => unknown): void {
  load()
    .then(run)
    .catch(() => {});
}
