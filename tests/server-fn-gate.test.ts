/**
 * The gate's rules on their own, fast (tests/built/ checks the same door end to end through the built Worker).
 */
import { Feature, toJSONAsync } from "seroval";
import { describe, expect, it } from "vitest";
import { AppError } from "~/server/errors";
import { guardServerFunctionRequest, isServerFunctionPath } from "~/server/server-fn-gate";

const APP = "http://localhost:3000";
const ID = encodeURIComponent("src_rpc_orgs_ts--getOrgHome_query#src/rpc/orgs.ts?tsr-directive-use-server=");

async function refusal(init: RequestInit & { path?: string }): Promise<string | null> {
  const request = new Request(APP + (init.path ?? "/_server"), init);
  try {
    await guardServerFunctionRequest(request, APP);
    return null;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return `${err.status} ${err.code}`;
  }
}

const serialized = async (args: unknown[]) => JSON.stringify(await toJSONAsync(args, { disabledFeatures: Feature.RegExp }));
const script = { origin: APP, "x-server-id": ID, "x-server-instance": "server-fn:0" };
const query = { ...script, "x-serialized": "true", "content-type": "text/plain" };

describe("which paths are the server-function door", () => {
  it("matches every spelling the router sends to /_server", () => {
    for (const p of ["/_server", "/_server/", "/_SERVER", "//_server", "/%5Fserver", "/%5fserver/", "/_server%2F", "/_ser%76er", "/_serverx", "/_server%ZZ"]) {
      expect(isServerFunctionPath(p), p).toBe(true);
    }
    for (const p of ["/", "/signin", "/orgs/_server", "/api/orgs", "/%255Fserver"]) expect(isServerFunctionPath(p), p).toBe(false);
  });
});

describe("the gate", () => {
  it("lets the app's own calls through: a query with text arguments, an action with a form, a call with no arguments", async () => {
    expect(await refusal({ method: "POST", headers: query, body: await serialized(["lab", undefined]) })).toBeNull();
    const form = new FormData();
    form.set("orgSlug", "lab");
    expect(await refusal({ method: "POST", headers: script, body: form })).toBeNull();
    const { origin: _, ...noOrigin } = script;
    expect(await refusal({ method: "POST", headers: { ...noOrigin, "sec-fetch-site": "same-origin" } })).toBeNull();
    const noScript = new URLSearchParams({ orgSlug: "lab" });
    expect(await refusal({ method: "POST", path: `/_server?id=src_rpc_orgs_ts--x_action&name=n`, headers: { origin: APP, referer: `${APP}/orgs/lab` }, body: noScript })).toBeNull();
  });

  it("refuses every method but POST", async () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"]) {
      expect(await refusal({ method, path: `/_server?id=x&name=y&args=%5B%5D`, headers: { origin: APP } }), method).toBe("405 METHOD_NOT_ALLOWED");
    }
  });

  it("refuses what it cannot prove comes from our pages", async () => {
    const cases: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: "http://localhost:3001" },
      { origin: "http://sub.localhost:3000" },
      { origin: APP, "sec-fetch-site": "cross-site" },
      { origin: APP, "sec-fetch-site": "same-site" },
      { origin: "" },
      { origin: "", "sec-fetch-site": "same-site" },
      { origin: "", referer: `${APP}/orgs/lab` },
    ];
    for (const headers of cases) {
      const h = Object.fromEntries(Object.entries({ ...script, ...headers }).filter(([, v]) => v !== ""));
      expect(await refusal({ method: "POST", headers: h }), JSON.stringify(headers)).toBe("403 CSRF_REJECTED");
    }
  });

  it("refuses malformed calls with a 4xx before anything is deserialized by SolidStart", async () => {
    const big = "x".repeat(70 * 1024);
    const endless = new ReadableStream({ pull: (c) => c.enqueue(new TextEncoder().encode(big)) });
    const cases: [string, RequestInit & { path?: string }, string][] = [
      ["a JSON body", { method: "POST", headers: { ...script, "content-type": "application/json" }, body: "[1]" }, "400"],
      ["garbage serialized", { method: "POST", headers: query, body: "garbage" }, "400"],
      ["JSON that is no seroval array", { method: "POST", headers: query, body: JSON.stringify({ t: { t: 1, s: "x" }, f: 95, m: [] }) }, "400"],
      ["a number argument", { method: "POST", headers: query, body: await serialized(["lab", 1]) }, "400"],
      ["an object argument", { method: "POST", headers: query, body: await serialized([{ role: "owner" }]) }, "400"],
      ["broken percent-encoding", { method: "POST", headers: { ...script, "x-server-id": "%E0%A4%A" } }, "400"],
      ["no id", { method: "POST", headers: { origin: APP, "x-server-instance": "server-fn:0" } }, "404"],
      ["args in the URL", { method: "POST", path: "/_server?args=%5B1%5D", headers: script }, "400"],
      ["an oversized body", { method: "POST", headers: query, body: big }, "400"],
      ["a body that never ends", { method: "POST", headers: query, body: endless, duplex: "half" } as RequestInit, "400"],
      ["broken multipart", { method: "POST", headers: { ...script, "content-type": "multipart/form-data; boundary=zz" }, body: "--zz\r\nbroken" }, "400"],
      ["a file in the form", { method: "POST", headers: script, body: (() => { const f = new FormData(); f.set("x", new Blob(["a"]), "a.txt"); return f; })() }, "400"],
      ["a form post without a Referer", { method: "POST", path: "/_server?id=src_rpc_orgs_ts--x_action&name=n", headers: { origin: APP }, body: new URLSearchParams({ a: "b" }) }, "400"],
      ["a no-script post that is not a form", { method: "POST", path: "/_server?id=src_rpc_orgs_ts--x_action&name=n", headers: { origin: APP, referer: `${APP}/` } }, "400"],
    ];
    for (const [label, init, status] of cases) expect((await refusal(init))?.slice(0, 3), label).toBe(status);
  });
});
