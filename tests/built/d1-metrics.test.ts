/**
 * The benchmark's exact D1 count (src/server/d1-metrics.ts): a request sent with `x-bench-request: <id>` has its
 * count recorded when its body has been produced to the end, readable at GET /api/dev/d1-trips/<id>, and only when
 * D1_METRICS=1 outside production. Pages, API routes and server functions are measured on the built Worker.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordTripsWhenSent } from "~/server/d1-metrics";
import { APP_URL, BUILT_WORKER, createTestApp, type TestApp } from "../harness";
import { addProject, makeOrg, type OrgFixture } from "../org-fixtures";
import { builtServerFunctions, requireBuild } from "./build-output";
import { browserCall, readAnswer } from "./server-fn-client";

let app: TestApp;
let org: OrgFixture;
let n = 0;

beforeAll(async () => {
  requireBuild();
  app = await createTestApp({ D1_METRICS: "1" }, { worker: BUILT_WORKER });
  org = await makeOrg(app, "Metrics Lab");
  for (let i = 0; i < 3; i++) await addProject(app, org.orgId, org.owner.id, [[org.owner.id, "owner"]]);
}, 120_000);
afterAll(() => app?.close());

const newId = () => `t${++n}-${crypto.randomUUID().slice(0, 8)}`;

async function recorded(target: TestApp, id: string): Promise<{ status: number; trips: number | null }> {
  const res = await target.fetchWorker(`/api/dev/d1-trips/${id}`);
  const body = (await res.json()) as { d1RoundTrips?: number };
  return { status: res.status, trips: body.d1RoundTrips ?? null };
}

/** One request with a fresh bench id, its body read to the end; then the count recorded under that id. */
async function measured(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const id = newId();
  const res = await app.fetchWorker(path, { ...init, headers: { ...init.headers, "x-bench-request": id } });
  const text = await res.text();
  const count = await recorded(app, id);
  return { status: res.status, text, header: Number(res.headers.get("x-d1-round-trips") ?? NaN), trips: count.trips, countStatus: count.status };
}

describe("exact D1 counts on the built Worker (D1_METRICS=1)", () => {
  it("counts a one-query route as 1 and a route without D1 as 0", async () => {
    const mailbox = await measured("/api/dev/emails?to=nobody@example.com");
    expect(mailbox.status).toBe(200);
    expect(mailbox.trips).toBe(1);
    const docs = await measured("/api/openapi.json");
    expect(docs.status).toBe(200);
    expect(docs.trips).toBe(0);
  });

  it("records pages once rendered, signed-out pages that never touch D1 included", async () => {
    const cookie = { cookie: org.owner.cookie };
    for (const path of [`/orgs/${org.slug}`, `/orgs/${org.slug}/members`]) {
      const page = await measured(path, { headers: cookie });
      expect(page.status, path).toBe(200);
      expect(page.text, path).toContain("Metrics Lab");
      // At least the session read; never fewer than the header sent when the response started.
      expect(page.trips, path).toBeGreaterThanOrEqual(1);
      expect(page.trips!, path).toBeGreaterThanOrEqual(page.header);
    }
    const signIn = await measured("/signin");
    expect(signIn.status).toBe(200);
    expect(signIn.trips).toBe(0);
  });

  it("records a server function's answer", async () => {
    const fn = builtServerFunctions().find((f) => f.exportName === "getDevEmails");
    expect(fn, "getDevEmails is in the build").toBeDefined();
    const id = newId();
    const init = await browserCall(fn!, [undefined], { Origin: APP_URL, "x-bench-request": id });
    const answer = await readAnswer(await app.fetchWorker("/_server", init));
    expect(answer.outcome).toBe("ok");
    expect(await recorded(app, id)).toEqual({ status: 200, trips: 1 });
  });

  it("records nothing for a request without an id, or with an unusable one", async () => {
    const id = newId();
    await (await app.fetchWorker("/api/dev/emails")).text();
    expect((await recorded(app, id)).status).toBe(404);
    const bad = "not a usable id!";
    await (await app.fetchWorker("/api/dev/emails", { headers: { "x-bench-request": bad } })).text();
    expect((await recorded(app, encodeURIComponent(bad))).status).toBe(404);
  });
});

describe("the count is taken when the body ends", () => {
  it("includes statements run while a streamed body is still being produced", async () => {
    let trips = 1;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        // What a page's late server function does: a query between two chunks of the body.
        controller.enqueue(new TextEncoder().encode(`<p>${trips}</p>`));
        if (trips++ === 3) controller.close();
      },
    });
    const id = newId();
    const sent = recordTripsWhenSent(new Request(APP_URL, { headers: { "x-bench-request": id } }), () => trips, body) as ReadableStream;
    expect(await new Response(sent).text()).toBe("<p>1</p><p>2</p><p>3</p>");
    // Answered by this process's own copy of the module, through the API handler (no Worker needed).
    const local = await createTestApp({ D1_METRICS: "1" });
    try {
      const res = await local.request("GET", `/api/dev/d1-trips/${id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id, d1RoundTrips: 4 });
    } finally {
      await local.close();
    }
  });
});

describe("the count route exists only with D1_METRICS=1 outside production", () => {
  it("is an unknown API route without D1_METRICS, and in production", async () => {
    const id = newId();
    recordTripsWhenSent(new Request(APP_URL, { headers: { "x-bench-request": id } }), () => 5, "done");
    const off = await createTestApp({});
    const prod = await createTestApp({ D1_METRICS: "1", APP_ENV: "production", EMAIL_TRANSPORT: "http", EMAIL_API_URL: "http://127.0.0.1:9/send", EMAIL_API_KEY: "unused" });
    const on = await createTestApp({ D1_METRICS: "1" });
    try {
      for (const a of [off, prod]) {
        const res = await a.request("GET", `/api/dev/d1-trips/${id}`);
        expect(res.status).toBe(404);
        expect(res.body.error.message).toBe("There is no such API route.");
      }
      expect((await on.request("GET", `/api/dev/d1-trips/${id}`)).body).toEqual({ id, d1RoundTrips: 5 });
    } finally {
      await Promise.all([off.close(), prod.close(), on.close()]);
    }
  });
});
