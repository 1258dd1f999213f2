/**
 * The world the authorization matrix (tests/authz-matrix.ts) runs in, and the guard that proves a refused call changed
 * nothing. Shared by the API half (tests/authz-matrix.test.ts, in-process handler) and the server-function half
 * (tests/built/server-functions.test.ts, the built Worker), so both judge against the same rows.
 */
import { invitation, member, organization, projectInvitations, projectMembers, projects, session, user } from "~/db/schema";
import { hashInvitationToken } from "~/server/domain/invitation-tokens";
import type { SessionUser } from "~/server/session";
import { changedTables, diffSnapshots, installWriteCounter, restoreTables, snapshotDb, subjects, writeCount, type IdKind, type Outcome, type Snapshot, type Subject } from "./authz-matrix";
import { TEST_SECRET, type TestApp } from "./harness";
import { PNG_3X2 } from "./image-fixtures";

const userKeys = ["noOrg", "mem", "adm", "own", "pMem", "pOwn", "aOut", "other", "otherOwner", "victimA", "addableA", "victimB", "addableB"] as const;
export type UserKey = (typeof userKeys)[number];

export interface WorldUser extends SessionUser {
  cookie: string;
  sessionId: string;
  /** A second live session of the same person ("another device"), for revoking. */
  otherSessionId: string;
}

export interface World {
  users: Record<UserKey, WorldUser>;
  orgA: { id: string; slug: string; name: string };
  orgB: { id: string; slug: string; name: string };
  projectP: string;
  projectQ: string;
  invA: { id: string; token: string };
  invB: { id: string; token: string };
  invP: { id: string; token: string };
  invQ: { id: string; token: string };
  /** Invitations addressed to each signed-in subject: to org A, and to project P. */
  orgTokenFor: Record<string, string>;
  projectTokenFor: Record<string, string>;
  /** Keys of two stored pictures (GET /api/images/:key): "own" and "foreign" rows; no row points at them. */
  imageA: string;
  imageB: string;
}

async function signCookie(value: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(TEST_SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(value));
  return encodeURIComponent(`${value}.${btoa(String.fromCharCode(...new Uint8Array(sig)))}`);
}

export function randomToken(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

const short = () => crypto.randomUUID().slice(0, 8);
const randomImageKey = () => [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");

/** Every row written directly in one batch (fast): the state described at the top of tests/authz-matrix.ts. */
export async function buildWorld(app: TestApp): Promise<World> {
  const db = app.db;
  const stmts: any[] = [];
  const users = {} as Record<UserKey, WorldUser>;
  // A session as fresh as sign-in makes it (30 days): an older-looking one would be extended on first use, a write.
  const sessionRow = (userId: string) => ({ id: crypto.randomUUID(), token: crypto.randomUUID().replace(/-/g, ""), userId, expiresAt: new Date(Date.now() + 30 * 86_400_000) });
  for (const key of userKeys) {
    const id = crypto.randomUUID();
    const current = sessionRow(id);
    const other = sessionRow(id);
    const u: WorldUser = {
      id,
      name: `User ${key}`,
      email: `${key.toLowerCase()}@example.test`,
      emailVerified: true,
      twoFactorEnabled: false,
      username: null,
      persona: "researcher",
      profileCompleted: true,
      image: null,
      role: "user",
      sessionId: current.id,
      otherSessionId: other.id,
      cookie: `better-auth.session_token=${await signCookie(current.token)}`,
    };
    users[key] = u;
    // Past the first-run step, as every person is once they use the app (tests/profile.test.ts covers the step).
    stmts.push(db.insert(user).values({ id, name: u.name, email: u.email, emailVerified: true, persona: "researcher", profileCompletedAt: 1_700_000_000 }));
    stmts.push(db.insert(session).values([current, other]));
  }
  const orgA = { id: crypto.randomUUID(), slug: `org-a-${short()}`, name: "Org A" };
  const orgB = { id: crypto.randomUUID(), slug: `org-b-${short()}`, name: "Org B" };
  stmts.push(db.insert(organization).values([orgA, orgB]));
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
  const [imageA, imageB] = [randomImageKey(), randomImageKey()];
  for (const key of [imageA, imageB]) await app.bindings.IMAGES!.put(key, PNG_3X2, { httpMetadata: { contentType: "image/png" } });
  return { users, orgA, orgB, projectP, projectQ, invA, invB, invP, invQ, orgTokenFor, projectTokenFor, imageA, imageB };
}

// ====================================================================== resolving a cell

export interface Ids {
  orgId: string;
  slug: string;
  /** The org's name (a delete form must repeat it). */
  orgName: string;
  projectId: string;
  userId: string;
  id: string;
  token: string;
  /** A session: the caller's other one (own), the caller's current one (self), someone else's (foreign), none (missing). */
  sessionId: string;
  /** An image key (GET /api/images/:key): a stored picture (own, foreign), or well-formed with none behind it (missing). */
  key: string;
  /** For body placeholders. */
  addable: string;
  userB: string;
  /** The caller's own address (deleting one's account types it again). */
  callerEmail: string;
}

export function paramNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
}

/** The ids a row means (see "Rows" in tests/authz-matrix.ts) for one subject and one route. */
export function resolveIds(w: World, kind: IdKind, subject: Subject, path: string): Ids {
  const params = paramNames(path);
  const last = params[params.length - 1];
  const isProject = params.includes("projectId");
  const orgSideB = kind === "foreign";
  const childSideB = kind === "foreign" || kind === "mixed";
  const lastSideB = childSideB || kind === "crossChild";
  const sideOf = (name: string) => (name === last ? lastSideB : childSideB);
  const missing = (name: string) => kind === "missing" && name === last;
  const caller = subject === "anon" ? null : w.users[subject];

  const orgMissing = missing("orgId");
  const orgId = orgMissing ? crypto.randomUUID() : orgSideB ? w.orgB.id : w.orgA.id;
  const slug = orgMissing ? `no-such-org-${short()}` : orgSideB ? w.orgB.slug : w.orgA.slug;
  const orgName = orgMissing ? "No such org" : orgSideB ? w.orgB.name : w.orgA.name;
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
  // Sessions have no path of their own (no API route takes one): the row alone says whose.
  const someone = caller ?? w.users.victimA;
  const sessionId =
    kind === "missing" ? crypto.randomUUID() : kind === "foreign" ? w.users.victimB.otherSessionId : kind === "self" ? someone.sessionId : someone.otherSessionId;
  const projectSideB = sideOf("projectId");
  const key = kind === "missing" ? randomImageKey() : orgSideB ? w.imageB : w.imageA;
  return { orgId, slug, orgName, projectId, userId, id, token, sessionId, key, addable: projectSideB ? w.users.addableB.id : w.users.addableA.id, userB: w.users.victimB.id, callerEmail: caller?.email ?? "nobody@example.com" };
}

export function fillPath(path: string, ids: Ids): string {
  return path.replace(/:([A-Za-z]+)/g, (_, k: string) => encodeURIComponent((ids as unknown as Record<string, string>)[k]!));
}

export function fillBody(body: Record<string, unknown> | undefined, ids: Ids): Record<string, unknown> | undefined {
  if (!body) return undefined;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === "$addable" ? ids.addable : v === "$userB" ? ids.userB : v === "$callerEmail" ? ids.callerEmail : v]));
}

