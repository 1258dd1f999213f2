/**
 * The page's <title> and the few <meta> tags a page adds, in place of @solidjs/meta (about 1.5 KB of gzip on every page,
 * issue 15). On the server the tags are rendered into the document head with the page's other assets; in the browser
 * the innermost <Title> that is still mounted names the tab, so a page's title replaces the app's default and comes
 * back when the page goes.
 */
import { createContext, createRenderEffect, onCleanup, useContext, type JSX } from "solid-js";
import * as web from "solid-js/web";
import { isServer, useAssets } from "solid-js/web";

// Marks a string as markup for the server renderer (plain strings are escaped). Not in the browser's type definitions.
const markup = (web as unknown as { ssr(template: string): JSX.Element }).ssr;

interface ServerHead {
  title: string;
  metas: Record<string, string>;
}

const HeadContext = createContext<ServerHead>();

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function HeadProvider(props: { children: JSX.Element }) {
  // The same component tree on both sides (the browser's provider holds nothing): hydration keys follow the tree.
  const head: ServerHead | undefined = isServer ? { title: "", metas: {} } : undefined;
  if (head) useAssets(() => markup(`<title>${esc(head.title)}</title>${Object.entries(head.metas).map(([name, content]) => `<meta name="${esc(name)}" content="${esc(content)}">`).join("")}`));
  return <HeadContext.Provider value={head}>{props.children}</HeadContext.Provider>;
}

/** Mounted titles, outermost first: the last one names the document. */
const titles: { text: string }[] = [];
// The title the server gave this document, read before the app hydrates.
const serverTitle = typeof document === "undefined" ? "" : document.title;

/**
 * Keeps the server's title while a part of the page that holds the page's <Title> is still server markup
 * (src/lib/take-over.tsx); call the answer when that part has its own title mounted, or is gone.
 */
export function holdServerTitle(): () => void {
  const entry = { text: serverTitle };
  titles.push(entry);
  showTitle();
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    titles.splice(titles.indexOf(entry), 1);
    showTitle();
  };
}
const showTitle = () => {
  const top = titles[titles.length - 1];
  if (top && document.title !== top.text) document.title = top.text;
};

/** The text of JSX children: strings, numbers, arrays and the getters Solid compiles expressions into. */
function textOf(value: unknown): string {
  if (typeof value === "function") return textOf(value());
  if (Array.isArray(value)) return value.map(textOf).join("");
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

export function Title(props: { children: JSX.Element }) {
  const text = () => textOf(props.children);
  const server = isServer ? useContext(HeadContext) : undefined;
  if (server) {
    // Rendered top-down, so the deepest title is set last and wins, as it does in the browser.
    server.title = text();
    return null;
  }
  const entry = { text: "" };
  titles.push(entry);
  createRenderEffect(() => {
    entry.text = text();
    showTitle();
  });
  onCleanup(() => {
    titles.splice(titles.indexOf(entry), 1);
    showTitle();
  });
  return null;
}

/** A <meta name content> for as long as the component is mounted (the server renders it into the first response). */
export function Meta(props: { name: string; content: string }) {
  const server = isServer ? useContext(HeadContext) : undefined;
  if (server) {
    server.metas[props.name] = props.content;
    return null;
  }
  const found = document.head.querySelector<HTMLMetaElement>(`meta[name="${CSS.escape(props.name)}"]`);
  const tag = found ?? document.head.appendChild(Object.assign(document.createElement("meta"), { name: props.name }));
  tag.content = props.content;
  if (!found) onCleanup(() => tag.remove());
  return null;
}
