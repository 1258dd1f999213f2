// The built Worker's entry in the tests (vitest.built.config.ts loads it beside .output/server/index.mjs): each test
// app (tests/harness.ts) sends its database and settings in one request header, and gets one env object of its own
// for the whole file, as a deployed Worker has one env per isolate. Everything past this file is the build as is.
import worker from "./index.mjs";

const SETTINGS_HEADER = "x-test-app-settings";
const envs = new Map();

export default {
  fetch(request, env, ctx) {
    const raw = request.headers.get(SETTINGS_HEADER);
    if (!raw) return new Response(`the test entry needs the ${SETTINGS_HEADER} header`, { status: 500 });
    let appEnv = envs.get(raw);
    if (!appEnv) {
      const { database, vars } = JSON.parse(raw);
      appEnv = { ...vars, DB: env[database] };
      envs.set(raw, appEnv);
    }
    const headers = new Headers(request.headers);
    headers.delete(SETTINGS_HEADER);
    // Cloudflare sets the caller's address on every request (per-address rate limits read it); a service binding
    // does not, so the local address stands in, as Miniflare's own entry gives it.
    if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", "127.0.0.1");
    return worker.fetch(new Request(request, { headers }), appEnv, ctx);
  },
};
