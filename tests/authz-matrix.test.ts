/**
 * Runs every cell of tests/authz-matrix.ts against a real local D1 (Miniflare), through the real API handler, and the
 * domain call behind every "use server" function under the same subjects. A cell fails on a different status or error
 * code (an unexpected allow is named as such), on any 5xx, and when a refused call changed any row of any table.
 * After a call that changed rows (an allowed write) the changed tables are put back to the world's rows, so no cell
 * depends on what an earlier one did.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invitation, member, organization, projectInvitations, projectMembers, projects, session, user } from "~/db/schema";
import { canOrg } from "~/lib/permissions";
import { routes } from "~/server/api/routes/index";
import type { AppContext } from "~/server/context";
import { requireOrgMember } from "~/server/domain/access";
import { listDevEmails } from "~/server/domain/dev-mailbox";
import { acceptInvitation, declineInvitation, getInvitationByToken } from "~/server/domain/invitation-accept";
import { hashInvitationToken } from "~/server/domain/invitation-tokens";
import { cancelOrgInvitation, createOrgInvitation, inviteManyToOrg, listOrgInvitations, resendOrgInvitation } from "~/server/domain/invitations";
import { changeOrgMemberRole, listOrgMembers, removeOrgMember } from "~/server/domain/members";
import { getActivityPage, getMembersPage, getSettingsPage } from "~/server/domain/org-admin-pages";
import { deleteOrg, updateOrg } from "~/server/domain/org-settings";
import { createOrg, getOrgDetail, listUserOrgs, setActiveOrg } from "~/server/domain/orgs";
import { cancelProjectInvitation, createProjectInvitation, resendProjectInvitation } from "~/server/domain/project-invitations";
import { getProjectPageBySlug } from "~/server/domain/project-page";
import { addProjectMember, changeProjectMemberRole, removeProjectMember } from "~/server/domain/project-members";
import { createProject, deleteProject, listProjectsBySlug, updateProject } from "~/server/domain/projects";
import { AppError } from "~/server/errors";
import type { SessionUser } from "~/server/session";
import {
  apiMatrix,
  idKinds,
  outcomeMeaning,
  outcomes,
  rpcMatrix,
  snapshotDb,
  changedTables,
  diffSnapshots,
  installWriteCounter,
  restoreTables,
  subjects,
  writeCount,
  type Cell,
  type IdKind,
  type Outcome,
  type RouteEntry,
  type Snapshot,
  type Subject,
} from "./authz-matrix";
import { createTestApp, TEST_SECRET, type TestApp } from "./harness";

// ====================================================================== the world

const userKeys = ["noOrg", "mem", "adm", "own", "pMem", "pOwn", "aOut", "other", "otherOwner", "victimA", "addableA", "victimB", "addableB"] as const;
type UserKey = (typeof userKeys)[number];

interface WorldUser extends SessionUser {
  cookie: string;
  sessionId: string;
}

interface World {
  users: Record<UserKey, WorldUser>;
  orgA: { id: string; slug: string };
  orgB: { id: string; slug: string };
  projectP: string;
  projectQ: string;
  invA: { id: string; token: string };
  invB: { id: string; token: string };
  invP: { id: string; token: string };
  invQ: { id: string; token: string };
  /** Invitations addressed to each signed-in subject: to org A, and to project P. */
  orgTokenFor: Record<string, string>;
  projectTokenFor: Record<string, string>;
}

async function signCookie(value: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(TEST_SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(value));
  return encodeURIComponent(`${value}.${btoa(String.fromCharCode(...new Uint8Array(sig)))}`);
}

