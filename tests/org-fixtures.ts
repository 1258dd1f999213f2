/** Fixtures for the org administration tests: orgs and members written directly (fast), rows read back to assert. */
import { and, eq } from "drizzle-orm";
import { activityLog, member, projectMembers, projects } from "~/db/schema";
import type { OrgRole } from "~/lib/permissions";
import type { TestApp, TestUser } from "./harness";

export interface OrgFixture {
  orgId: string;
  slug: string;
  owner: TestUser;
  admin: TestUser;
  member: TestUser;
}

/** An org created through the API (the owner's own), plus an admin and a member added directly. */
export async function makeOrg(app: TestApp, name = "Team"): Promise<OrgFixture> {
  const owner = await app.createUser({ name: "Olive Owner" });
  const res = await app.request("POST", "/api/orgs", { as: owner, body: { name } });
  if (res.status !== 201) throw new Error(`createOrg failed: ${res.status} ${JSON.stringify(res.body)}`);
  const orgId = res.body.id as string;
  const admin = await addMember(app, orgId, "admin", "Adam Admin");
  const plain = await addMember(app, orgId, "member", "Mia Member");
  return { orgId, slug: res.body.slug, owner, admin, member: plain };
}

export async function addMember(app: TestApp, orgId: string, role: OrgRole, name?: string, email?: string): Promise<TestUser> {
  const u = await app.createUser({ name, email });
  await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: orgId, userId: u.id, role });
  return u;
}

export async function roleOf(app: TestApp, orgId: string, userId: string): Promise<OrgRole | null> {
  const rows = await app.db
    .select({ role: member.role })
    .from(member)
    .where(and(eq(member.organizationId, orgId), eq(member.userId, userId)));
  return rows[0]?.role ?? null;
}

export async function memberRows(app: TestApp, orgId: string) {
  return app.db.select().from(member).where(eq(member.organizationId, orgId));
}

export async function activityRows(app: TestApp, orgId: string) {
  return app.db.select().from(activityLog).where(eq(activityLog.orgId, orgId));
}

export async function addProject(app: TestApp, orgId: string, createdBy: string, members: [string, "owner" | "member"][]): Promise<string> {
  const id = crypto.randomUUID();
  await app.db.insert(projects).values({ id, orgId, name: `Project ${id.slice(0, 4)}`, createdBy });
  let t = 0;
  for (const [userId, role] of members) {
    // Distinct join times so "longest-standing member" is well defined.
    await app.db.insert(projectMembers).values({ id: crypto.randomUUID(), projectId: id, userId, role, joinedAt: new Date(Date.now() - 100_000 + t++ * 1000) });
  }
  return id;
}

export async function projectRoleOf(app: TestApp, projectId: string, userId: string) {
  const rows = await app.db
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  return rows[0]?.role ?? null;
}
