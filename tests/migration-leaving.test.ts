/**
 * Migrations 0009-0013 on a database that already holds rows. drizzle-kit rebuilds projects, invitation and
 * project_invitations so that createdBy, inviterId and invitedBy can be set null (0010); on D1 dropping the old projects
 * table cascades to project members and invitations, which 0009 copies aside and 0012 puts back; 0011 re-creates the
 * case-insensitive name index (drizzle-kit's rebuild writes it as a quoted column name, which fails); 0013 rewrites
 * the invitation states to the seed's names.
 */
import { applyD1Migrations, type D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const all = (env as unknown as { TEST_MIGRATIONS: D1Migration[] }).TEST_MIGRATIONS;
const db = (env as unknown as Record<string, D1Database>).TEST_DB_1!;
const before = all.filter((m) => m.name < "0009");

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.prepare(sql).all()).results;
}

describe("migrations 0009 to 0013 on existing rows", () => {
  it("keep every project, membership and invitation, and rewrite declined and cancelled to the seed's names", async () => {
    expect(before.length).toBeGreaterThan(0);
    await applyD1Migrations(db, before);
    const now = Math.floor(Date.now() / 1000);
    const later = now + 86_400;
    await db.batch([
      db.prepare("insert into user (id, name, email, emailVerified) values ('u1', 'Ann', 'ann@example.com', 1), ('u2', 'Bo', 'bo@example.com', 1)"),
      db.prepare("insert into organization (id, name, slug) values ('o1', 'Lab', 'lab')"),
      db.prepare("insert into member (id, userId, organizationId, role) values ('m1', 'u1', 'o1', 'owner'), ('m2', 'u2', 'o1', 'member')"),
      db.prepare("insert into projects (id, name, orgId, createdBy) values ('p1', 'Review', 'o1', 'u1')"),
      db.prepare("insert into project_members (id, projectId, userId, role) values ('pm1', 'p1', 'u1', 'owner'), ('pm2', 'p1', 'u2', 'member')"),
      db.prepare(
        `insert into invitation (id, email, inviterId, organizationId, status, token, expiresAt) values
         ('i1', 'a@example.com', 'u1', 'o1', 'pending', 't1', ${later}), ('i2', 'b@example.com', 'u1', 'o1', 'declined', 't2', ${later}),
         ('i3', 'c@example.com', 'u1', 'o1', 'cancelled', 't3', ${later}), ('i4', 'd@example.com', 'u1', 'o1', 'accepted', 't4', ${later})`,
      ),
      db.prepare(
        `insert into project_invitations (id, orgId, projectId, email, status, token, invitedBy, expiresAt) values
         ('pi1', 'o1', 'p1', 'e@example.com', 'pending', 't5', 'u1', ${later}), ('pi2', 'o1', 'p1', 'f@example.com', 'declined', 't6', 'u1', ${later}),
         ('pi3', 'o1', 'p1', 'g@example.com', 'cancelled', 't7', 'u1', ${later})`,
      ),
    ]);

    await applyD1Migrations(db, all);

    expect(await rows("select id, createdBy from projects")).toEqual([{ id: "p1", createdBy: "u1" }]);
    expect((await rows("select id from project_members order by id")).map((r) => r.id)).toEqual(["pm1", "pm2"]);
    expect(await rows("select id, status, inviterId from invitation order by id")).toEqual([
      { id: "i1", status: "pending", inviterId: "u1" },
      { id: "i2", status: "rejected", inviterId: "u1" },
      { id: "i3", status: "canceled", inviterId: "u1" },
      { id: "i4", status: "accepted", inviterId: "u1" },
    ]);
    expect(await rows("select id, status from project_invitations order by id")).toEqual([
      { id: "pi1", status: "pending" },
      { id: "pi2", status: "rejected" },
      { id: "pi3", status: "canceled" },
    ]);
    // The rebuilt tables kept their indexes, the name search's case-insensitive one included.
    const indexes = (await rows("select name from sqlite_master where type = 'index' and tbl_name in ('projects', 'invitation', 'project_invitations')")).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(["projects_org_name_nocase_idx", "invitation_pending_uq", "project_invitations_pending_uq"]));
    expect(await rows("pragma foreign_key_check")).toEqual([]);
  });
});
