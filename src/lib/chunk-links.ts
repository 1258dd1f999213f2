/**
 * Parts of a page that are chunks of their own (lazy()) but can be on screen when the page first shows: the code step
 * of /signin, the passkey button, the error page. When the server renders one, the page's HTML must link its chunk,
 * so the browser fetches it with the page instead of discovering it while hydrating, and the page's weight (issue 15,
 * tests/built/page-weights.test.ts) counts it. In the browser these are plain lazy() components.
 */
import { createComponent, createContext, lazy, useContext, type Component } from "solid-js";
import * as web from "solid-js/web";
import { isServer, useAssets } from "solid-js/web";

// Marks a string as markup for the server renderer (plain strings are escaped). Not in the browser's type definitions.
const markup = (web as unknown as { ssr(template: string): unknown }).ssr;

type Asset = { attrs: { rel?: string; href?: string } };
type ClientInputs = Record<string, { assets(): Asset[] | Promise<Asset[]> }>;

/**
 * True inside a part of the page the browser takes over on use (src/lib/take-over.tsx): its chunks are not fetched
 * with the page, so nothing in it is linked.
 */
export const NotLinked = createContext(false);

/**
 * While the server renders: links `source` (a module's path from the project root, as the client build's manifest
 * names it) and the chunks it imports as module preloads in the page's head. Production builds only: the
 * development server has no chunks.
 */
export function linkChunk(source: string): void {
  if (!isServer || !import.meta.env.PROD || useContext(NotLinked)) return;
  const inputs = (import.meta.env.MANIFEST as unknown as { client: { inputs: ClientInputs } }).client.inputs;
  let tags = "";
  const write = (assets: Asset[]) => {
    const scripts = assets.filter((a) => a.attrs.rel === "modulepreload" && a.attrs.href);
    // A wrong path would silently link nothing and the page would be lighter than the truth: fail loudly instead.
    if (!scripts.length) throw new Error(`linkChunk: the client build has no chunk for ${source}`);
    tags = scripts.map((a) => `<link rel="modulepreload" href="${a.attrs.href}">`).join("");
  };
  const assets = inputs[source]!.assets();
  if (Array.isArray(assets)) write(assets);
  else void assets.then(write);
  useAssets(() => markup(tags) as never);
}

/** lazy(), and the server links the chunk of every page it renders the component on. */
export function linkedLazy<P extends object>(load: () => Promise<{ default: Component<P> }>, source: string): Component<P> {
  const Lazy = lazy(load);
  return (props: P) => {
    linkChunk(source);
    return createComponent(Lazy, props);
  };
}

/** linkChunk as a component, for a lazy component that knows best when it shows anything. Renders nothing. */
export function LinkChunk(props: { source: string }) {
  linkChunk(props.source);
  return null;
}
