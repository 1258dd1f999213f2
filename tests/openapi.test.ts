/**
 * The OpenAPI description (src/server/api/openapi.ts) against the real API on a real D1: every route is described with
 * its method and path parameters, the document is served at /api/openapi.json and rendered at /api/docs, and, so the
 * description cannot drift, one real request per route is answered with exactly the documented success status and a
 * body its response schema parses, while every error seen on the way has the Error shape and a code documented for
 * that route.
 */
import { eq } from "drizzle-orm";
import { user } from "~/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodes } from "~/lib/api-schemas";
import { buildOpenApi, openApiPath, routeErrors, type OpenApiDocument } from "~/server/api/openapi";
import { routes } from "~/server/api/routes/index";
import { errorStatus, type ErrorCode } from "~/server/errors";
import { apiMatrix, outcomeMeaning, type Outcome } from "./authz-matrix";
import { APP_URL, createTestApp, lastEmail, type ApiResponse, type TestApp, type TestUser } from "./harness";
import { checkAnswer, routeKey } from "./openapi-check";
import { PNG_3X2 } from "./image-fixtures";
import { addMember, makeOrg, type OrgFixture } from "./org-fixtures";

const key = routeKey;

let app: TestApp;
let doc: OpenApiDocument;
/** Routes answered with their documented success, by `METHOD /path/:pattern`. */
const succeeded = new Set<string>();
/** Routes seen refusing, to show the drift check saw errors too. */
const refused = new Set<string>();

