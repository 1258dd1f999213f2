/**
 * Name search (src/server/domain/search.ts) through the real API: what it matches, and that the statements the list
 * routes send to D1 read the matches from an index of the org (EXPLAIN QUERY PLAN of the very SQL they ran), never a
 * scan of the org's projects or members.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projects } from "~/db/schema";
import { createTestApp, type TestApp } from "./harness";
import { addMember, addProject, makeOrg, type OrgFixture } from "./org-fixtures";

let app: TestApp;
let org: OrgFixture;
/** Every statement the app prepared, with its bound values, since the last reset. */
let seen: { sql: string; params: unknown[] }[] = [];

/** Records what the app sends; the binding itself answers. */
function recording(d1: D1Database): D1Database {
  return new Proxy(d1, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (key !== "prepare") return typeof value === "function" ? value.bind(target) : value;
      return (query: string) => {
        const stmt = target.prepare(query);
        const entry = { sql: query, params: [] as unknown[] };
        seen.push(entry);
        return new Proxy(stmt, {
          get(t, k) {
            const v = Reflect.get(t, k, t);
            if (k === "bind") {
              return (...params: unknown[]) => {
                entry.params = params;
                return v.apply(t, params);
              };
            }
            return typeof v === "function" ? v.bind(t) : v;
          },
        });
      };
    },
  });
}

beforeAll(async () => {
  app = await createTestApp({}, { wrapD1: recording });
  org = await makeOrg(app, "Search Lab");
  const names = ["Cardiology review", "cardiac outcomes", "Neurology", "100% Sure", "snake_case study", "snakeycase study", "Études"];
  for (const name of names) {
    const id = await addProject(app, org.orgId, org.owner.id, [[org.owner.id, "owner"]]);
    await app.db.update(projects).set({ name }).where(eq(projects.id, id));
  }
  await addMember(app, org.orgId, "member", "Carla Jones", "carla@example.com");
  await addMember(app, org.orgId, "member", "Jonas Carlsen", "jonas.c@example.com");
  await addMember(app, org.orgId, "member", "Snake Case", "snake_case@example.com");
  await addMember(app, org.orgId, "member", "Snakey", "snakeycase@example.com");
  // Another org with the same names: a search never reaches across orgs.
  const other = await makeOrg(app, "Other Lab");
  const id = await addProject(app, other.orgId, other.owner.id, [[other.owner.id, "owner"]]);
  await app.db.update(projects).set({ name: "Cardiology elsewhere" }).where(eq(projects.id, id));
  await addMember(app, other.orgId, "member", "Carla Elsewhere", "carla.elsewhere@example.com");
});
afterAll(() => app?.close());

async function projectNames(q: string, as = org.owner): Promise<string[]> {
  const res = await app.request("GET", `/api/orgs/${org.orgId}/projects?q=${encodeURIComponent(q)}`, { as });
  expect(res.status).toBe(200);
  return res.body.items.map((p: { name: string }) => p.name).sort();
}

async function memberNames(q: string): Promise<string[]> {
  const res = await app.request("GET", `/api/orgs/${org.orgId}/members?q=${encodeURIComponent(q)}`, { as: org.member });
  expect(res.status).toBe(200);
  return res.body.items.map((m: { name: string }) => m.name).sort();
}

/** The query plans of the statements just run that read `table`, one string per statement. */
async function plansReading(table: string): Promise<string[]> {
  const plans: string[] = [];
  for (const s of seen.filter((x) => new RegExp(`from "${table}"|join "${table}"`).test(x.sql) && /^select/i.test(x.sql))) {
    const rows = await app.bindings.DB.prepare(`EXPLAIN QUERY PLAN ${s.sql}`)
      .bind(...s.params)
      .all<{ detail: string }>();
    plans.push(rows.results.map((r) => r.detail).join("\n"));
  }
  return plans;
}

describe("project name search", () => {
  it("matches names that start with the term, in any ASCII case, with % and _ as plain characters", async () => {
    expect(await projectNames("cardi")).toEqual(["Cardiology review", "cardiac outcomes"]);
    expect(await projectNames("CARDIOLOGY R")).toEqual(["Cardiology review"]);
    expect(await projectNames("100%")).toEqual(["100% Sure"]);
    expect(await projectNames("%")).toEqual([]);
    expect(await projectNames("snake_")).toEqual(["snake_case study"]);
    expect(await projectNames("Études")).toEqual(["Études"]);
    expect(await projectNames("ology")).toEqual([]);
    expect(await projectNames("nobody")).toEqual([]);
  });

  it("reads the matches from the org's name index, for an org admin and for a plain member", async () => {
    await app.request("POST", `/api/orgs/${org.orgId}/projects/${(await app.request("GET", `/api/orgs/${org.orgId}/projects?q=Neuro`, { as: org.owner })).body.items[0].id}/members`, {
      as: org.owner,
      body: { userId: org.member.id, role: "member" },
    });
    for (const who of [org.owner, org.member]) {
      seen = [];
      expect(await projectNames("Neuro", who)).toEqual(["Neurology"]);
      const plans = await plansReading("projects");
      expect(plans.length).toBeGreaterThan(0);
      for (const plan of plans) expect(plan).not.toMatch(/SCAN projects|SCAN member\b/);
      // The admin's variant (every project of the org) and its count walk the name index by range.
      if (who === org.owner) expect(plans.join("\n")).toMatch(/SEARCH projects USING INDEX projects_org_name_nocase_idx \(orgId=\? AND name>\? AND name<\?\)/);
    }
  });
});

describe("member search", () => {
  it("matches names or emails that start with the term, in this org only", async () => {
    expect(await memberNames("carl")).toEqual(["Carla Jones"]);
    expect(await memberNames("JONAS C")).toEqual(["Jonas Carlsen"]);
    expect(await memberNames("jonas.c@")).toEqual(["Jonas Carlsen"]);
    expect(await memberNames("snake_")).toEqual(["Snake Case"]);
    expect(await memberNames("snake")).toEqual(["Snake Case", "Snakey"]);
    expect(await memberNames("jones")).toEqual([]);
  });

  it("reads the matches from the org's name index and the email index, never the whole org", async () => {
    seen = [];
    expect(await memberNames("carla")).toEqual(["Carla Jones"]);
    const plans = await plansReading("member");
    expect(plans.length).toBeGreaterThan(0);
    const all = plans.join("\n");
    expect(all).not.toMatch(/SCAN member\b|SCAN user\b/);
    expect(all).toMatch(/SEARCH search_member USING COVERING INDEX member_org_sort_idx \(organizationId=\? AND sortName>\? AND sortName<\?\)/);
    expect(all).toMatch(/SEARCH member USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(all).not.toMatch(/member_org_sort_idx \(organizationId=\?\)/);
    expect(all).toMatch(/SEARCH user USING INDEX user_email_unique \(email>\? AND email<\?\)/);
  });
});