function randomToken(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

const short = () => crypto.randomUUID().slice(0, 8);

/** Every row written directly in one batch (fast): the state described at the top of tests/authz-matrix.ts. */
async function buildWorld(app: TestApp): Promise<World> {
  const db = app.db;
  const stmts: any[] = [];
  const users = {} as Record<UserKey, WorldUser>;
  for (const key of userKeys) {
    const id = crypto.randomUUID();
    const token = crypto.randomUUID().replace(/-/g, "");
    const sessionId = crypto.randomUUID();
    const u: WorldUser = { id, name: `User ${key}`, email: `${key.toLowerCase()}@example.test`, emailVerified: true, sessionId, cookie: `better-auth.session_token=${await signCookie(token)}` };
    users[key] = u;
    stmts.push(db.insert(user).values({ id, name: u.name, email: u.email, emailVerified: true }));
    // A session as fresh as sign-in makes it (30 days): an older-looking one would be extended on first use, a write.
    stmts.push(db.insert(session).values({ id: sessionId, token, userId: id, expiresAt: new Date(Date.now() + 30 * 86_400_000) }));
  }
  const orgA = { id: crypto.randomUUID(), slug: `org-a-${short()}` };
  const orgB = { id: crypto.randomUUID(), slug: `org-b-${short()}` };
  stmts.push(db.insert(organization).values([
    { id: orgA.id, name: "Org A", slug: orgA.slug },
    { id: orgB.id, name: "Org B", slug: orgB.slug },
  ]));
  const m = (orgId: string, k: UserKey, role: "owner" | "admin" | "member") => ({ id: crypto.randomUUID(), organizationId: orgId, userId: users[k].id, role });
  stmts.push(db.insert(member).values([
    m(orgA.id, "own", "owner"),
    m(orgA.id, "adm", "admin"),
    m(orgA.id, "aOut", "admin"),
    m(orgA.id, "mem", "member"),
    m(orgA.id, "pMem", "member"),
    m(orgA.id, "pOwn", "member"),
    m(orgA.id, "victimA", "member"),
    m(orgA.id, "addableA", "member"),
    m(orgB.id, "otherOwner", "owner"),
    m(orgB.id, "other", "admin"),
    m(orgB.id, "victimB", "member"),
    m(orgB.id, "addableB", "member"),
  ]));
  const projectP = crypto.randomUUID();
  const projectQ = crypto.randomUUID();
  stmts.push(db.insert(projects).values([
    { id: projectP, orgId: orgA.id, name: "Project P", description: "In org A", createdBy: users.pOwn.id },
    { id: projectQ, orgId: orgB.id, name: "Project Q", description: "In org B", createdBy: users.otherOwner.id },
  ]));
  // Distinct join times: "longest-standing member" (heir of a leaving owner) is well defined.
  let t = 0;
  const pm = (projectId: string, k: UserKey, role: "owner" | "member") => ({
    id: crypto.randomUUID(),
    projectId,
    userId: users[k].id,
    role,
    joinedAt: new Date(Date.now() - 100_000 + t++ * 1000),
  });
  stmts.push(db.insert(projectMembers).values([
    pm(projectP, "pOwn", "owner"),
    pm(projectP, "pMem", "member"),
    pm(projectP, "adm", "member"),
    pm(projectP, "victimA", "member"),
    pm(projectQ, "otherOwner", "owner"),
    pm(projectQ, "victimB", "member"),
  ]));
  const expiresAt = new Date(Date.now() + 6 * 86_400_000);
  const orgInvitation = async (orgId: string, email: string, inviter: UserKey) => {
    const token = randomToken();
    const id = crypto.randomUUID();
    stmts.push(db.insert(invitation).values({ id, email, inviterId: users[inviter].id, organizationId: orgId, role: "member", status: "pending", token: await hashInvitationToken(token), expiresAt }));
    return { id, token };
  };
  const projectInvitation = async (orgId: string, projectId: string, email: string, inviter: UserKey) => {
    const token = randomToken();
    const id = crypto.randomUUID();
    stmts.push(
      db.insert(projectInvitations).values({ id, orgId, projectId, email, role: "member", orgRole: "member", status: "pending", token: await hashInvitationToken(token), invitedBy: users[inviter].id, expiresAt }),
    );
    return { id, token };
  };
  const invA = await orgInvitation(orgA.id, "invitee-a@example.test", "own");
  const invB = await orgInvitation(orgB.id, "invitee-b@example.test", "otherOwner");
  const invP = await projectInvitation(orgA.id, projectP, "invitee-p@example.test", "pOwn");
  const invQ = await projectInvitation(orgB.id, projectQ, "invitee-q@example.test", "otherOwner");
  const orgTokenFor: Record<string, string> = {};
  const projectTokenFor: Record<string, string> = {};
  for (const s of subjects) {
    if (s === "anon") continue;
    orgTokenFor[s] = (await orgInvitation(orgA.id, users[s].email, "own")).token;
    projectTokenFor[s] = (await projectInvitation(orgA.id, projectP, users[s].email, "pOwn")).token;
  }
  await db.batch(stmts as [any, ...any[]]);
  return { users, orgA, orgB, projectP, projectQ, invA, invB, invP, invQ, orgTokenFor, projectTokenFor };
}

// ====================================================================== resolving a cell

interface Ids {
  orgId: string;
  slug: string;
  projectId: string;
  userId: string;
  id: string;
  token: string;
  /** For body placeholders. */
  addable: string;
  userB: string;
}

function paramNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
}

