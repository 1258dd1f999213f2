import { HeadProvider, Title } from "./components/Head";
import { Router } from "@solidjs/router";
import { FileRoutes } from "@solidjs/start/router";
import { ErrorBoundary, onMount, Suspense } from "solid-js";
import { LazyErrorPage } from "./components/LazyErrorPage";
import { RouteProgress } from "./components/RouteProgress";
import { Toaster } from "./components/Toaster";
import "./app.css";

export default function App() {
  // Marks the document once the app has hydrated: end-to-end tests wait for it before typing into a page.
  onMount(() => document.documentElement.setAttribute("data-hydrated", ""));
  return (
    <Router
      root={(props) => (
        <HeadProvider>
          <Title>CoRATES</Title>
          <RouteProgress />
          <ErrorBoundary fallback={(error, reset) => <LazyErrorPage error={error} reset={reset} />}>
            <Suspense>{props.children}</Suspense>
          </ErrorBoundary>
          <Toaster />
        </HeadProvider>
      )}
    >
      <FileRoutes />
    </Router>
  );
}
