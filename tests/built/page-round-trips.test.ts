/**
 * Every signed-in page costs exactly ONE D1 round trip (the session, the header's workspaces and the page's data in one
 * batch, src/server/pages/), counted on the built Worker including whatever runs while the page streams; and so does a
 * page's server query when the browser navigates.
 *
 * How it counts: with D1_METRICS=1 the Worker keeps a running total of its D1 round trips and sends it on every page
 * response (x-d1-trips-total, src/server/d1-metrics.ts). A signed-out /signin makes none, so two such probes taken
 * around a request, once its body has been read to the end, differ by exactly what that request cost.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { user } from "~/db/schema";
import { APP_URL, BUILT_WORKER, createTestApp, type TestApp, type TestUser } from "../harness";
import { builtServerFunctions, requireBuild } from "./build-output";
import { browserCall, readAnswer } from "./server-fn-client";

let app: TestApp;
let owner: TestUser;
let plain: TestUser;
let slug: string;
let projectId: string;

async function total(): Promise<number> {
  const res = await app.fetchWorker("/signin");
  await res.arrayBuffer();
  const value = res.headers.get("x-d1-trips-total");
  expect(value, "x-d1-trips-total is sent with D1_METRICS=1").not.toBeNull();
  return Number(value);
}

/** The round trips of one request, its body read to the end; the answer's status and text too. */
async function tripsOf(send: () => Promise<Response>): Promise<{ trips: number; status: number; text: string; location: string | null }> {
  const before = await total();
  const res = await send();
  const text = await res.text();
  const after = await total();
  return { trips: after - before, status: res.status, text, location: res.headers.get("location") };
}

const page = (path: string, user: TestUser) => () => app.fetchWorker(path, { headers: { cookie: user.cookie }, redirect: "manual" });

beforeAll(async () => {
  requireBuild();
  app = await createTestApp({ D1_METRICS: "1" }, { worker: BUILT_WORKER });
  owner = await app.createUser({ name: "Olga Owner" });
  plain = await app.createUser({ name: "Pia Plain" });
  const org = (await app.request("POST", "/api/orgs", { as: owner, body: { name: "Trips Lab" } })).body;
  slug = org.slug;
  projectId = (await app.request("POST", `/api/orgs/${org.id}/projects`, { as: owner, body: { name: "Counted" } })).body.id;
  await app.request("POST", `/api/orgs/${org.id}/invitations`, { as: owner, body: { email: "later@example.com", role: "member" } });
  // Pia joins as a plain member, through the same door as anyone (an invitation accepted).
  const invited = await app.request("POST", `/api/orgs/${org.id}/invitations`, { as: owner, body: { email: plain.email, role: "member" } });
  expect(invited.status).toBe(201);
  const mail = (await app.request("GET", `/api/dev/emails?to=${encodeURIComponent(plain.email)}`)).body.items[0].text as string;
  const token = /\/invite\/([\w-]+)/.exec(mail)![1];
  expect((await app.request("POST", `/api/invitations/${token}/accept`, { as: plain })).status).toBe(200);
  await app.request("POST", `/api/orgs/${org.id}/projects/${projectId}/members`, { as: owner, body: { userId: plain.id, role: "member" } });
}, 120_000);

afterAll(() => app?.close());