/** The ids a row means (see "Rows" in tests/authz-matrix.ts) for one subject and one route. */
function resolveIds(w: World, kind: IdKind, subject: Subject, path: string): Ids {
  const params = paramNames(path);
  const last = params[params.length - 1];
  const isProject = params.includes("projectId");
  const orgSideB = kind === "foreign";
  const childSideB = kind === "foreign" || kind === "mixed";
  const lastSideB = childSideB || kind === "crossChild";
  const sideOf = (name: string) => (name === last ? lastSideB : childSideB);
  const missing = (name: string) => kind === "missing" && name === last;
  const caller = subject === "anon" ? null : w.users[subject];

  const orgId = missing("orgId") ? crypto.randomUUID() : orgSideB ? w.orgB.id : w.orgA.id;
  const slug = missing("orgId") ? `no-such-org-${short()}` : orgSideB ? w.orgB.slug : w.orgA.slug;
  const projectId = missing("projectId") ? crypto.randomUUID() : sideOf("projectId") ? w.projectQ : w.projectP;
  let userId: string;
  if (missing("userId")) userId = crypto.randomUUID();
  else if (sideOf("userId")) userId = w.users.victimB.id;
  else if (kind === "self") userId = caller?.id ?? crypto.randomUUID();
  else if (kind === "owner") userId = isProject ? w.users.pOwn.id : w.users.own.id;
  else userId = w.users.victimA.id;
  let id: string;
  if (missing("id")) id = crypto.randomUUID();
  else if (isProject) id = sideOf("id") ? w.invQ.id : w.invP.id;
  else id = sideOf("id") ? w.invB.id : w.invA.id;
  let token: string;
  if (kind === "missing") token = randomToken();
  else if (kind === "foreign") token = w.invB.token;
  else if (kind === "ownProject") token = caller ? w.projectTokenFor[subject]! : w.invP.token;
  else token = caller ? w.orgTokenFor[subject]! : w.invA.token;
  const projectSideB = sideOf("projectId");
  return { orgId, slug, projectId, userId, id, token, addable: projectSideB ? w.users.addableB.id : w.users.addableA.id, userB: w.users.victimB.id };
}

function fillPath(path: string, ids: Ids): string {
  return path.replace(/:([A-Za-z]+)/g, (_, k: string) => encodeURIComponent((ids as unknown as Record<string, string>)[k]!));
}

function fillBody(body: Record<string, unknown> | undefined, ids: Ids): Record<string, unknown> | undefined {
  if (!body) return undefined;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === "$addable" ? ids.addable : v === "$userB" ? ids.userB : v]));
}

