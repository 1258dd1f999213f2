/**
 * The door of every server function of the build (PRODUCT.md section 8: "answer only POST from our own origin"), as
 * the attacker sees it: any method, any Origin / Sec-Fetch-Site / Referer combination, any malformed request. Each is
 * sent as the workspace owner (the strongest session a victim's browser could carry) with the arguments of the
 * function's first matrix row, so a door left open would really run the call; every refusal must change no row.
 *
 * The door's contract (src/middleware.ts): for any path whose lower-cased form starts with /_server, a method other
 * than POST is 405 with `Allow: POST` (METHOD_NOT_ALLOWED); a POST whose origin is not proven ours is 403
 * CSRF_REJECTED; a malformed one 400 VALIDATION_FAILED with details.fields; an unknown function 404 NOT_FOUND; all in
 * the product's JSON error shape. Proven ours means exactly: Origin equal to APP_URL's origin (Sec-Fetch-Site
 * same-origin or absent), or no Origin and Sec-Fetch-Site: same-origin.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subjects, type RpcEntry } from "../authz-matrix";
import { resolveIds } from "../authz-world";
import { APP_URL } from "../harness";
import { builtServerFunctions, requireBuild, type ServerFunction } from "./build-output";
import { bootBuilt, cookieOf, describeAnswer, judge, outcomeIs, ownersCall, productError, type Built, type RpcCell } from "./cells";
import { browserCall, multipart, readAnswer, serializeArgs, type Answer } from "./server-fn-client";

let b: Built;
const counts = { methods: 0, refusedOrigins: 0, acceptedOrigins: 0, malformed: 0 };

beforeAll(async () => {
  b = await bootBuilt();
}, 120_000);

afterAll(async () => {
  const total = Object.values(counts).reduce((a, n) => a + n, 0);
  console.log(
    `server-function door (built Worker): ${total} cells over ${b?.fns.length} functions: ${counts.methods} other methods, ${counts.refusedOrigins} unproven origins, ${counts.acceptedOrigins} accepted origins, ${counts.malformed} malformed requests`,
  );
  await b?.app.close();
});

const EVIL = "https://evil.example";

// Read at collection time, so every function of the build gets its own tests, matrix entry or not.
requireBuild();
const built = builtServerFunctions();

/**
 * One test per function of the build, run with the owner's call on its first matrix row. A function the matrix lacks
 * (tests/built/server-functions.test.ts fails on it) still gets every refusal, with empty arguments.
 */
function eachFunction(title: (name: string) => string, run: (fn: ServerFunction, entry: RpcEntry | undefined, call: RpcCell) => Promise<string[]>) {
  for (const fn of built) {
    it(title(fn.exportName), async () => {
      const entry = b.fns.find((f) => f.fn.id === fn.id)?.entry;
      const call: RpcCell = entry
        ? ownersCall(b.world, entry)
        : { row: "none", subject: "own", index: subjects.indexOf("own"), ids: resolveIds(b.world, "own", "own", ""), args: fn.kind === "action" ? {} : [], expected: "ok" };
      expect(await run(fn, entry, call)).toEqual([]);
    });
  }
}

/** Sends a request to the Worker and reads the answer as the client would. */
async function send(path: string, init: RequestInit, entry?: RpcEntry | undefined): Promise<Answer> {
  return readAnswer(await b.app.fetchWorker(path, init), entry?.returns?.outcome);
}

/** The owner's own, well-formed browser request for the call; `headers` replace or (as null) remove some. */
async function ownersRequest(fn: ServerFunction, call: RpcCell, headers: Record<string, string | null> = {}) {
  const init = await browserCall(fn, call.args, { Origin: APP_URL, ...cookieOf(b.world, "own") });
  for (const [k, v] of Object.entries(headers)) {
    for (const existing of Object.keys(init.headers)) if (existing.toLowerCase() === k.toLowerCase()) delete init.headers[existing];
    if (v !== null) init.headers[k] = v;
  }
  return init;
}

/** A door refusal of a method: 405 with Allow: POST (METHOD_NOT_ALLOWED), or 403 CSRF_REJECTED. */
function methodRefused(method: string) {
  return (a: Answer) => {
    if (a.status === 405 && /^\s*POST\s*$/i.test(a.headers.get("allow") ?? "") && (method === "HEAD" || a.productError?.code === "METHOD_NOT_ALLOWED")) return null;
    if (a.status === 403 && a.productError?.code === "CSRF_REJECTED") return null;
    return `expected 405 (Allow: POST, METHOD_NOT_ALLOWED) or 403 CSRF_REJECTED, got ${describeAnswer(a)} (Allow: ${a.headers.get("allow")})`;
  };
}

