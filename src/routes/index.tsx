import { A } from "@solidjs/router";
import { linkClass, NarrowPage } from "~/components/ui";

// "/" is answered by the middleware with a redirect (to the active org, /orgs/new, or sign in: src/middleware.ts).
// This page only shows if that could not happen, and then offers the ways forward itself.
export default function Home() {
  return (
    <NarrowPage title="Welcome to CoRATES">
      <p class="flex gap-4">
        <A href="/orgs/new" class={linkClass}>
          Create a workspace
        </A>
        <A href="/signin" class={linkClass}>
          Sign in
        </A>
      </p>
    </NarrowPage>
  );
}