function parseExpect(expect: string): Outcome[] {
  return expect.trim().split(/\s+/) as Outcome[];
}

function splitRoute(route: string): { method: string; path: string } {
  const [method, path] = route.split(" ");
  return { method: method!, path: path! };
}

// ====================================================================== the run

let app: TestApp;
let world: World;
/** The world as built; every call that changes rows is followed by restoring the tables it changed. */
let baseline: Snapshot;
/** The write counter's value while the database is exactly `baseline`. */
let cleanCount: number;
const counts = { api: 0, domain: 0, rpcSignedOut: 0, restores: 0 };

/**
 * Checks one outcome against its expectation and the rows before/after. `result` is an HTTP status and error code, or
 * for domain calls the AppError's (or success). Returns the problems found (empty: the cell passed).
 */
async function judge(label: string, expected: Outcome, result: { status: number; code?: string; raw?: unknown }): Promise<string[]> {
  const problems: string[] = [];
  const want = outcomeMeaning[expected];
  // Only a call that wrote something can have changed a row; then the snapshot says what changed, if anything.
  const wrote = (await writeCount(app)) !== cleanCount;
  const after = wrote ? await snapshotDb(app.db) : baseline;
  const changed = diffSnapshots(baseline, after);
  if (result.status >= 500) problems.push(`${label}: ${result.status} (server error) ${JSON.stringify(result.raw)?.slice(0, 300)}`);
  else if (result.status !== want.status || (want.code && result.code !== want.code)) {
    const allow = result.status < 400 && want.status >= 400;
    problems.push(`${label}: ${allow ? "UNEXPECTED ALLOW " : ""}expected ${expected}, got ${result.status} ${result.code ?? ""}`.trim());
  }
  if (result.status >= 400 && changed.length) problems.push(`${label}: refused with ${result.status} but changed ${changed.join(", ")}`);
  if (changed.length) {
    await restoreTables(app, baseline, changedTables(baseline, after));
    counts.restores++;
  }
  if (wrote) cleanCount = await writeCount(app);
  return problems;
}

async function runApiCell(entry: RouteEntry, rowName: string, cell: Cell, i: number): Promise<string[]> {
  const subject = subjects[i]!;
  const expected = parseExpect(cell.expect)[i]!;
  const { method, path } = splitRoute(entry.route);
  const ids = resolveIds(world, cell.ids ?? (rowName as IdKind), subject, path);
  const res = await app.request(method, fillPath(path, ids), { as: subject === "anon" ? null : world.users[subject].cookie, body: fillBody(cell.body, ids) });
  counts.api++;
  const problems = await judge(`${entry.route} [${rowName}] as ${subject}`, expected, { status: res.status, code: res.body?.error?.code, raw: res.body });
  if (res.status >= 400 && res.status < 500) {
    const e = res.body?.error;
    if (!e || typeof e.code !== "string" || typeof e.message !== "string") problems.push(`${entry.route} [${rowName}] as ${subject}: error body has the wrong shape ${JSON.stringify(res.body)}`);
  }
  return problems;
}

// ---------------------------------------------------------------------- domain calls behind the server functions

interface Caller extends WorldUser {}
type Invoker = (ctx: AppContext, c: Caller, ids: Ids, body: Record<string, unknown> | undefined) => Promise<unknown>;

const actorOf = (c: Caller) => ({ id: c.id, name: c.name });
/** The rpc layer's first step for org pages and forms: the org of the URL's slug, for the caller. */
const orgIdOf = async (ctx: AppContext, c: Caller, ids: Ids) => (await requireOrgMember(ctx, c.id, { slug: ids.slug })).org.id;