describe("every method but POST is refused before anything runs", () => {
  eachFunction(
    (name) => `${name}: GET (SolidStart's GET form and a bare link), HEAD, OPTIONS, PUT, PATCH, DELETE`,
    async (fn, entry, call) => {
      const problems: string[] = [];
      const post = await ownersRequest(fn, call);
      // SolidStart's `fn.GET` form: arguments in the query string; a FormData rides along serialized by seroval.
      const argList = Array.isArray(call.args) ? call.args : [formOf(call.args)];
      const query = `id=${encodeURIComponent(fn.id)}&name=${encodeURIComponent(fn.name)}${argList.length ? `&args=${encodeURIComponent(await serializeArgs(argList))}` : ""}`;
      const getHeaders = { ...post.headers, "Sec-Fetch-Site": "same-origin" } as Record<string, string>;
      delete getHeaders.Origin;
      delete getHeaders["Content-Type"];
      delete getHeaders["x-serialized"];
      const variants: [string, string, RequestInit][] = [
        ["GET (fn.GET)", `/_server/?${query}`, { method: "GET", headers: getHeaders }],
        // What another site can make a signed-in browser do with a plain link or <img>.
        ["GET (link from another site)", `/_server?${query}`, { method: "GET", headers: { ...cookieOf(b.world, "own"), "Sec-Fetch-Site": "cross-site", Referer: `${EVIL}/` } }],
        ["HEAD", "/_server", { method: "HEAD", headers: post.headers }],
        ["OPTIONS", "/_server", { method: "OPTIONS", headers: post.headers }],
        ...(["PUT", "PATCH", "DELETE"] as const).map((m): [string, string, RequestInit] => [m, "/_server", { ...post, method: m }]),
      ];
      for (const [label, path, init] of variants) {
        const a = await send(path, init, entry);
        counts.methods++;
        problems.push(...(await judge(b, `${fn.exportName} ${label}`, a, methodRefused(init.method!), true)));
      }
      return problems;
    },
  );
});

/** Origin, Sec-Fetch-Site and Referer as a browser (or a forger) sends them; null = header absent. */
type OriginHeaders = { Origin: string | null; "Sec-Fetch-Site"?: string | null; Referer?: string | null };

const refusedOrigins: [string, OriginHeaders, string?][] = [
  ["another site", { Origin: EVIL }],
  ["another site, Sec-Fetch-Site cross-site", { Origin: EVIL, "Sec-Fetch-Site": "cross-site" }],
  ["another site claiming same-origin", { Origin: EVIL, "Sec-Fetch-Site": "same-origin" }],
  ["another site with our Referer", { Origin: EVIL, Referer: `${APP_URL}/orgs` }],
  ["same site, another port", { Origin: "http://localhost:3001", "Sec-Fetch-Site": "same-site" }],
  ["same site, a subdomain", { Origin: "http://evil.localhost:3000", "Sec-Fetch-Site": "same-site" }],
  ["our origin as a prefix of another", { Origin: `${APP_URL}.evil.example` }],
  ["our host over https", { Origin: APP_URL.replace("http:", "https:") }],
  ["Origin: null (sandboxed frame, data: URL)", { Origin: "null" }],
  ["Origin: null, cross-site", { Origin: "null", "Sec-Fetch-Site": "cross-site" }],
  ["our Origin but Sec-Fetch-Site cross-site", { Origin: APP_URL, "Sec-Fetch-Site": "cross-site" }],
  ["our Origin but Sec-Fetch-Site same-site", { Origin: APP_URL, "Sec-Fetch-Site": "same-site" }],
  ["no Origin, no Sec-Fetch-Site, no Referer", { Origin: null }],
  ["no Origin, Sec-Fetch-Site cross-site", { Origin: null, "Sec-Fetch-Site": "cross-site" }],
  ["no Origin, Sec-Fetch-Site same-site", { Origin: null, "Sec-Fetch-Site": "same-site" }],
  ["no Origin, Sec-Fetch-Site none", { Origin: null, "Sec-Fetch-Site": "none" }],
  ["no Origin, only our Referer", { Origin: null, Referer: `${APP_URL}/orgs` }],
  ["no Origin, another site's Referer", { Origin: null, Referer: `${EVIL}/` }],
  // The door is every path that lower-cases to /_server…, not only the exact one.
  ["another site, on /_server/", { Origin: EVIL }, "/_server/"],
  ["another site, on /_SERVER", { Origin: EVIL }, "/_SERVER"],
  // The router also matches a percent-encoded name and any longer path starting with it (docs/adr/0001).
  ["another site, on /%5Fserver", { Origin: EVIL }, "/%5Fserver"],
  ["another site, on /_serverx", { Origin: EVIL }, "/_serverx"],
];

const acceptedOrigins: [string, OriginHeaders][] = [
  ["our Origin", { Origin: APP_URL }],
  ["our Origin, Sec-Fetch-Site same-origin", { Origin: APP_URL, "Sec-Fetch-Site": "same-origin" }],
  ["no Origin, Sec-Fetch-Site same-origin", { Origin: null, "Sec-Fetch-Site": "same-origin" }],
];

