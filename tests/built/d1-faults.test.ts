/**
 * Fault injection through the built Worker (issue 12): the browser's doors, "use server" functions through POST
 * /_server and the pages, while D1 fails one batch (tests/faulty-d1.mjs, applied per request by worker-entry.mjs). A
 * server function answers with the code the forms turn into a message (INTERNAL, or UNAVAILABLE for a transient
 * failure), never D1's words; its write took full effect or none. A page whose one batch fails is the error page. The
 * API's side is tests/d1-faults.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { member } from "~/db/schema";
import { domainState } from "../db-state";
import { APP_URL, BUILT_WORKER, createTestApp, type TestApp, type TestUser } from "../harness";
import { makeOrg } from "../org-fixtures";
import { builtServerFunctions } from "./build-output";
import { browserCall, readAnswer } from "./server-fn-client";

let app: TestApp;

beforeAll(async () => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  app = await createTestApp({}, { worker: BUILT_WORKER });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await app?.close();
});

async function joined(orgId: string, role: "admin" | "member"): Promise<TestUser> {
  const u = await app.createUser();
  await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgId, userId: u.id, role });
  return u;
}

const functions: { name: string; make: () => Promise<{ as: TestUser; form: Record<string, string> }> }[] = [
  {
    name: "createProjectAction",
    make: async () => {
      const { slug, owner } = await makeOrg(app, "Door Faults");
      return { as: owner, form: { slug, name: "Appraisal" } };
    },
  },
  {
    name: "changeMemberRoleAction",
    make: async () => {
      const { orgId, slug, owner } = await makeOrg(app, "Door Roles");
      const plain = await joined(orgId, "member");
      return { as: owner, form: { orgSlug: slug, userId: plain.id, role: "admin" } };
    },
  },
  {
    name: "removeMemberAction",
    make: async () => {
      const { orgId, slug, owner } = await makeOrg(app, "Door Removal");
      const plain = await joined(orgId, "member");
      return { as: owner, form: { orgSlug: slug, userId: plain.id } };
    },
  },
];

const cases = [
  { kind: "error", trip: 1, code: "INTERNAL" },
  { kind: "timeout", trip: 1, code: "UNAVAILABLE" },
  { kind: "lost-answer", trip: 1, code: "UNAVAILABLE" },
  { kind: "error", trip: 2, code: "INTERNAL" },
  { kind: "timeout", trip: 2, code: "UNAVAILABLE" },
  { kind: "lost-answer", trip: 2, code: "UNAVAILABLE" },
] as const;

const faultHeader = (kind: string, trip: number) => ({ "x-test-d1-fault": JSON.stringify({ kind, nth: trip }) });

describe("D1 fails under a server function", () => {
  for (const f of functions) {
    for (const c of cases) {
      it(`${f.name}: ${c.kind} on ${c.trip === 1 ? "the read batch" : "the write batch"}`, async () => {
        const fn = builtServerFunctions().find((x) => x.exportName === f.name);
        expect(fn, `${f.name} is in the build`).toBeDefined();
        const { as, form } = await f.make();
        const before = await domainState(app);
        const init = await browserCall(fn!, form, { Origin: APP_URL, cookie: as.cookie, ...faultHeader(c.kind, c.trip) });
        const res = await app.fetchWorker("/_server", init);
        expect(res.headers.get("x-test-d1-fault-fired"), "the fault fired").toBe("true");
        const answer = await readAnswer(res);
        const value = answer.value as { error?: { code?: string }; code?: string } | undefined;
        expect(value?.error?.code ?? value?.code ?? answer.productError?.code, answer.text.slice(0, 300)).toBe(c.code);
        expect(answer.text).not.toMatch(/D1_|SQLITE|sqlite|storage operation|Network connection/);
        const after = await domainState(app);
        if (c.kind === "lost-answer" && c.trip === 2) expect(after, "the committed write is all there").not.toBe(before);
        else expect(after, "nothing was written").toBe(before);
      });
    }
  }
});

describe("D1 fails under a page", () => {
  for (const kind of ["error", "timeout"] as const) {
    it(`the project list's one batch fails (${kind}): the error page, in the product's words`, async () => {
      const { slug, owner } = await makeOrg(app, "Page Faults");
      const res = await app.fetchWorker(`/orgs/${slug}`, { headers: { cookie: owner.cookie, ...faultHeader(kind, 1) } });
      expect(res.headers.get("x-test-d1-fault-fired")).toBe("true");
      const html = await res.text();
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(html).toContain("Something went wrong");
      expect(html).not.toMatch(/D1_|SQLITE|sqlite|storage operation/);
    });
  }
});