/** Each the same composition as the server function's body (src/rpc/*.ts), minus SolidStart. */
const invokers: Record<string, Invoker> = {
  listDevEmails: (ctx) => listDevEmails(ctx, undefined),
  getInvitationByToken: (ctx, _c, ids) => getInvitationByToken(ctx, ids.token),
  acceptInvitation: async (ctx, c, ids) => {
    const r = await acceptInvitation(ctx, c, ids.token);
    return setActiveOrg(ctx, c.id, c.sessionId, r.orgId);
  },
  declineInvitation: (ctx, c, ids) => declineInvitation(ctx, c, ids.token),
  "getOrgDetail(slug)": (ctx, c, ids) => getOrgDetail(ctx, c.id, { slug: ids.slug }),
  createOrg: (ctx, c, _ids, body) => createOrg(ctx, c.id, body, c.sessionId),
  setActiveOrg: (ctx, c, ids) => setActiveOrg(ctx, c.id, c.sessionId, ids.orgId),
  listUserOrgs: (ctx, c) => listUserOrgs(ctx, c.id),
  "listProjects(slug)": async (ctx, c, ids) => listProjectsBySlug(ctx, c.id, ids.slug, {}),
  "getProjectPage(slug)": async (ctx, c, ids) => getProjectPageBySlug(ctx, c.id, ids.slug, ids.projectId),
  "requireOrgMember(slug)": (ctx, c, ids) => requireOrgMember(ctx, c.id, { slug: ids.slug }),
  "listOrgMembers(slug)": async (ctx, c, ids) => listOrgMembers(ctx, c.id, await orgIdOf(ctx, c, ids), { limit: 100 }),
  "createProject(slug)": async (ctx, c, ids, body) => createProject(ctx, c.id, await orgIdOf(ctx, c, ids), body),
  "updateProject(slug)": async (ctx, c, ids, body) => updateProject(ctx, c.id, await orgIdOf(ctx, c, ids), ids.projectId, body),
  "deleteProject(slug)": async (ctx, c, ids) => deleteProject(ctx, c.id, await orgIdOf(ctx, c, ids), ids.projectId),
  "addProjectMember(slug)": async (ctx, c, ids, body) => addProjectMember(ctx, c.id, await orgIdOf(ctx, c, ids), ids.projectId, body),
  "changeProjectMemberRole(slug)": async (ctx, c, ids, body) => changeProjectMemberRole(ctx, c.id, await orgIdOf(ctx, c, ids), ids.projectId, ids.userId, body),
  "removeProjectMember(slug)": async (ctx, c, ids) => removeProjectMember(ctx, c.id, await orgIdOf(ctx, c, ids), ids.projectId, ids.userId),
  "createProjectInvitation(slug)": async (ctx, c, ids, body) => createProjectInvitation(ctx, actorOf(c), await orgIdOf(ctx, c, ids), ids.projectId, body),
  "resendProjectInvitation(slug)": async (ctx, c, ids) => resendProjectInvitation(ctx, actorOf(c), await orgIdOf(ctx, c, ids), ids.projectId, ids.id),
  "cancelProjectInvitation(slug)": async (ctx, c, ids) => cancelProjectInvitation(ctx, actorOf(c), await orgIdOf(ctx, c, ids), ids.projectId, ids.id),
  "getMembersPage(slug)": async (ctx, c, ids) => {
    const page = await getMembersPage(ctx, c.id, ids.slug, {});
    if (canOrg(page.org.role, "invitations.manage")) await listOrgInvitations(ctx, actorOf(c), page.org.id, { limit: 100 });
    return page;
  },
  "changeOrgMemberRole(slug)": async (ctx, c, ids, body) => changeOrgMemberRole(ctx, actorOf(c), await orgIdOf(ctx, c, ids), ids.userId, body),
  "removeOrgMember(slug)": async (ctx, c, ids) => removeOrgMember(ctx, actorOf(c), await orgIdOf(ctx, c, ids), ids.userId),
  "createOrgInvitation(slug)": async (ctx, c, ids, body) => createOrgInvitation(ctx, actorOf(c), await orgIdOf(ctx, c, ids), body),
  // The members page's form sends many addresses; one address must be decided exactly like the API's create.
  "inviteManyToOrg(slug)": async (ctx, c, ids, body) => {
    const { email, role } = (body ?? {}) as { email?: unknown; role?: unknown };
    const [r] = await inviteManyToOrg(ctx, actorOf(c), await orgIdOf(ctx, c, ids), { emails: typeof email === "string" ? email : "", role });
    if (r?.outcome === "member") throw new AppError("ALREADY_MEMBER");
    if (r?.outcome === "invalid") throw AppError.validation({ email: r.reason });
    return r;
  },
  "resendOrgInvitation(slug)": async (ctx, c, ids) => resendOrgInvitation(ctx, actorOf(c), await orgIdOf(ctx, c, ids), ids.id),
  "cancelOrgInvitation(slug)": async (ctx, c, ids) => cancelOrgInvitation(ctx, actorOf(c), await orgIdOf(ctx, c, ids), ids.id),
  "getSettingsPage(slug)": (ctx, c, ids) => getSettingsPage(ctx, c.id, ids.slug),
  "updateOrg(slug)": async (ctx, c, ids, body) => updateOrg(ctx, actorOf(c), await orgIdOf(ctx, c, ids), body),
  "deleteOrg(slug)": async (ctx, c, ids) => deleteOrg(ctx, actorOf(c), await orgIdOf(ctx, c, ids)),
  "getActivityPage(slug)": (ctx, c, ids) => getActivityPage(ctx, c.id, ids.slug, {}),
};

