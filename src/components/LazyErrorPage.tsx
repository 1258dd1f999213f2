/**
 * The error page, shown only when a page fails. In the browser it is a chunk of its own (with it went the form
 * controls, logo and icons it draws: about 2.5 KB of gzip off the chunk every page loads, issue 15), fetched when a
 * page fails there, or linked by the HTML of a page the server rendered with it.
 *
 * The server renders it from the component src/entry-server.tsx hands over at start: an error boundary renders its
 * fallback once, at once, so the server cannot wait for a chunk there.
 */
import { createComponent, lazy, type Component } from "solid-js";
import { isServer } from "solid-js/web";
import { linkChunk } from "~/lib/chunk-links";

type Props = { error: unknown; reset: () => void };

let serverPage: Component<Props> | undefined;

/** Called once by src/entry-server.tsx, which imports the error page itself (the browser never loads that module). */
export function provideServerErrorPage(page: Component<Props>): void {
  serverPage = page;
}

const InBrowser = lazy(() => import("./ErrorPage").then((m) => ({ default: m.ErrorPage })));

export function LazyErrorPage(props: Props) {
  if (!isServer) return createComponent(InBrowser, props);
  linkChunk("src/components/ErrorPage.tsx");
  return createComponent(serverPage!, props);
}