/** One request through the real handler, failing the test when the answer is not as described (tests/openapi-check.ts). */
async function call(method: string, url: string, opts: { as?: TestUser | null; body?: unknown; rawBody?: Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
  const res = await app.request(method, url, opts);
  const { route, problem } = checkAnswer(method, url, res);
  if (problem) throw new Error(problem);
  if (!route) throw new Error(`no route for ${method} ${url}`);
  (res.status < 300 ? succeeded : refused).add(key(route));
  return res;
}

async function inviteToken(to: string): Promise<string> {
  const link = (await lastEmail(app, to))?.link;
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
  return link!.split("/invite/")[1]!;
}

beforeAll(async () => {
  app = await createTestApp();
  doc = buildOpenApi(routes);
});
afterAll(() => app.close());

describe("the document", () => {
  it("is OpenAPI 3.1 with info, paths, the cookie security scheme and the Error schema", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: "apiKey", in: "cookie" });
    expect(doc.components.schemas.Error).toBeDefined();
    // The serialized document is plain JSON (no functions, no undefined holes that would vanish).
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("lists every route with its method, a summary and, unless it answers 204, a response schema", () => {
    const missing: string[] = [];
    for (const r of routes) {
      const op = doc.paths[openApiPath(r.path).path]?.[r.method.toLowerCase() as "get"];
      if (!op) missing.push(key(r));
      expect(r.summary, key(r)).toBeTruthy();
      if ((r.status ?? 200) !== 204 && !r.contentType) expect(r.response, `${key(r)} has no response schema`).toBeDefined();
    }
    expect(missing).toEqual([]);
    const described = Object.values(doc.paths).flatMap((p) => Object.keys(p)).length;
    expect(described).toBe(routes.length);
  });

  it("declares every path parameter, required, and no others; public routes need no cookie, the rest do", () => {
    for (const r of routes) {
      const { path, params } = openApiPath(r.path);
      const op = doc.paths[path]![r.method.toLowerCase() as "get"]!;
      const declared = op.parameters.filter((p) => p.in === "path");
      expect(declared.map((p) => p.name).sort(), key(r)).toEqual([...params].sort());
      expect(declared.every((p) => p.required)).toBe(true);
      expect(path.match(/\{(\w+)\}/g)?.length ?? 0).toBe(params.length);
      expect(op.security, key(r)).toEqual(r.public ? [] : [{ cookieAuth: [] }]);
      if (!r.public) expect(op.responses["401"], key(r)).toBeDefined();
    }
  });

  it("describes request bodies and query strings from the handlers' own schemas", () => {
    const createOrg = doc.paths["/api/orgs"]!.post!;
    expect(createOrg.requestBody?.content["application/json"].schema).toMatchObject({
      type: "object",
      required: ["name"],
      properties: { name: { type: "string", maxLength: 100 }, slug: { type: "string", maxLength: 48 } },
    });
    const projects = doc.paths["/api/orgs/{orgId}/projects"]!.get!;
    expect(projects.parameters.filter((p) => p.in === "query").map((p) => p.name).sort()).toEqual(["cursor", "limit", "mine", "q"]);
    expect(projects.parameters.find((p) => p.name === "limit")!.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 100, default: 50 });
  });

  it("points every $ref at a schema it defines, and every error response at Error", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const id of refs) expect(doc.components.schemas[id], id).toBeDefined();
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        for (const [status, res] of Object.entries(op!.responses)) {
          if (Number(status) >= 400) expect(res.content?.["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/Error" });
        }
      }
    }
  });

  it("agrees with the authorization matrix: each outcome it expects is the route's success status or a documented code", () => {
    const problems: string[] = [];
    for (const entry of apiMatrix) {
      const route = routes.find((r) => key(r) === entry.route);
      if (!route) continue; // tests/authz-matrix.test.ts fails on unregistered routes itself
      const seen = new Set(Object.values(entry.rows).flatMap((c) => c.expect.trim().split(/\s+/) as Outcome[]));
      for (const outcome of seen) {
        const { status, code } = outcomeMeaning[outcome];
        if (code && !routeErrors(route).includes(code as ErrorCode)) problems.push(`${entry.route}: ${code} is not documented`);
        if (!code && status !== (route.status ?? 200)) problems.push(`${entry.route}: succeeds with ${status}, documented ${route.status ?? 200}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("documents exactly the error codes the server has", () => {
    expect([...errorCodes].sort()).toEqual(Object.keys(errorStatus).sort());
  });
});

describe("served", () => {
  it("GET /api/openapi.json answers the document, without a session", async () => {
    const res = await call("GET", "/api/openapi.json");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it("GET /api/docs renders every route as escaped HTML with no script", async () => {
    const res = await call("GET", "/api/docs");
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = res.body as string;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!json-schema)/i);
    for (const r of routes) {
      const { path } = openApiPath(r.path);
      expect(html, key(r)).toContain(`${r.method}</span> <code>${path}</code>`);
    }
    // Summaries with apostrophes went through escapeHtml.
    expect(html).toContain("The caller&#39;s workspaces");
    expect(html).toContain('<section id="schema-Project">');
  });
});

describe("real answers match the description", () => {
  let f: OrgFixture;

  beforeAll(async () => {
    f = await makeOrg(app, "Drift Lab");
  });

  it("every route answers its documented status and shape", async () => {
    const o = `/api/orgs/${f.orgId}`;
    const as = f.owner;

    await call("GET", "/api/me", { as });
    // The first-run step, with the personal workspace it creates, and a later username change.
    const newcomer = await app.createUser({ name: "Nia Newcomer", profile: false });
    await call("POST", "/api/me/profile", { as: newcomer, body: { name: "Nia Newcomer", persona: "student" } });
    await call("PATCH", "/api/me/profile", { as: newcomer, body: { username: "nia" } });
    await call("GET", "/api/orgs", { as });
    const second = await call("POST", "/api/orgs", { as, body: { name: "Second Lab" } });
    await call("GET", o, { as });
    await call("POST", `${o}/active`, { as });
    // The live-update handshake's door, with the Origin a browser sends on a WebSocket handshake.
    await call("GET", `${o}/live`, { as, headers: { origin: APP_URL } });
    await call("PATCH", o, { as, body: { name: "Drift Lab Renamed" } });

    await call("GET", `${o}/members?limit=2`, { as });
    await call("PATCH", `${o}/members/${f.member.id}`, { as, body: { role: "admin" } });
    await call("PATCH", `${o}/members/${f.member.id}`, { as, body: { role: "member" } });

    const p = (await call("POST", `${o}/projects`, { as, body: { name: "Trial A", description: "Screening" } })).body.id as string;
    await call("POST", `${o}/projects`, { as, body: { name: "Trial B" } });
    await call("GET", `${o}/projects?limit=1`, { as });
    await call("GET", `${o}/projects/${p}`, { as });
    await call("PATCH", `${o}/projects/${p}`, { as, body: { description: "" } });
    await call("POST", `${o}/projects/${p}/members`, { as, body: { userId: f.admin.id, role: "member" } });
    await call("GET", `${o}/projects/${p}/members`, { as });
    await call("PATCH", `${o}/projects/${p}/members/${f.admin.id}`, { as, body: { role: "owner" } });
    await call("DELETE", `${o}/projects/${p}/members/${f.admin.id}`, { as });

    // Org invitations: list, resend, the invitee's public view, accept; cancel another; decline a third.
    await call("POST", `${o}/invitations`, { as, body: { email: "ana@example.com", role: "member" } });
    const listed = await call("GET", `${o}/invitations`, { as });
    const anaId = (listed.body.items as { id: string; email: string }[]).find((i) => i.email === "ana@example.com")!.id;
    await call("POST", `${o}/invitations/${anaId}/resend`, { as });
    const anaToken = await inviteToken("ana@example.com");
    await call("GET", `/api/invitations/${anaToken}`);
    const ana = await app.createUser({ email: "ana@example.com", name: "Ana" });
    await call("POST", `/api/invitations/${anaToken}/accept`, { as: ana });

    const bo = (await call("POST", `${o}/invitations`, { as, body: { email: "bo@example.com", role: "admin" } })).body.id as string;
    await call("DELETE", `${o}/invitations/${bo}`, { as });
    await call("POST", `${o}/invitations`, { as, body: { email: "cy@example.com", role: "member" } });
    const cy = await app.createUser({ email: "cy@example.com", name: "Cy" });
    await call("POST", `/api/invitations/${await inviteToken("cy@example.com")}/decline`, { as: cy });

    // Project invitations.
    const pi = `${o}/projects/${p}/invitations`;
    const dee = (await call("POST", pi, { as, body: { email: "dee@example.com", role: "member", orgRole: "member" } })).body.id as string;
    await call("GET", pi, { as });
    await call("POST", `${pi}/${dee}/resend`, { as });
    await call("DELETE", `${pi}/${dee}`, { as });

    await call("GET", `${o}/activity?limit=5`, { as });
    await call("GET", `/api/dev/emails?to=ana@example.com`);

    await call("DELETE", `${o}/members/${f.member.id}`, { as });
    await call("DELETE", `${o}/projects/${p}`, { as });
    await call("DELETE", `/api/orgs/${second.body.id}`, { as });

    // Avatars and logos (the body is a real picture's bytes).
    const avatar = await call("POST", "/api/me/avatar", { as, rawBody: PNG_3X2 });
    await call("GET", avatar.body.image);
    await call("DELETE", "/api/me/avatar", { as });
    await call("POST", `${o}/logo`, { as, rawBody: PNG_3X2 });
    await call("DELETE", `${o}/logo`, { as });
    // Site administration, as a site admin, on a workspace of its own: its owner is banned, it is handed over, unban.
    const g = await makeOrg(app, "Admin Drift Lab");
    const siteAdmin = await app.createUser({ name: "Sam Site" });
    await app.db.update(user).set({ role: "admin" }).where(eq(user.id, siteAdmin.id));
    await call("GET", "/api/admin/users?q=a&limit=2", { as: siteAdmin });
    await call("GET", `/api/admin/users/${g.owner.id}`, { as: siteAdmin });
    await call("POST", `/api/admin/users/${g.owner.id}/ban`, { as: siteAdmin, body: { reason: "Drift", expiresAt: "2099-01-01T00:00:00Z" } });
    await call("GET", `/api/admin/orgs/${g.slug}`, { as: siteAdmin });
    await call("POST", `/api/admin/orgs/${g.orgId}/transfer`, { as: siteAdmin, body: { userId: g.admin.id } });
    await call("POST", `/api/admin/users/${g.owner.id}/unban`, { as: siteAdmin });
    await call("GET", "/api/admin/audit?limit=2", { as: siteAdmin });

    await call("GET", "/api/openapi.json");
    await call("GET", "/api/docs");

    // Leaving for good: a newcomer exports their data, then deletes their account.
    const leaver = await app.createUser({ name: "Lee Leaver" });
    await call("GET", "/api/me/export", { as: leaver });
    await call("DELETE", "/api/me", { as: leaver, body: { confirmEmail: leaver.email } });

    const notCovered = routes.map(key).filter((k) => !succeeded.has(k));
    expect(notCovered, "routes with no successful request in this test: add one").toEqual([]);
  });

  it("refusals are Error bodies with codes the route documents", async () => {
    const o = `/api/orgs/${f.orgId}`;
    // No session: every non-public route, with well-formed ids, answers AUTH_REQUIRED.
    for (const r of routes.filter((x) => !x.public)) {
      const res = await call(r.method, r.path.replace(/:(\w+)/g, "x$1"), { as: null });
      expect(res.status, key(r)).toBe(401);
    }
    expect((await call("POST", "/api/orgs", { as: f.owner, body: { name: " " } })).body.error.details.fields.name).toBeTruthy();
    const plain = await addMember(app, f.orgId, "member");
    expect((await call("PATCH", o, { as: plain, body: { name: "Mine now" } })).status).toBe(403);
    expect((await call("GET", `${o}/projects/nope`, { as: f.owner })).status).toBe(404);
    expect((await call("GET", `${o}/activity?limit=1000`, { as: f.owner })).status).toBe(400);
    expect((await call("PATCH", `${o}/members/${f.owner.id}`, { as: f.owner, body: { role: "member" } })).status).toBe(409);
    expect((await call("GET", "/api/invitations/not-a-real-token")).status).toBe(404);
    expect(refused.size).toBeGreaterThan(10);
  });

  it("the check itself catches a drifted answer", () => {
    const headers = new Headers({ "content-type": "application/json" });
    const org = { id: "o1", name: "Lab", slug: "lab", role: "owner", requireTwoFactor: false, createdAt: new Date().toISOString() };
    expect(checkAnswer("GET", "/api/orgs", { status: 200, body: { items: [org] }, headers }).problem).toBeNull();
    // A field renamed, a role outside the enum, a wrong status, a 204 with a body, an undocumented code, a bare error.
    expect(checkAnswer("GET", "/api/orgs", { status: 200, body: { items: [{ ...org, createdAt: undefined, created: 1 }] }, headers }).problem).toMatch(/createdAt/);
    expect(checkAnswer("GET", "/api/orgs", { status: 200, body: { items: [{ ...org, role: "boss" }] }, headers }).problem).toMatch(/role/);
    expect(checkAnswer("POST", "/api/orgs", { status: 200, body: org, headers }).problem).toMatch(/documented status is 201/);
    expect(checkAnswer("DELETE", "/api/orgs/o1", { status: 204, body: { ok: true }, headers }).problem).toMatch(/without a body/);
    const lastOwner = { error: { code: "LAST_OWNER", message: "x" } };
    expect(checkAnswer("GET", "/api/orgs/o1", { status: 409, body: lastOwner, headers }).problem).toMatch(/not documented/);
    expect(checkAnswer("DELETE", "/api/orgs/o1/members/u1", { status: 409, body: lastOwner, headers }).problem).toBeNull();
    expect(checkAnswer("GET", "/api/orgs/o1", { status: 404, body: { message: "gone" }, headers }).problem).toMatch(/Error shape/);
  });
});
