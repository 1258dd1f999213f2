// The people and workspaces of `npm run load`, seeded by generated SQL (like scripts/bench-server.mjs): teams of about
// ten (an owner, an admin, researchers), each with a few projects; every person has a live session (a signed cookie),
// and every fifth has a real password and signs in through /api/auth instead, so the load includes scrypt's cost.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { hashPassword } from "better-auth/crypto";
import { executeSql, PASSWORD, sessionCookie } from "./bench-server.mjs";

const TEAM_SIZE = 10;
const PROJECTS_PER_TEAM = 12;

const q = (v) => (v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
const insert = (table, columns, rows) =>
  rows.length ? `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES\n${rows.map((r) => `(${r.map(q).join(",")})`).join(",\n")};\n` : "";

/**
 * `users` people in ceil(users / 10) teams. Returns { teams, people }: a team is { orgId, slug, name, projects: [{id,
 * ownerId}] }; a person is { id, name, email, team (index), kind: "owner" | "admin" | "researcher", password?, cookie? }.
 */
export function planWorld(users) {
  const run = randomBytes(3).toString("hex");
  // At least two teams, so that there is always someone from elsewhere to invite.
  const teamCount = Math.max(users >= 6 ? 2 : 1, Math.ceil(users / TEAM_SIZE));
  const teams = Array.from({ length: teamCount }, (_, t) => ({ orgId: randomUUID(), slug: `load-${run}-t${t}`, name: `Review team ${t + 1}`, projects: [] }));
  const people = [];
  for (let i = 0; i < users; i++) {
    const team = i % teamCount;
    const rank = Math.floor(i / teamCount);
    const kind = rank === 0 ? "owner" : rank === 1 ? "admin" : "researcher";
    const name = `${kind === "researcher" ? "Researcher" : kind === "admin" ? "Admin" : "Owner"} ${String(i).padStart(3, "0")}`;
    // Every fifth person signs in with a password (the others arrive with a session, as from yesterday).
    people.push({ id: randomUUID(), index: i, name, email: `vu${i}-${run}@example.com`, team, kind, password: i % 5 === 4 ? PASSWORD : null });
  }
  for (const [t, team] of teams.entries()) {
    const researchers = people.filter((p) => p.team === t && p.kind === "researcher");
    const owners = researchers.length ? researchers : people.filter((p) => p.team === t);
    for (let k = 0; k < PROJECTS_PER_TEAM; k++) {
      const owner = owners[k % owners.length];
      const others = researchers.filter((r) => r !== owner);
      const members = others.length ? [others[k % others.length], others[(k * 3 + 1) % others.length]].filter((m, j, a) => a.indexOf(m) === j) : [];
      team.projects.push({ id: randomUUID(), name: `Appraisal ${t + 1}.${String(k).padStart(2, "0")}`, ownerId: owner.id, memberIds: members.map((m) => m.id) });
    }
  }
  return { teams, people };
}

/** Writes the world into the local D1 at `stateDir`; people without a password get a session cookie. */
export async function seedWorld(stateDir, { teams, people }) {
  const now = Math.floor(Date.now() / 1000);
  // Seeded people have done the first-run step (/welcome), as a team's regulars have: otherwise every page sends them there.
  let sql = insert("user", ["id", "name", "email", "emailVerified", "persona", "profileCompletedAt", "createdAt", "updatedAt"], people.map((p) => [p.id, p.name, p.email, 1, "researcher", now, now, now]));
  const accounts = [];
  for (const p of people.filter((p) => p.password)) accounts.push([randomUUID(), p.id, "credential", p.id, await hashPassword(p.password), now, now]);
  sql += insert("account", ["id", "accountId", "providerId", "userId", "password", "createdAt", "updatedAt"], accounts);
  sql += insert("organization", ["id", "name", "slug", "createdAt"], teams.map((t) => [t.orgId, t.name, t.slug, now]));
  sql += insert("member", ["id", "userId", "organizationId", "role", "createdAt", "lastActiveAt"], people.map((p) => [randomUUID(), p.id, teams[p.team].orgId, p.kind === "researcher" ? "member" : p.kind, now, now]));
  const sessions = [];
  for (const p of people.filter((p) => !p.password)) {
    const token = randomBytes(16).toString("hex");
    sessions.push([randomUUID(), token, p.id, now + 30 * 86400, teams[p.team].orgId, now, now]);
    p.cookie = sessionCookie(token);
  }
  sql += insert("session", ["id", "token", "userId", "expiresAt", "activeOrganizationId", "createdAt", "updatedAt"], sessions);
  const projects = [];
  const projectMembers = [];
  for (const team of teams) {
    for (const [k, p] of team.projects.entries()) {
      projects.push([p.id, p.name, `Risk-of-bias appraisal ${k}`, team.orgId, p.ownerId, now - 100 + k, now - 100 + k]);
      projectMembers.push([randomUUID(), p.id, p.ownerId, "owner", now]);
      for (const m of p.memberIds) projectMembers.push([randomUUID(), p.id, m, "member", now]);
    }
  }
  sql += insert("projects", ["id", "name", "description", "orgId", "createdBy", "createdAt", "updatedAt"], projects);
  sql += insert("project_members", ["id", "projectId", "userId", "role", "joinedAt"], projectMembers);
  mkdirSync(".tmp/load-sql", { recursive: true });
  const file = `.tmp/load-sql/world.sql`;
  writeFileSync(file, sql);
  await executeSql(stateDir, file);
}