async function runDomainCell(invoker: Invoker, entry: RouteEntry, rowName: string, cell: Cell, i: number, label: string): Promise<string[]> {
  const subject = subjects[i]!;
  const expected = parseExpect(cell.expect)[i]!;
  const ids = resolveIds(world, cell.ids ?? (rowName as IdKind), subject, splitRoute(entry.route).path);
  let result: { status: number; code?: string; raw?: unknown };
  try {
    await app.run((ctx) => invoker(ctx, world.users[subject as UserKey], ids, fillBody(cell.body, ids)));
    // Success: the domain has no status; count it as the status the route promises on success.
    result = { status: outcomeMeaning[expected].status < 300 ? outcomeMeaning[expected].status : 200 };
  } catch (err) {
    result = err instanceof AppError ? { status: err.status, code: err.code } : { status: 500, raw: String(err) };
  }
  counts.domain++;
  return judge(`${label} [${rowName}] as ${subject}`, expected, result);
}

// ---------------------------------------------------------------------- reading src/rpc/*.ts

const rpcDir = join(process.cwd(), "src", "rpc");
const DIRECTIVE = /^\s*["']use server["'];?\s*$/gm;

interface RpcExport {
  file: string;
  name: string;
  kind: "query" | "action";
}

function rpcFiles(): string[] {
  return readdirSync(rpcDir)
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => `src/rpc/${f}`)
    .sort();
}

function rpcExports(file: string): { exports: RpcExport[]; directives: number } {
  const text = readFileSync(join(process.cwd(), file), "utf8");
  const exports = [...text.matchAll(/export\s+const\s+(\w+)\s*=\s*(query|action)\s*\(/g)].map((m) => ({ file, name: m[1]!, kind: m[2] as "query" | "action" }));
  return { exports, directives: (text.match(DIRECTIVE) ?? []).length };
}

/** Top-level declarations of a file by name, to follow local helpers (orgWrite, projectWrite) to their withUser. */
function topLevelChunks(text: string): Map<string, string> {
  const chunks = new Map<string, string>();
  const starts = [...text.matchAll(/^(?:export\s+)?(?:async\s+)?(?:function\s+|const\s+|let\s+)(\w+)/gm)];
  starts.forEach((m, i) => chunks.set(m[1]!, text.slice(m.index, starts[i + 1]?.index ?? text.length)));
  return chunks;
}

function calls(chunks: Map<string, string>, name: string, needle: string, seen = new Set<string>()): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  const body = chunks.get(name) ?? "";
  if (body.includes(needle)) return true;
  for (const other of chunks.keys()) if (other !== name && new RegExp(`\\b${other}\\(`).test(body) && calls(chunks, other, needle, seen)) return true;
  return false;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : []));
}