describe("POST is run only when its origin is proven ours", () => {
  eachFunction(
    (name) => `${name}: ${refusedOrigins.length} unproven origins refused, ${acceptedOrigins.length} proven ones run`,
    async (fn, entry, call) => {
      const problems: string[] = [];
      for (const [label, headers, path] of refusedOrigins) {
        const a = await send(path ?? "/_server", await ownersRequest(fn, call, headers), entry);
        counts.refusedOrigins++;
        problems.push(...(await judge(b, `${fn.exportName} POST from ${label}`, a, productError(403, "CSRF_REJECTED"), true)));
      }
      // Without a matrix entry there is no expected outcome to hold an accepted call to.
      for (const [label, headers] of entry ? acceptedOrigins : []) {
        const a = await send("/_server", await ownersRequest(fn, call, headers), entry);
        counts.acceptedOrigins++;
        problems.push(...(await judge(b, `${fn.exportName} POST from ${label}`, a, outcomeIs(call.expected), call.expected !== "ok")));
      }
      return problems;
    },
  );
});

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

const VALIDATION = productError(400, "VALIDATION_FAILED", { fields: true });
const BIG = "x".repeat(70 * 1024);

describe("malformed requests are a 400 in the product's error shape, and change nothing", () => {
  eachFunction(
    (name) => `${name}: bodies, ids and encodings the client never sends`,
    async (fn, entry, call) => {
      const problems: string[] = [];
      const serverId = encodeURIComponent(`${fn.id}#${fn.name}`);
      const serialized = (body: string) => ({ "x-serialized": "true", "Content-Type": "text/plain", body });
      const formQuery = `id=${encodeURIComponent(fn.id)}&name=${encodeURIComponent(fn.name)}`;
      const fields = Array.isArray(call.args) ? {} : call.args;
      const bigArgs: unknown[] | Record<string, string> = Array.isArray(call.args) ? [BIG, ...call.args] : { ...call.args, pad: BIG };
      const cases: [string, string, Record<string, string | null>, BodyInit | undefined][] = [
        ["JSON body [1]", "/_server", { "Content-Type": "application/json", "x-serialized": null }, "[1]"],
        ...(
          [
            ["x-serialized garbage", "{garbage"],
            ["x-serialized JSON that is not seroval", '{"hello":"world"}'],
            ["a serialized array holding a number", await serializeArgs([42])],
            ["a serialized array holding an object", await serializeArgs([{ role: "owner" }])],
          ] as const
        ).map(([label, body]): [string, string, Record<string, string | null>, BodyInit] => {
          const { body: text, ...h } = serialized(body);
          return [label, "/_server", h, text];
        }),
        ["broken percent-encoding in X-Server-Id", "/_server", { "X-Server-Id": `${serverId}%E0%A4%A` }, undefined],
        // The no-JS form post reads its arguments from the query string.
        ["garbage in the args query", `/_server?${formQuery}&args=%7Bgarbage`, { "X-Server-Id": null, "X-Server-Instance": null, Referer: `${APP_URL}/orgs` }, undefined],
        ["malformed multipart", "/_server", { "Content-Type": "multipart/form-data; boundary=----corates", "x-serialized": null }, "this is not multipart"],
      ];
      for (const [label, path, headers, body] of cases) {
        const init = await ownersRequest(fn, call, headers);
        if (body !== undefined) init.body = body;
        const a = await send(path, init, entry);
        counts.malformed++;
        problems.push(...(await judge(b, `${fn.exportName} ${label}`, a, VALIDATION, true)));
      }
      // Over 64 KB, sent the function's own way.
      const big = await browserCall(fn, bigArgs, { Origin: APP_URL, ...cookieOf(b.world, "own") });
      counts.malformed++;
      problems.push(...(await judge(b, `${fn.exportName} a body over 64 KB`, await send("/_server", big, entry), VALIDATION, true)));
      // A no-JS form post (no X-Server-Instance) without a Referer: SolidStart would build its redirect from it.
      const { body, contentType } = await multipart(fields);
      const noJs = await send(`/_server?${formQuery}`, { method: "POST", headers: { Origin: APP_URL, ...cookieOf(b.world, "own"), "Content-Type": contentType }, body }, entry);
      counts.malformed++;
      problems.push(...(await judge(b, `${fn.exportName} a no-JS form post without Referer`, noJs, VALIDATION, true)));
      return problems;
    },
  );

  it("an unknown function id is 404, a request without one is refused", async () => {
    const problems: string[] = [];
    const base = { Origin: APP_URL, ...cookieOf(b.world, "own"), "X-Server-Instance": "server-fn:0" };
    const unknown = await send("/_server", { method: "POST", headers: { ...base, "X-Server-Id": encodeURIComponent("src_rpc_nope_ts--nope_query#nope") } });
    problems.push(...(await judge(b, "unknown function id", unknown, productError(404, "NOT_FOUND"), true)));
    const none = await send("/_server", { method: "POST", headers: base });
    problems.push(
      ...(await judge(b, "no function id", none, (a) => (productError(400, "VALIDATION_FAILED", { fields: true })(a) && productError(404, "NOT_FOUND")(a) ? `expected 400 VALIDATION_FAILED or 404 NOT_FOUND, got ${describeAnswer(a)}` : null), true)),
    );
    counts.malformed += 2;
    expect(problems).toEqual([]);
  });
});
