/**
 * What the app says in the same words wherever it happens. In the chunk group "brand" (app.config.ts), which every
 * page loads, so using it here or there adds no download.
 */

/** Nothing came back: the browser is offline, the server could not be reached, or code could not be downloaded. */
export const UNREACHABLE = "We couldn't reach the server. Check your connection and try again.";