// ====================================================================== tests

beforeAll(async () => {
  app = await createTestApp();
  await installWriteCounter(app);
  world = await buildWorld(app);
  baseline = await snapshotDb(app.db);
  cleanCount = await writeCount(app);
});

afterAll(async () => {
  const total = counts.api + counts.domain + counts.rpcSignedOut;
  console.log(
    `authz matrix: ${total} cells (${counts.api} API route cells, ${counts.domain} server-function domain cells, ${counts.rpcSignedOut} server-function signed-out checks; world restored after ${counts.restores} allowed writes)`,
  );
  await app?.close();
});

describe("the matrix itself", () => {
  it("lists every registered API route, and only registered ones", () => {
    const registered = routes.map((r) => `${r.method} ${r.path}`).sort();
    const listed = apiMatrix.map((e) => e.route).sort();
    expect(registered.filter((r) => !listed.includes(r)), "routes missing from tests/authz-matrix.ts").toEqual([]);
    expect(listed.filter((r) => !registered.includes(r)), "matrix routes that are not registered").toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    // Public routes are exactly those whose matrix lets a signed-out caller in.
    for (const r of routes) {
      const entry = apiMatrix.find((e) => e.route === `${r.method} ${r.path}`)!;
      const anonAllowed = Object.values(entry.rows).some((c) => parseExpect(c.expect)[0] !== "401");
      expect(anonAllowed, `${entry.route}: public flag vs matrix`).toBe(!!r.public);
    }
  });

  it("has nine known outcomes per row, and the rows each route's ids call for", () => {
    for (const entry of apiMatrix) {
      const params = paramNames(splitRoute(entry.route).path);
      const rows = Object.keys(entry.rows);
      for (const [name, cell] of Object.entries(entry.rows)) {
        const o = parseExpect(cell.expect);
        expect(o.length, `${entry.route} [${name}]`).toBe(subjects.length);
        for (const x of o) expect(outcomes, `${entry.route} [${name}]: ${x}`).toContain(x);
        expect(idKinds, `${entry.route} [${name}]`).toContain(cell.ids ?? name);
      }
      const needed: string[] = [];
      if (params.length === 0) needed.push("none");
      else if (params.includes("token")) needed.push("own", "ownProject", "foreign", "missing");
      else {
        needed.push("own", "foreign", "missing");
        if (params.length >= 2) needed.push("mixed");
        if (params.length >= 3) needed.push("crossChild");
        if (params.includes("userId")) needed.push("self", "owner");
      }
      expect(needed.filter((n) => !rows.includes(n)), `${entry.route}: rows missing`).toEqual([]);
    }
  });
});

