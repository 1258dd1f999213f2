/**
 * The API's description: GET /api/openapi.json (OpenAPI 3.1, built from the route list) and GET /api/docs, the same
 * document rendered on the server into plain HTML. No script and nothing external: the CSP forbids inline scripts and
 * nothing outside the app can load here. Every value that reaches the page goes through escapeHtml.
 */
import { OpenApiDocumentSchema } from "~/lib/api-schemas";
import { escapeHtml } from "../../email/templates";
import { buildOpenApi, type OpenApiDocument, type OpenApiOperation } from "../openapi";
import { json } from "../http";
import type { Route } from "../router";

/** `all` returns the complete route list (this file's routes included), read when the first request comes. */
export function docsRoutes(all: () => Route[]): Route[] {
  let doc: OpenApiDocument | undefined;
  const document = () => (doc ??= buildOpenApi(all()));
  return [
    {
      method: "GET",
      path: "/api/openapi.json",
      public: true,
      summary: "This API's OpenAPI 3.1 description",
      response: OpenApiDocumentSchema,
      handler: async () => json(document()),
    },
    {
      method: "GET",
      path: "/api/docs",
      public: true,
      summary: "This API's description as an HTML page",
      contentType: "text/html",
      handler: async () =>
        new Response(renderDocs(document()), {
          headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
        }),
    },
  ];
}

const e = escapeHtml;

/** A schema as indented JSON, with its component $refs turned into links to their section below. */
function schemaBlock(schema: unknown): string {
  const text = e(JSON.stringify(schema, null, 2));
  return `<pre>${text.replace(/&quot;#\/components\/schemas\/([A-Za-z0-9]+)&quot;/g, (_, id: string) => `&quot;<a href="#schema-${id}">#/components/schemas/${id}</a>&quot;`)}</pre>`;
}

function refLink(schema: unknown): string {
  const r = (schema as { $ref?: string }).$ref;
  if (r?.startsWith("#/components/schemas/")) {
    const id = r.slice("#/components/schemas/".length);
    return `<a href="#schema-${e(id)}">${e(id)}</a>`;
  }
  return schemaBlock(schema);
}

function renderOperation(method: string, path: string, op: OpenApiOperation): string {
  const anchor = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-");
  const params = op.parameters.length
    ? `<h4>Parameters</h4><table><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Required</th><th scope="col">Schema</th></tr></thead><tbody>${op.parameters
        .map(
          (p) =>
            `<tr><td><code>${e(p.name)}</code></td><td>${e(p.in)}</td><td>${p.required ? "yes" : "no"}</td><td><code>${e(JSON.stringify(p.schema))}</code>${p.description ? ` ${e(p.description)}` : ""}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : "";
  // JSON everywhere but the image uploads, whose body is the picture's bytes in one of several media types.
  const media = Object.entries(op.requestBody?.content ?? {});
  const body = op.requestBody
    ? `<h4>Request body (${e(media.map(([type]) => type).join(", "))}${op.requestBody.required ? ", required" : ""})</h4>${op.requestBody.description ? `<p>${e(op.requestBody.description)}</p>` : ""}${schemaBlock(media[0]![1].schema)}`
    : "";
  const responses = Object.entries(op.responses)
    .map(([status, r]) => {
      const [type, media] = Object.entries(r.content ?? {})[0] ?? [];
      const schema = type === "application/json" ? media?.schema : undefined;
      return `<li><strong>${e(status)}</strong> ${e(r.description)}${schema ? ` — ${refLink(schema)}` : type ? ` (${e(type)})` : ""}</li>`;
    })
    .join("");
  return `<section id="${e(anchor)}" aria-labelledby="${e(anchor)}-h">
<h3 id="${e(anchor)}-h"><span class="method ${e(method)}">${e(method.toUpperCase())}</span> <code>${e(path)}</code></h3>
<p>${e(op.summary)}</p>
<p class="auth">Authentication: ${op.security.length ? "session cookie (<code>cookieAuth</code>)" : "none (public)"}</p>
${params}${body}<h4>Responses</h4><ul>${responses}</ul>
</section>`;
}

export function renderDocs(doc: OpenApiDocument): string {
  const ops: { method: string; path: string; op: OpenApiOperation }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) if (op) ops.push({ method, path, op });
  }
  const byTag = doc.tags.map((t) => ({ tag: t.name, ops: ops.filter((o) => o.op.tags[0] === t.name) }));
  const toc = byTag
    .map(
      ({ tag, ops: list }) =>
        `<li>${e(tag)}<ul>${list.map(({ method, path, op }) => `<li><a href="#${e(`${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-"))}">${e(method.toUpperCase())} ${e(path)}</a> ${e(op.summary)}</li>`).join("")}</ul></li>`,
    )
    .join("");
  const sections = byTag.map(({ tag, ops: list }) => `<h2>${e(tag)}</h2>${list.map(({ method, path, op }) => renderOperation(method, path, op)).join("")}`).join("");
  const schemas = Object.entries(doc.components.schemas)
    .map(([id, s]) => `<section id="schema-${e(id)}"><h3>${e(id)}</h3>${schemaBlock(s)}</section>`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(doc.info.title)} ${e(doc.info.version)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#111;background:#fff}
pre{background:#f4f4f5;padding:.75rem;overflow:auto;font-size:14px}code{font-size:14px}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
section{border-top:1px solid #ddd;margin-top:1.5rem}.method{font-family:monospace;padding:0 .3rem;border-radius:3px;background:#e0e7ff;color:#1e3a8a}
.method.post{background:#dcfce7;color:#14532d}.method.patch{background:#fef9c3;color:#713f12}.method.delete{background:#fee2e2;color:#7f1d1d}
a{color:#1d4ed8}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}pre{background:#222}a{color:#93c5fd}td,th{border-color:#444}}
</style></head>
<body><main>
<h1>${e(doc.info.title)} <small>${e(doc.info.version)}</small></h1>
<p>${e(doc.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${e(doc.openapi)}). Errors: every error answers the <a href="#schema-Error">Error</a> shape.</p>
<nav aria-label="Routes"><h2>Routes</h2><ul>${toc}</ul></nav>
${sections}
<h2>Schemas</h2>${schemas}
</main></body></html>`;
}
