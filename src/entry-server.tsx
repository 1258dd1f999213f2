// @refresh reload
import { createHandler, StartServer } from "@solidjs/start/server";
import { ErrorPage } from "./components/ErrorPage";
import { provideServerErrorPage } from "./components/LazyErrorPage";

// The browser loads the error page on use; the server renders it from here (see LazyErrorPage).
provideServerErrorPage(ErrorPage);

export default createHandler(
  () => (
  <StartServer
    document={({ assets, children, scripts }) => (
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="description" content="CoRATES workspaces: appraise studies together with your research team." />
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          {assets}
        </head>
        <body class="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
          <div id="app">{children}</div>
          {scripts}
        </body>
      </html>
    )}
  />
  ),
  // The per-request nonce from src/middleware.ts lets Solid's hydration scripts run under a CSP without 'unsafe-inline'.
  // "async" renders the whole page before sending it: a redirect decided by a data read (an expired session, a renamed
  // workspace) is then a real 302, not a script appended to a stream that has already sent its headers.
  (event) => ({ nonce: (event.locals as { nonce?: string }).nonce, mode: "async" }),
);