describe("a signed-in page costs one D1 round trip, streaming included", () => {
  it("the probe itself costs nothing", async () => {
    expect((await tripsOf(() => app.fetchWorker("/signin"))).trips).toBe(0);
  });

  const pages: [string, () => string, string][] = [
    ["the project list", () => `/orgs/${slug}`, "Counted"],
    ["the project list, searched and only mine", () => `/orgs/${slug}?q=Coun&mine=1`, "Counted"],
    ["the members", () => `/orgs/${slug}/members`, "Pia Plain"],
    ["a project", () => `/orgs/${slug}/projects/${projectId}`, "Counted"],
    ["a new project", () => `/orgs/${slug}/projects/new`, "Trips Lab"],
    ["the settings", () => `/orgs/${slug}/settings`, "Trips Lab"],
    ["the activity", () => `/orgs/${slug}/activity`, "Counted"],
    ["the account", () => "/account", "Olga Owner"],
    ["a new workspace", () => "/orgs/new", "Trips Lab"],
  ];
  for (const [name, path, shows] of pages) {
    it(`${name}, for an owner`, async () => {
      const r = await tripsOf(page(path(), owner));
      expect(r.status, r.text.slice(0, 300)).toBe(200);
      expect(r.text).toContain(shows);
      expect(r.trips).toBe(1);
    });
  }

  it("the same pages for a plain member (activity refused on the page, a project they are in, a missing one)", async () => {
    const paths: [string, number][] = [
      [`/orgs/${slug}`, 200],
      [`/orgs/${slug}/members`, 200],
      [`/orgs/${slug}/activity`, 200],
      [`/orgs/${slug}/projects/${projectId}`, 200],
      [`/orgs/${slug}/projects/nope`, 404],
    ];
    for (const [path, status] of paths) {
      const r = await tripsOf(page(path, plain));
      expect(r.status, path).toBe(status);
      expect(r.trips, path).toBe(1);
    }
  });

  it("a refused page link and a workspace that is not theirs still cost one", async () => {
    const paths: [string, number][] = [
      [`/orgs/${slug}?cursor=garbled`, 200],
      [`/orgs/${slug}/members?limit=0`, 200],
      [`/orgs/${slug}/activity?action=nope`, 200],
      ["/orgs/no-such-org/members", 404],
    ];
    for (const [path, status] of paths) {
      const r = await tripsOf(page(path, owner));
      expect(r.status, path).toBe(status);
      expect(r.trips, path).toBe(1);
    }
  });

  it("/admin for a site admin (people, a person, a workspace and the audit log) and its 404 for anyone else cost one", async () => {
    const siteAdmin = await app.createUser({ name: "Sita Admin" });
    await app.db.update(user).set({ role: "admin" }).where(eq(user.id, siteAdmin.id));
    // The new session's first use extends it (a background write, counted): used once before measuring, as the
    // others were in beforeAll.
    expect((await app.request("GET", "/api/me", { as: siteAdmin })).status).toBe(200);
    const full = await tripsOf(page(`/admin?q=Pia&user=${plain.id}&org=${slug}`, siteAdmin));
    expect(full.status, full.text.slice(0, 300)).toBe(200);
    expect(full.text).toContain("Trips Lab");
    expect(full.trips).toBe(1);
    for (const someone of [owner, plain]) {
      const refused = await tripsOf(page("/admin", someone));
      expect(refused.status).toBe(404);
      expect(refused.trips).toBe(1);
    }
  });

  it("before the first-run step: pages and the invitation page send to /welcome, which shows, each in one", async () => {
    const newcomer = await app.createUser({ name: "Nia Newcomer", profile: false });
    // Its first use extends the fresh-from-the-harness session in the background, a trip that is not the page's.
    await app.request("GET", "/api/me", { as: newcomer });
    const invitationPath = "/invite/" + "t".repeat(43);
    const cases: [string, number, string | null][] = [
      ["/", 302, "/welcome"],
      [`/orgs/${slug}/members?q=P`, 302, `/welcome?next=${encodeURIComponent(`/orgs/${slug}/members?q=P`)}`],
      ["/account", 302, `/welcome?next=${encodeURIComponent("/account")}`],
      [invitationPath, 302, `/welcome?next=${encodeURIComponent(invitationPath)}`],
      ["/welcome", 200, null],
    ];
    for (const [path, status, location] of cases) {
      const r = await tripsOf(page(path, newcomer));
      expect(r.status, path).toBe(status);
      expect(r.location, path).toBe(location);
      expect(r.trips, path).toBe(1);
    }
    // Done already: /welcome sends on to `next` (same-origin paths only), in one as well.
    const back = await tripsOf(page(`/welcome?next=${encodeURIComponent(`/orgs/${slug}`)}`, owner));
    expect([back.status, back.location, back.trips]).toEqual([302, `/orgs/${slug}`, 1]);
    const offsite = await tripsOf(page(`/welcome?next=${encodeURIComponent("//evil.example/")}`, owner));
    expect([offsite.status, offsite.location]).toEqual([302, "/"]);
  });

  it('"/" redirects to the workspace in one', async () => {
    const r = await tripsOf(page("/", owner));
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/orgs/${slug}`);
    expect(r.trips).toBe(1);
  });
});

describe("a page's server query on client navigation costs one D1 round trip", () => {
  const call = async (exportName: string, args: string[], user: TestUser) => {
    const fn = builtServerFunctions().find((f) => f.exportName === exportName && f.kind === "query");
    expect(fn, exportName).toBeDefined();
    const init = await browserCall({ id: fn!.id, name: fn!.name }, args, { Origin: APP_URL, cookie: user.cookie });
    let answer: Awaited<ReturnType<typeof readAnswer>> | undefined;
    const r = await tripsOf(async () => {
      const res = await app.fetchWorker("/_server", init);
      answer = await readAnswer(res.clone());
      return res;
    });
    return { trips: r.trips, answer: answer! };
  };

  it("every page query, with other parameters than any page load", async () => {
    const calls: [string, string[], (v: any) => unknown][] = [
      ["getProjectList", [slug, "Coun", "", "", ""], (v) => v.items.map((p: { name: string }) => p.name)],
      ["getMembersData", [slug, "Pia", "", "", ""], (v) => v.members.map((m: { name: string }) => m.name)],
      ["getProjectPage", [slug, projectId], (v) => v.project.name],
      ["getProjectOrg", [slug], (v) => v.slug],
      ["getSettingsData", [slug], (v) => v.org.slug],
      ["getActivityData", [slug, "", "", "project.created", ""], (v) => v.items.length],
      ["getAccount", [], (v) => v.user.name],
      ["getViewer", [], (v) => v.orgs.map((o: { slug: string }) => o.slug)],
      ["findOrgMembers", [slug, "Pia"], (v) => v.map((m: { name: string }) => m.name)],
    ];
    const seen: Record<string, unknown> = {};
    const trips: Record<string, number> = {};
    for (const [name, args, pick] of calls) {
      const { trips: n, answer } = await call(name, args, owner);
      expect(answer.outcome, `${name}: ${answer.text.slice(0, 200)}`).toBe("ok");
      seen[name] = pick(answer.value);
      trips[name] = n;
    }
    expect(seen).toEqual({
      getProjectList: ["Counted"],
      getMembersData: ["Pia Plain"],
      getProjectPage: "Counted",
      getProjectOrg: slug,
      getSettingsData: slug,
      getActivityData: 1,
      getAccount: "Olga Owner",
      getViewer: [slug],
      findOrgMembers: ["Pia Plain"],
    });
    expect(trips).toEqual(Object.fromEntries(calls.map(([name]) => [name, 1])));
  });
});
