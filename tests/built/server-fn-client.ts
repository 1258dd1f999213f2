/**
 * SolidStart's client side of the /_server protocol, as node_modules/@solidjs/start/dist/runtime/server-runtime.js and
 * serialization.js do it in the browser: how a call is sent, and how its answer reads.
 */
import { Feature, fromCrossJSON, toJSONAsync } from "seroval";
import {
  AbortSignalPlugin,
  CustomEventPlugin,
  DOMExceptionPlugin,
  EventPlugin,
  FormDataPlugin,
  HeadersPlugin,
  ReadableStreamPlugin,
  RequestPlugin,
  ResponsePlugin,
  URLPlugin,
  URLSearchParamsPlugin,
} from "seroval-plugins/web";
import { outcomeMeaning, type Outcome, type RpcArgs, type RpcOutcome } from "../authz-matrix";
import { APP_URL } from "../harness";

// serialization.js's settings, so what we send is byte for byte what the browser sends.
const PLUGINS = [AbortSignalPlugin, CustomEventPlugin, DOMExceptionPlugin, EventPlugin, FormDataPlugin, HeadersPlugin, ReadableStreamPlugin, RequestPlugin, ResponsePlugin, URLSearchParamsPlugin, URLPlugin];
const DISABLED = Feature.RegExp;

/** serializeToJSONString: the body of a query call (x-serialized). */
export async function serializeArgs(args: unknown[]): Promise<string> {
  return JSON.stringify(await toJSONAsync(args, { plugins: PLUGINS, depthLimit: 64, disabledFeatures: DISABLED }));
}

/** deserializeJSONStream over a whole body: `;0x<8 hex bytes>;<json>` chunks, the first one being the value. */
export function deserializeAnswer(bytes: Uint8Array): unknown {
  const refs = new Map();
  let value: unknown;
  let first = true;
  for (let at = 0; at < bytes.length; ) {
    const head = new TextDecoder().decode(bytes.subarray(at + 1, at + 11));
    const size = Number.parseInt(head, 16);
    if (Number.isNaN(size) || at + 12 + size > bytes.length) throw new Error(`malformed serialized answer at byte ${at}`);
    const node = JSON.parse(new TextDecoder().decode(bytes.subarray(at + 12, at + 12 + size)));
    const v = fromCrossJSON(node, { refs, plugins: PLUGINS, disabledFeatures: DISABLED, depthLimit: 64 });
    if (first) value = v;
    first = false;
    at += 12 + size;
  }
  return value;
}

/** The multipart body a browser's fetch makes of a FormData (built by Node's fetch, handed over as bytes). */
export async function multipart(fields: Record<string, string>): Promise<{ body: ArrayBuffer; contentType: string }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const r = new Response(form);
  return { body: await r.arrayBuffer(), contentType: r.headers.get("content-type")! };
}

let instance = 0;

export interface FnRef {
  id: string;
  name: string;
}

/**
 * The request the browser makes for `fn(...args)`: POST /_server with X-Server-Id and X-Server-Instance; a form as
 * multipart, other arguments serialized (x-serialized, text/plain), none at all as an empty body.
 */
export async function browserCall(fn: FnRef, args: RpcArgs, headers: Record<string, string> = {}): Promise<RequestInit & { headers: Record<string, string> }> {
  const h: Record<string, string> = { "X-Server-Id": encodeURIComponent(`${fn.id}#${fn.name}`), "X-Server-Instance": `server-fn:${instance++}`, ...headers };
  if (!Array.isArray(args)) {
    const { body, contentType } = await multipart(args);
    return { method: "POST", headers: { ...h, "Content-Type": contentType }, body };
  }
  if (args.length === 0) return { method: "POST", headers: h };
  return { method: "POST", headers: { ...h, "x-serialized": "true", "Content-Type": "text/plain" }, body: await serializeArgs(args) };
}

/** An answer as the client reads it, and as the matrix reads that. */
export interface Answer {
  status: number;
  headers: Headers;
  /** The body as received, for the leak checks. */
  text: string;
  /** "ok", "signin", a matrix Outcome, or what it was instead: "5xx", "CSRF_REJECTED", "thrown without code: …". */
  outcome: RpcOutcome | string;
  value?: unknown;
  /** A product-shape JSON error body ({ error: { code, message } }), when the door itself answered. */
  productError?: { code: string; message: string; details?: { fields?: Record<string, string> } };
}

const outcomeOfCode = new Map(Object.entries(outcomeMeaning).flatMap(([o, m]) => (m.code ? [[m.code, o as Outcome]] : [])));
const codeOutcome = (code: unknown) => (typeof code === "string" ? (outcomeOfCode.get(code) ?? code) : `no code (${JSON.stringify(code)})`);

/**
 * Reads an answer like server-runtime.js: a Location header is a redirect (X-Error true, status 200 with an
 * instance); X-Error marks a thrown value, whatever the status; x-serialized bodies are seroval chunks; JSON is the
 * door's own answer.
 * `returns` maps a returned value to an outcome (RpcEntry.returns).
 */
export async function readAnswer(res: Response, returns?: (value: any) => RpcOutcome): Promise<Answer> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const base = { status: res.status, headers: res.headers, text };
  if (res.status >= 500) return { ...base, outcome: "5xx" };
  const type = res.headers.get("content-type") ?? "";
  if (type.startsWith("application/json")) {
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      return { ...base, outcome: `unparsable JSON (${res.status})` };
    }
    const e = body?.error;
    if (e && typeof e === "object") return { ...base, outcome: codeOutcome(e.code), productError: e };
    return { ...base, outcome: res.status < 300 ? "ok" : `status ${res.status}`, value: body };
  }
  let value: unknown;
  if (res.headers.get("x-serialized")) {
    try {
      value = deserializeAnswer(bytes);
    } catch (err) {
      return { ...base, outcome: `undecodable answer (${(err as Error).message})` };
    }
  }
  const location = res.headers.get("location");
  if (location) return { ...base, value, outcome: new URL(location, APP_URL).pathname === "/signin" ? "signin" : "ok" };
  // Like the client, whatever the status (a thrown error may carry its own, e.g. 404 for NOT_FOUND).
  if (res.headers.has("x-error")) {
    const code = (value as { code?: unknown } | undefined)?.code;
    return { ...base, value, outcome: code === undefined ? `thrown without code: ${res.headers.get("x-error")}` : codeOutcome(code) };
  }
  if (res.status >= 300) return { ...base, value, outcome: `status ${res.status}` };
  const result = value as { ok?: boolean; error?: { code?: unknown } } | null | undefined;
  if (result && typeof result === "object" && result.ok === false) return { ...base, value, outcome: codeOutcome(result.error?.code) };
  return { ...base, value, outcome: returns ? returns(value) : "ok" };
}
