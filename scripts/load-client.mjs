// How `npm run load` talks to the app and counts: every request is timed to the last byte of its body and classed as
// ok (2xx), refused (a 4xx the operation expects, such as FORBIDDEN for a researcher trying an admin's action, or
// NOT_FOUND for someone who was removed a moment ago), error (any other non-2xx or a network failure) or 5xx (an
// error too, counted apart because it fails the run). An error that is an HTTP answer below 500 (a redirect, a 4xx the
// operation does not expect) is counted apart as well and fails the run too: it means the load played a journey the app
// no longer answers that way, so the figures would measure the wrong thing. Writes also go to the ledger that
// scripts/load-verify.mjs checks.

/** Refusals a write may meet in a team's normal morning: races between people and stale lists. */
export const WRITE_REFUSALS = ["FORBIDDEN", "NOT_FOUND", "ALREADY_MEMBER", "LAST_OWNER", "INVITATION_ALREADY_ACCEPTED", "INVITATION_EXPIRED", "INVITATION_CANCELLED", "RATE_LIMITED"];

export function createRecorder() {
  const ops = new Map();
  const ledger = [];
  const samples = [];
  const stat = (name) => {
    let s = ops.get(name);
    if (!s) ops.set(name, (s = { name, times: [], ok: 0, refused: 0, errors: 0, fivexx: 0, unexpected: 0 }));
    return s;
  };
  return { ops, ledger, samples, stat };
}

/**
 * One request as `person` (their cookie), recorded under `op`. `refusals`: error codes (JSON answers) that count as
 * expected; `page`: an HTML page, where 403 and 404 are the expected refusals (a page has no error code to read).
 */
export async function request(rec, base, person, op, method, path, { body, page = false, refusals = [], cookie = person?.cookie } = {}) {
  // rec.origin: the public origin when `base` is the Worker's own socket (LOAD_DIRECT, scripts/load-direct.mjs);
  // MF-Original-URL tells Miniflare's entry the URL the request would have had through wrangler's proxy.
  const origin = rec.origin ?? base;
  const headers = { origin, accept: page ? "text/html" : "application/json" };
  if (rec.origin) headers["mf-original-url"] = origin + path;
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers["content-type"] = "application/json";
  const start = Date.now();
  const t0 = performance.now();
  let status = 0;
  let text = "";
  let res = null;
  try {
    res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: "manual", signal: AbortSignal.timeout(60_000) });
    status = res.status;
    text = await res.text();
  } catch (err) {
    text = String(err?.message ?? err);
  }
  const ms = performance.now() - t0;
  let json = null;
  try {
    json = text && !page ? JSON.parse(text) : null;
  } catch {}
  const code = json?.error?.code ?? null;
  const s = rec.stat(op);
  s.times.push(ms);
  let outcome;
  if (status >= 200 && status < 300) outcome = "ok";
  else if (page ? status === 403 || status === 404 : status >= 400 && status < 500 && refusals.includes(code)) outcome = "refused";
  else outcome = "error";
  s[outcome === "error" ? "errors" : outcome]++;
  if (status >= 500) s.fivexx++;
  else if (outcome === "error" && status > 0) s.unexpected++;
  if (outcome === "error" && rec.samples.length < 30) rec.samples.push(`${op}: ${method} ${path} -> ${status || "network"} ${text.slice(0, 300)}`);
  return { ok: outcome === "ok", refused: outcome === "refused", status, code, json, text, headers: res?.headers, start, end: Date.now() };
}

/** p-th percentile (nearest rank) of sorted times, in whole ms. */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}
