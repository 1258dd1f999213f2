/**
 * The JSON body cap of the API (64 KB, src/server/api/http.ts): reading stops at the cap, so a huge or endless body
 * costs the Worker at most 64 KB of memory, and a Content-Length over the cap is refused before anything is read.
 * Driven through the real API handler with streamed request bodies, which app.request cannot send.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organization } from "~/db/schema";
import { handleApi } from "~/server/api/handler";
import { APP_URL, createTestApp, type TestApp, type TestUser } from "./harness";

let app: TestApp;
let u: TestUser;
beforeAll(async () => {
  app = await createTestApp();
  u = await app.createUser({ name: "Streamer" });
});
afterAll(() => app.close());

const CAP = 64 * 1024;

/**
 * POST /api/orgs with a streamed body. No clock: a handler that kept reading would meet the endless stream's own
 * 64 MB stop (below), which fails the request and so the test, however slow the machine.
 */
async function postStream(body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  const request = new Request(`${APP_URL}/api/orgs`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: APP_URL, cookie: u.cookie, ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  const res = await handleApi(request, app.bindings, { waitUntil: () => {} });
  return { status: res.status, body: (await res.json()) as { error: { code: string; details?: { fields?: Record<string, string> } } } };
}

/** A stream of JSON-ish bytes that never ends; counts how much was pulled and whether it was cancelled. */
function endless() {
  const state = { pulled: 0, cancelled: false };
  const chunk = new TextEncoder().encode(" ".repeat(8 * 1024));
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode('{"name": "'));
    },
    async pull(c) {
      // Yield between chunks, as a network would; give up at 64 MB so a reader that never stops fails the test instead
      // of exhausting memory.
      await new Promise((r) => setImmediate(r));
      if (state.pulled > 64 * 1024 * 1024) return c.error(new Error("still reading after 64 MB"));
      state.pulled += chunk.length;
      c.enqueue(chunk);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe("request body cap", () => {
  it("a body over 64 KB answers 400 VALIDATION_FAILED and creates nothing", async () => {
    const name = "x".repeat(CAP);
    const res = await app.request("POST", "/api/orgs", { as: u, rawBody: JSON.stringify({ name }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details.fields.body).toMatch(/too large/i);
    expect(await app.db.select().from(organization).where(eq(organization.name, name))).toHaveLength(0);
  });

  it("a body that never ends is refused once it passes the cap, and its stream is cancelled", async () => {
    const { stream, state } = endless();
    const res = await postStream(stream);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details?.fields?.body).toMatch(/too large/i);
    expect(state.pulled).toBeLessThanOrEqual(CAP + 64 * 1024);
    expect(state.cancelled).toBe(true);
  });

  it("a Content-Length over the cap is refused before the body is read", async () => {
    // A stream whose first chunk never comes: a handler that waited on it would never answer.
    const stream = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const res = await postStream(stream, { "content-length": String(10 * 1024 * 1024) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details?.fields?.body).toMatch(/too large/i);
  });

  it("a body just under the cap is still read and parsed", async () => {
    const padding = " ".repeat(CAP - 100);
    const res = await app.request("POST", "/api/orgs", { as: u, rawBody: `{"name": "Padded Lab"}${padding}`, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe("Padded Lab");
  });
});
