/** Request parsing and response helpers shared by every API route. */
import { AppError } from "../errors";

const MAX_BODY_BYTES = 64 * 1024;

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  h.set("cache-control", "no-store");
  return new Response(JSON.stringify(data), { status, headers: h });
}

export function errorResponse(err: AppError): Response {
  const headers: Record<string, string> = {};
  if (err.retryAfterSeconds) headers["retry-after"] = String(err.retryAfterSeconds);
  return json(err.toBody(), err.status, headers);
}

/** Reads a JSON object body. Malformed JSON, another content type, arrays and oversize bodies are a 400. */
export async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
  return jsonBody(request, await readBodyText(request));
}

/** The body as text, capped (readCappedBytes); like request.text(), invalid UTF-8 becomes U+FFFD rather than an error. */
export async function readBodyText(request: Request): Promise<string> {
  return new TextDecoder().decode(await readCappedBytes(request));
}

/** The JSON object of a body already read as text (readBodyText): the rules of readJsonBody. */
export function jsonBody(request: Pick<Request, "headers">, raw: string): Record<string, unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (raw.trim() === "") return {};
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw AppError.validation({ body: "Send the body as application/json." });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw AppError.validation({ body: "The body is not valid JSON." });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw AppError.validation({ body: "The body must be a JSON object." });
  }
  const broken = brokenTextField(parsed, "");
  if (broken) throw AppError.validation({ [broken]: "This text contains a broken character. Type it again." });
  return parsed as Record<string, unknown>;
}

/**
 * The body's bytes, reading no more than `max`: a declared length over the cap is refused before reading, and a
 * stream that goes past it (a lying or absent Content-Length, or one that never ends) is cancelled there, so a client
 * cannot make the Worker buffer more than the cap. Pass `request.clone()` to leave the body for a later reader.
 */
export async function readCappedBytes(
  request: Pick<Request, "headers" | "body">,
  max = MAX_BODY_BYTES,
  tooLarge = () => AppError.validation({ body: "The body is too large." }),
): Promise<Uint8Array<ArrayBuffer>> {
  // Cancels are not awaited: on a cloned body, cancelling one branch settles only once the other is cancelled too.
  if (Number(request.headers.get("content-length") ?? 0) > max) {
    void request.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      void reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Half of a UTF-16 surrogate pair. JSON can carry one ("\ud800"), but D1 stores text as UTF-8, where it becomes U+FFFD:
 * the stored string would differ from the one we answered with, so such text is refused instead.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The top-level field holding a string (or key) with a lone surrogate, if any. */
function brokenTextField(value: unknown, field: string, depth = 0): string | null {
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? field || "body" : null;
  // Our bodies are flat; deeper nesting is refused by the schemas anyway.
  if (depth > 8 || typeof value !== "object" || value === null) return null;
  for (const [key, v] of Object.entries(value)) {
    if (LONE_SURROGATE.test(key)) return field || "body";
    const hit = brokenTextField(v, field || key, depth + 1);
    if (hit) return hit;
  }
  return null;
}

/**
 * Refuses state-changing requests that a browser sent from another site. Browsers send Origin on every cross-site
 * POST/PATCH/DELETE, and Sec-Fetch-Site where supported; a request carrying neither is not a browser's cross-site
 * request (no ambient cookies are at risk).
 */
export function checkOrigin(request: Request, appUrl: string): void {
  if (["GET", "HEAD", "OPTIONS"].includes(request.method)) return;
  const trusted = new URL(appUrl).origin;
  // Checked first and on its own: a browser's word that the request is cross-site outweighs any Origin it carries.
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new AppError("CSRF_REJECTED");
  const origin = request.headers.get("origin");
  if (origin) {
    if (origin !== trusted) throw new AppError("CSRF_REJECTED");
    return;
  }
  const referer = request.headers.get("referer");
  if (referer) {
    let refOrigin = "";
    try {
      refOrigin = new URL(referer).origin;
    } catch {
      /* unparsable referer counts as foreign */
    }
    if (refOrigin !== trusted) throw new AppError("CSRF_REJECTED");
  }
}