export function parseExpect(expect: string): Outcome[] {
  return expect.trim().split(/\s+/) as Outcome[];
}

export function splitRoute(route: string): { method: string; path: string } {
  const [method, path] = route.split(" ");
  return { method: method!, path: path! };
}

// ====================================================================== proving that refused calls change nothing

/**
 * Watches the world's rows across calls: after each call, says whether any row changed, and puts changed tables back to
 * the world as built, so no cell depends on what an earlier one did. `quiet` waits for writes still under way after
 * the answer (the built Worker delivers emails in the background, after responding) and gives the write count then.
 */
export class WorldGuard {
  restores = 0;

  private constructor(
    private readonly app: TestApp,
    readonly baseline: Snapshot,
    /** The write counter's value while the database is exactly `baseline`. */
    private cleanCount: number,
    private readonly quiet: (app: TestApp, clean: number) => Promise<number>,
  ) {}

  /** Call once the world is built; installs the write counter (tests/authz-matrix.ts installWriteCounter). */
  static async start(app: TestApp, quiet: (app: TestApp, clean: number) => Promise<number> = settled): Promise<WorldGuard> {
    await installWriteCounter(app);
    return new WorldGuard(app, await snapshotDb(app.db), await writeCount(app), quiet);
  }

  /** The tables a call changed ("member (3 -> 2 rows)"), after which the world is as built again. */
  async changes(): Promise<string[]> {
    // Only a call that wrote something can have changed a row; then the snapshot says what changed, if anything.
    if ((await this.quiet(this.app, this.cleanCount)) === this.cleanCount) return [];
    const after = await snapshotDb(this.app.db);
    const changed = diffSnapshots(this.baseline, after);
    if (changed.length) {
      await restoreTables(this.app, this.baseline, changedTables(this.baseline, after));
      this.restores++;
    }
    this.cleanCount = await writeCount(this.app);
    return changed;
  }
}

/** In-process apps: background work is awaited by settle(). */
async function settled(app: TestApp): Promise<number> {
  await app.settle();
  return writeCount(app);
}

/** For the built Worker: waits until the write counter has stopped moving (background work after the answer). */
export async function untilWritesStop(app: TestApp, clean: number): Promise<number> {
  let seen = await writeCount(app);
  if (seen === clean) return seen;
  const deadline = Date.now() + 5_000;
  for (let still = 0; still < 2 && Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 25));
    const now = await writeCount(app);
    still = now === seen ? still + 1 : 0;
    seen = now;
  }
  return seen;
}
