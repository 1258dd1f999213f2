// The built Worker's entry in the tests (vitest.built.config.ts loads it beside .output/server/index.mjs): each test
// app (tests/harness.ts) sends its database and settings in one request header, and gets one env object of its own
// for the whole file, as a deployed Worker has one env per isolate. Everything past this file is the build as is.
import worker from "./index.mjs";
import { faultyD1 } from "./__test-faults.mjs";

const SETTINGS_HEADER = "x-test-app-settings";
// A fault for this one request's D1 (tests/faulty-d1.mjs), as JSON {kind, nth}; the answer says whether it fired.
const FAULT_HEADER = "x-test-d1-fault";
const envs = new Map();

export default {
  fetch(request, env, ctx) {
    const raw = request.headers.get(SETTINGS_HEADER);
    if (!raw) return new Response(`the test entry needs the ${SETTINGS_HEADER} header`, { status: 500 });
    let appEnv = envs.get(raw);
    if (!appEnv) {
      const { database, vars } = JSON.parse(raw);
      appEnv = { ...vars, DB: env[database], IMAGES: env.IMAGES };
      envs.set(raw, appEnv);
    }
    const headers = new Headers(request.headers);
    headers.delete(SETTINGS_HEADER);
    const fault = headers.get(FAULT_HEADER);
    headers.delete(FAULT_HEADER);
    if (fault) return withFault(JSON.parse(fault), new Request(request, { headers }), appEnv, ctx);
    // Cloudflare sets the caller's address on every request (per-address rate limits read it); a service binding
    // does not, so the local address stands in, as Miniflare's own entry gives it.
    if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", "127.0.0.1");
    return worker.fetch(new Request(request, { headers }), appEnv, ctx);
  },
};

async function withFault({ kind, nth }, request, appEnv, ctx) {
  if (!request.headers.has("cf-connecting-ip")) request.headers.set("cf-connecting-ip", "127.0.0.1");
  const { d1, faults } = faultyD1(appEnv.DB);
  faults.arm(kind, nth);
  const response = await worker.fetch(request, { ...appEnv, DB: d1 }, ctx);
  // The whole body first: a page's statements may run while it streams.
  const body = await response.arrayBuffer();
  const out = new Response(body, response);
  out.headers.set("x-test-d1-fault-fired", String(faults.fired));
  return out;
}
