/**
 * The built Worker in production mode: the dev mailbox is not there however its path is spelled (the router ignores
 * case and decodes percent-escapes, so /DEV/mailbox rendered the mailbox page in production), and the
 * server-function door answers refusals in the product's error shape there too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_URL, BUILT_WORKER, createTestApp, type TestApp } from "../harness";

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp(
    { APP_ENV: "production", EMAIL_TRANSPORT: "http", EMAIL_API_URL: "http://127.0.0.1:9/send", EMAIL_API_KEY: "unused" },
    { worker: BUILT_WORKER },
  );
});
afterAll(() => app?.close());

describe("production build", () => {
  it("hides the dev mailbox page and endpoint under every spelling of their paths", async () => {
    for (const path of ["/dev/mailbox", "/DEV/mailbox", "/Dev/Mailbox", "/%64ev/mailbox", "/api/dev/emails", "/api/DEV/emails"]) {
      const res = await app.fetchWorker(path);
      const text = await res.text();
      expect(res.status, path).toBe(404);
      expect(text, path).not.toMatch(/mailbox/i);
    }
    // Built as a full URL: a bare "//dev/…" would be read as another host.
    const doubled = await app.fetchWorker(`${APP_URL}//dev/mailbox`);
    expect(doubled.status).toBe(404);
    expect(await doubled.text()).toBe("Not found");
  });

  it("refuses a cross-site GET of a server function with 405 and the product's error shape", async () => {
    const res = await app.fetchWorker("/_SERVER?id=src_rpc_settings_ts--deleteOrgAction_action&name=x&args=%5B%5D", { headers: { "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(await res.json()).toEqual({ error: { code: "METHOD_NOT_ALLOWED", message: expect.any(String) } });
  });
});
