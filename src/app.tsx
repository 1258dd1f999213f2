import { MetaProvider, Title } from "@solidjs/meta";
import { Router } from "@solidjs/router";
import { FileRoutes } from "@solidjs/start/router";
import { ErrorBoundary, Suspense } from "solid-js";
import { ErrorPage } from "./components/ErrorPage";
import { RouteProgress } from "./components/RouteProgress";
import { Toaster } from "./components/Toaster";
import "./app.css";

export default function App() {
  return (
    <Router
      root={(props) => (
        <MetaProvider>
          <Title>CoRATES</Title>
          <RouteProgress />
          <ErrorBoundary fallback={(error, reset) => <ErrorPage error={error} reset={reset} />}>
            <Suspense>{props.children}</Suspense>
          </ErrorBoundary>
          <Toaster />
        </MetaProvider>
      )}
    >
      <FileRoutes />
    </Router>
  );
}