describe("API routes: every subject against own, foreign and missing ids", () => {
  for (const entry of apiMatrix) {
    it(entry.route, async () => {
      const problems: string[] = [];
      for (const [rowName, cell] of Object.entries(entry.rows)) {
        for (let i = 0; i < subjects.length; i++) problems.push(...(await runApiCell(entry, rowName, cell, i)));
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('"use server" functions (src/rpc/*.ts)', () => {
  it("lists every query/action export of every rpc file, and only existing ones", () => {
    const found: RpcExport[] = [];
    const problems: string[] = [];
    for (const file of rpcFiles()) {
      const { exports, directives } = rpcExports(file);
      found.push(...exports);
      // A "use server" function that is not an exported query()/action() would be an endpoint this matrix misses.
      if (directives !== exports.length) problems.push(`${file}: ${directives} "use server" directives but ${exports.length} exported query()/action() functions`);
    }
    const key = (e: { file: string; name: string }) => `${e.file}#${e.name}`;
    const listed = new Map(rpcMatrix.map((e) => [key(e), e]));
    for (const e of found) {
      const entry = listed.get(key(e));
      if (!entry) problems.push(`${key(e)} (${e.kind}) is missing from rpcMatrix in tests/authz-matrix.ts`);
      else if (entry.kind !== e.kind) problems.push(`${key(e)} is a ${e.kind}, the matrix says ${entry.kind}`);
    }
    for (const e of rpcMatrix) if (!found.some((f) => key(f) === key(e))) problems.push(`${key(e)} is listed but does not exist`);
    expect(problems).toEqual([]);
  });

  it("has no server functions outside src/rpc/", () => {
    const src = join(process.cwd(), "src");
    const outside = walk(src)
      .filter((f) => !f.startsWith(rpcDir))
      .filter((f) => (readFileSync(f, "utf8").match(DIRECTIVE) ?? []).length > 0)
      .map((f) => relative(process.cwd(), f));
    expect(outside, 'files with "use server" functions outside src/rpc/ (list them in the matrix)').toEqual([]);
  });

  it("treats a signed-out caller as the matrix says (read from the source)", () => {
    const problems: string[] = [];
    const byFile = new Map<string, Map<string, string>>();
    for (const e of rpcMatrix) {
      const path = join(process.cwd(), e.file);
      let chunks = byFile.get(e.file);
      if (!chunks) {
        chunks = topLevelChunks(readFileSync(path, "utf8"));
        byFile.set(e.file, chunks);
      }
      if (!chunks.has(e.name)) continue; // reported by the listing test
      const usesWithUser = calls(chunks, e.name, "withUser(");
      const ok =
        e.anon === "signin"
          ? usesWithUser
          : e.anon === "public"
            ? !usesWithUser && calls(chunks, e.name, "withRpc(")
            : !usesWithUser && calls(chunks, e.name, 'AppError("AUTH_REQUIRED")');
      if (!ok) problems.push(`${e.file}#${e.name}: expected signed-out rule "${e.anon}"`);
      counts.rpcSignedOut++;
    }
    expect(problems).toEqual([]);
  });

  // One run per distinct domain call (several server functions share one, e.g. getViewer and requireViewer).
  const runs = new Map<string, { invoker: string; sameAs: string; rows?: string[]; names: string[] }>();
  for (const e of rpcMatrix) {
    if (e.domain.invoker === null) continue;
    const k = `${e.domain.invoker}|${e.domain.sameAs}|${e.domain.rows?.join(",") ?? "*"}`;
    const run = runs.get(k) ?? { invoker: e.domain.invoker, sameAs: e.domain.sameAs, rows: e.domain.rows, names: [] };
    run.names.push(e.name);
    runs.set(k, run);
  }
  for (const run of runs.values()) {
    it(`${run.names.join(", ")}: ${run.invoker} under every signed-in subject, as ${run.sameAs}${run.rows ? ` [${run.rows.join(", ")}]` : ""}`, async () => {
      const invoker = invokers[run.invoker];
      expect(invoker, `no invoker for ${run.invoker}`).toBeDefined();
      const entry = apiMatrix.find((e) => e.route === run.sameAs);
      expect(entry, `sameAs ${run.sameAs} is not in apiMatrix`).toBeDefined();
      const problems: string[] = [];
      for (const [rowName, cell] of Object.entries(entry!.rows)) {
        if (run.rows && !run.rows.includes(rowName)) continue;
        // The signed-out column is the rpc layer's (checked on the source above); the domain always has a user.
        for (let i = 1; i < subjects.length; i++) problems.push(...(await runDomainCell(invoker!, entry!, rowName, cell, i, run.invoker)));
      }
      expect(problems).toEqual([]);
    });
  }
});
