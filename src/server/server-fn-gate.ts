/**
 * The door of every "use server" function, before SolidStart sees the request: only POST (405), only from our origin
 * (403 CSRF_REJECTED), only the shapes our pages send (400 VALIDATION_FAILED). Why: docs/adr/0001-server-function-door.md.
 */
import { Feature, fromJSON } from "seroval";
import { readCappedBytes } from "./api/http";
import { AppError } from "./errors";

/**
 * A path as the router matches it: it decodes percent-escapes (even %2F), ignores case and repeated slashes, so
 * `/%5Fserver`, `/_SERVER`, `//_serverx` and `/_server%ZZ` all reach the server-function handler, and `/%64ev/mailbox` the mailbox.
 */
export function routerPath(pathname: string): string {
  const decoded = pathname.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return decoded.toLowerCase().replace(/^\/+/, "/");
}

/** SolidStart's server-function endpoint, however a client spells it; the router matches it as a bare prefix. */
export function isServerFunctionPath(pathname: string): boolean {
  return routerPath(pathname).startsWith("/_server");
}

/** What SolidStart's own client builds: `<module id>--<export>_<query|action>`; names never contain "#". */
const FUNCTION_ID = /^[\w$-]{1,300}$/;

export async function guardServerFunctionRequest(request: Request, appUrl: string): Promise<void> {
  if (request.method !== "POST") throw new AppError("METHOD_NOT_ALLOWED");
  requireOwnOrigin(request, new URL(appUrl).origin);
  const url = new URL(request.url);
  if (url.searchParams.has("args")) throw AppError.validation({ args: "Arguments in the address are not accepted." });
  const serverId = request.headers.get("x-server-id");
  let functionId: string | null;
  if (serverId !== null) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(serverId);
    } catch {
      throw AppError.validation({ "X-Server-Id": "This is not a valid function reference." });
    }
    functionId = decoded.split("#")[0] ?? null;
  } else {
    functionId = url.searchParams.get("id");
    if (!url.searchParams.get("name")) functionId = null;
  }
  if (!functionId || !FUNCTION_ID.test(functionId)) throw new AppError("NOT_FOUND", "There is no such server function.");

  const withScript = request.headers.has("x-server-instance");
  // Without script (a plain form post) SolidStart answers with a redirect back to the Referer; the same with a
  // single-flight request, which re-renders the referring page. Both need one of our own pages as the Referer.
  if (!withScript || request.headers.has("x-single-flight")) requireOwnReferer(request, new URL(appUrl).origin);
  await checkBody(request, withScript);
}

/** Stricter than the JSON API's check: a server-function call must prove that it comes from one of our pages. */
function requireOwnOrigin(request: Request, trusted: string): void {
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  if (site !== null && site !== "same-origin") throw new AppError("CSRF_REJECTED");
  if (origin !== null ? origin !== trusted : site !== "same-origin") throw new AppError("CSRF_REJECTED");
}

function requireOwnReferer(request: Request, trusted: string): void {
  const referer = request.headers.get("referer");
  let origin = "";
  try {
    origin = referer ? new URL(referer).origin : "";
  } catch {
    /* unparsable: refused below */
  }
  if (origin !== trusted) throw AppError.validation({ Referer: "Send this form from one of the app's pages." });
}

async function checkBody(request: Request, withScript: boolean): Promise<void> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  // The same order as SolidStart's handler: the x-serialized header wins over the content type.
  if (request.headers.has("x-serialized")) {
    if (!withScript) throw AppError.validation({ body: "Send this form from one of the app's pages." });
    const args = parseSerializedArgs(await readCappedBytes(request.clone()));
    if (!args.every((a) => a === undefined || a === null || typeof a === "string")) {
      throw AppError.validation({ body: "Arguments must be text." });
    }
    return;
  }
  if (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")) {
    const raw = await readCappedBytes(request.clone());
    let form: FormData;
    try {
      form = await new Response(raw, { headers: { "content-type": request.headers.get("content-type")! } }).formData();
    } catch {
      throw AppError.validation({ body: "The form could not be read." });
    }
    for (const [, value] of form) if (typeof value !== "string") throw AppError.validation({ body: "Files are not accepted here." });
    return;
  }
  // Anything else would reach the function with no arguments (or, as JSON, with arguments we never send).
  if (!withScript || (await readCappedBytes(request.clone())).byteLength > 0) throw AppError.validation({ body: "This body is not accepted." });
}

function parseSerializedArgs(raw: Uint8Array): unknown[] {
  let value: unknown;
  try {
    // No seroval plugins: our functions take text only, so FormData, streams, requests and the like are refused.
    value = fromJSON(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw)), { disabledFeatures: Feature.RegExp });
  } catch {
    throw AppError.validation({ body: "The arguments could not be read." });
  }
  if (!Array.isArray(value)) throw AppError.validation({ body: "The arguments could not be read." });
  return value;
}
