/**
 * A hostile input corpus for every mutating API route (at least 20 cases each), plus the list routes' limit, cursor
 * and search parameters, against a real local D1. Every case is sent by someone allowed to make the call, so what is
 * tested is the input handling: each answers 4xx with the documented code (400 VALIDATION_FAILED naming the field in
 * details.fields, 404 NOT_FOUND for well-formed ids nobody has, ...), never 5xx, and writes nothing, unless it is a
 * valid request; valid ones (unknown fields, odd but legal strings) are checked row by row: extra fields such as role,
 * orgId, userId, status, emailVerified, id or createdAt are ignored, and stored strings round-trip byte for byte.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invitation, member, organization, projectInvitations, projectMembers, projects, session, user } from "~/db/schema";
import { MAX_IMAGE_BYTES } from "~/lib/image-limits";
import { routes } from "~/server/api/routes/index";
import { hashInvitationToken } from "~/server/domain/invitation-tokens";
import { diffSnapshots, installWriteCounter, snapshotDb, writeCount, type Snapshot } from "./authz-matrix";
import { createTestApp, type ApiResponse, type TestApp, type TestUser } from "./harness";
import { GIF_1X1, HTML_AS_PNG, JPEG_3X2, PNG_3X2, PNG_SIGNATURE_ONLY, pngOfSize, SVG_AS_PNG, WEBP_3X2 } from "./image-fixtures";

let app: TestApp;

// ====================================================================== a small world per case that needs one

interface World {
  owner: TestUser; // owner of org A and of project P
  member: TestUser; // plain member of A and of P
  invitee: TestUser; // in no org; org and project invitations are addressed to them
  otherOwner: TestUser; // owner of org B and project Q
  siteAdmin: TestUser; // a site admin (user.role = admin), in no org: the caller of the /api/admin cases
  newcomer: TestUser; // signed up, first-run step not done, in no org
  memberUsername: string; // the plain member's username
  orgA: { id: string; slug: string; name: string };
  orgB: { id: string; slug: string };
  projectP: string;
  projectQ: string;
  /** Pending invitations to addresses nobody has (to resend and cancel). */
  orgInvitationId: string;
  projectInvitationId: string;
  /** Pending invitations addressed to `invitee` (to accept and decline). */
  orgToken: string;
  /** What the database holds for orgToken. */
  orgTokenHash: string;
  projectToken: string;
}

function randomToken(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

async function makeWorld(): Promise<World> {
  const tag = crypto.randomUUID().slice(0, 8);
  const [owner, memberUser, invitee, otherOwner] = await Promise.all([
    app.createUser({ name: "Olive Owner" }),
    app.createUser({ name: "Mia Member" }),
    app.createUser({ name: "Ivy Invitee" }),
    app.createUser({ name: "Otto Other" }),
  ]);
  const siteAdmin = await app.createUser({ name: "Sita Admin" });
  const newcomer = await app.createUser({ name: "Nell Newcomer", profile: false });
  // A session as fresh as sign-in makes it, or its first use would extend it (a write) in a case that must write nothing.
  await app.db.update(session).set({ expiresAt: new Date(Date.now() + 30 * 86_400_000) }).where(eq(session.id, newcomer.sessionId));
  // The plain member holds a username, for the "taken" cases.
  await app.db.update(user).set({ username: `mia-${tag}` }).where(eq(user.id, memberUser.id));
  const orgA = { id: crypto.randomUUID(), slug: `lab-a-${tag}`, name: "Lab A" };
  const orgB = { id: crypto.randomUUID(), slug: `lab-b-${tag}` };
  const projectP = crypto.randomUUID();
  const projectQ = crypto.randomUUID();
  const orgToken = randomToken();
  const orgTokenHash = await hashInvitationToken(orgToken);
  const projectToken = randomToken();
  const expiresAt = new Date(Date.now() + 6 * 86_400_000);
  const orgInvitationId = crypto.randomUUID();
  const projectInvitationId = crypto.randomUUID();
  const db = app.db;
  await db.batch([
    // Sessions as fresh as sign-in makes them: an older-looking one is extended on first use, which is a write.
    db.update(session).set({ expiresAt: new Date(Date.now() + 30 * 86_400_000) }).where(inArray(session.userId, [owner.id, memberUser.id, invitee.id, otherOwner.id, siteAdmin.id])),
    db.update(user).set({ role: "admin" }).where(eq(user.id, siteAdmin.id)),
    db.insert(organization).values([
      { id: orgA.id, name: orgA.name, slug: orgA.slug },
      { id: orgB.id, name: "Lab B", slug: orgB.slug },
    ]),
    db.insert(member).values([
      { id: crypto.randomUUID(), organizationId: orgA.id, userId: owner.id, role: "owner" },
      { id: crypto.randomUUID(), organizationId: orgA.id, userId: memberUser.id, role: "member" },
      { id: crypto.randomUUID(), organizationId: orgB.id, userId: otherOwner.id, role: "owner" },
    ]),
    db.insert(projects).values([
      { id: projectP, orgId: orgA.id, name: "Project P", createdBy: owner.id },
      { id: projectQ, orgId: orgB.id, name: "Project Q", createdBy: otherOwner.id },
    ]),
    db.insert(projectMembers).values([
      { id: crypto.randomUUID(), projectId: projectP, userId: owner.id, role: "owner" },
      { id: crypto.randomUUID(), projectId: projectP, userId: memberUser.id, role: "member" },
      { id: crypto.randomUUID(), projectId: projectQ, userId: otherOwner.id, role: "owner" },
    ]),
    db.insert(invitation).values([
      { id: orgInvitationId, email: `pending-${tag}@example.test`, inviterId: owner.id, organizationId: orgA.id, role: "member", token: await hashInvitationToken(randomToken()), expiresAt },
      { id: crypto.randomUUID(), email: invitee.email, inviterId: owner.id, organizationId: orgA.id, role: "member", token: orgTokenHash, expiresAt },
    ]),
    db.insert(projectInvitations).values([
      {
        id: projectInvitationId,
        orgId: orgA.id,
        projectId: projectP,
        email: `pending-p-${tag}@example.test`,
        role: "member",
        orgRole: "member",
        token: await hashInvitationToken(randomToken()),
        invitedBy: owner.id,
        expiresAt,
      },
      { id: crypto.randomUUID(), orgId: orgA.id, projectId: projectP, email: invitee.email, role: "member", orgRole: "member", token: await hashInvitationToken(projectToken), invitedBy: owner.id, expiresAt },
    ]),
  ]);
  return { owner, member: memberUser, invitee, otherOwner, siteAdmin, newcomer, memberUsername: `mia-${tag}`, orgA, orgB, projectP, projectQ, orgInvitationId, projectInvitationId, orgToken, orgTokenHash, projectToken };
}

// ====================================================================== cases

type Params = Record<string, string>;

interface Case {
  route: string;
  name: string;
  /** Path params replacing the world's (raw values: they are percent-encoded into the path). */
  params?: Params | ((w: World) => Params);
  /** A path used as is, for values that must not be encoded (literal slashes). */
  rawPath?: (w: World) => string;
  /** A JSON body (serialized), or a raw body with its content type. Functions get the world. */
  body?: Record<string, unknown> | ((w: World) => Record<string, unknown>);
  raw?: { body: string | Uint8Array<ArrayBuffer>; type?: string };
  query?: string;
  /** Who sends it; the world's org owner (who also owns project P) unless said otherwise. */
  as?: (w: World) => TestUser;
  expect: number | number[];
  code?: string;
  /** For 400: the key that must be in details.fields. */
  field?: string;
  /** For valid requests: assertions on the response and the rows. */
  check?: (res: ApiResponse, w: World) => Promise<void>;
}

/** The world's ids for a route's params. */
function defaultParams(route: string, w: World): Params {
  const isProject = route.includes(":projectId");
  return {
    orgId: w.orgA.id,
    projectId: w.projectP,
    userId: w.member.id,
    id: isProject ? w.projectInvitationId : w.orgInvitationId,
    token: w.orgToken,
  };
}

function paramNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
}

/** A valid body per body-taking route (what an allowed caller would send), so id cases fail on the id alone. */
const validBody: Record<string, (w: World) => Record<string, unknown>> = {
  "POST /api/orgs": () => ({ name: "Valid lab" }),
  "PATCH /api/orgs/:orgId": () => ({ name: "Renamed lab" }),
  "PATCH /api/orgs/:orgId/members/:userId": () => ({ role: "admin" }),
  "POST /api/orgs/:orgId/invitations": () => ({ email: "newcomer@example.test", role: "member" }),
  "POST /api/orgs/:orgId/projects": () => ({ name: "Valid project" }),
  "PATCH /api/orgs/:orgId/projects/:projectId": () => ({ name: "Renamed project" }),
  "POST /api/orgs/:orgId/projects/:projectId/members": (w) => ({ userId: w.member.id, role: "member" }),
  "PATCH /api/orgs/:orgId/projects/:projectId/members/:userId": () => ({ role: "owner" }),
  "POST /api/orgs/:orgId/projects/:projectId/invitations": () => ({ email: "newcomer@example.test", role: "member" }),
  "POST /api/admin/users/:userId/ban": () => ({ reason: "Spam" }),
  "POST /api/admin/orgs/:orgId/transfer": (w) => ({ userId: w.member.id }),
};

const VF = "VALIDATION_FAILED";
const NF = "NOT_FOUND";

/** Hostile values for an id in the path: malformed ones are 400 naming the param; well-formed unknown ones 404. */
function idCases(route: string, param: string): Case[] {
  const bad: [string, string][] = [
    ["dots", "a.b"],
    ["dot dot slash (encoded)", "../../etc/passwd"],
    ["encoded slash", "a/b"],
    ["SQL quote", "x' OR '1'='1"],
    ["SQL statement", "1;DROP TABLE member;--"],
    ["unicode", "ünïcødé"],
    ["emoji", "💥"],
    ["500 characters", "a".repeat(500)],
    ["65 characters", "a".repeat(65)],
    ["NUL byte", "\u0000"],
    ["HTML", "<script>alert(1)</script>"],
    ["space inside", "a b"],
    ["percent sign", "100%"],
  ];
  const body = validBody[route];
  const out: Case[] = bad.map(([name, value]) => ({
    route,
    name: `${param}: ${name}`,
    params: { [param]: value },
    body: body ? (w: World) => body(w) : undefined,
    expect: 400,
    code: VF,
    field: param,
  }));
  for (const value of ["__proto__", "constructor", "toString", "a".repeat(64)]) {
    out.push({ route, name: `${param}: well-formed but unknown (${value.slice(0, 12)})`, params: { [param]: value }, body: body ? (w: World) => body(w) : undefined, expect: 404, code: NF });
  }
  // A literal slash makes another path, which no route answers.
  out.push({
    route,
    name: `${param}: literal slash`,
    rawPath: (w) => fillPath(route.split(" ")[1]!, { ...defaultParams(route, w), [param]: "x" }).replace(`/x`, "/x/y"),
    body: body ? (w: World) => body(w) : undefined,
    expect: [404, 405],
    code: NF,
  });
  // Malformed percent-encoding cannot be decoded at all.
  out.push({
    route,
    name: `${param}: malformed percent-encoding`,
    rawPath: (w) => fillPath(route.split(" ")[1]!, { ...defaultParams(route, w), [param]: "x" }).replace(`/x`, "/%E0%A4%A"),
    body: body ? (w: World) => body(w) : undefined,
    expect: 400,
    code: VF,
    field: param,
  });
  return out;
}

/** Tokens are not ids: anything that is not a live token of ours is simply unknown (404), never an error. */
function tokenCases(route: string): Case[] {
  const values: [string, string][] = [
    ["empty-ish", " "],
    ["42 characters", "a".repeat(42)],
    ["44 characters", "a".repeat(44)],
    ["43 characters, wrong alphabet", "!".repeat(43)],
    ["43 well-formed characters nobody has", "A".repeat(43)],
    ["SQL", "x' OR 1=1 --"],
    ["500 characters", "a".repeat(500)],
    ["unicode", "ü".repeat(43)],
    ["NUL", "\u0000"],
    ["encoded slash", "a/b"],
    ["HTML", "<img src=x onerror=alert(1)>"],
    ["__proto__", "__proto__"],
    ["constructor", "constructor"],
  ];
  const out: Case[] = values.map(([name, value]) => ({ route, name: `token: ${name}`, params: { token: value }, as: (w) => w.invitee, expect: 404, code: NF }));
  out.push({ route, name: "token: malformed percent-encoding", rawPath: () => route.split(" ")[1]!.replace(":token", "%E0%A4%A"), as: (w) => w.invitee, expect: 404, code: NF });
  // Near misses of the invitee's real token: only the exact token is one.
  const near: [string, (t: string) => string][] = [
    ["real token with a trailing space", (t) => `${t} `],
    ["real token with padding", (t) => `${t}=`],
    ["real token upper-cased", (t) => t.toUpperCase()],
    ["real token with one character changed", (t) => (t[0] === "A" ? "B" : "A") + t.slice(1)],
  ];
  for (const [name, f] of near) out.push({ route, name: `token: ${name}`, params: (w) => ({ token: f(w.orgToken) }), as: (w) => w.invitee, expect: 404, code: NF });
  // What a leaked database holds is not a link.
  out.push({ route, name: "token: the stored hash of the real token", params: (w) => ({ token: w.orgTokenHash }), as: (w) => w.invitee, expect: 404, code: NF });
  return out;
}

/** Bodies that are not a JSON object, for a route that reads one. */
function bodyShapeCases(route: string): Case[] {
  return [
    { route, name: "malformed JSON", raw: { body: '{"name": "x", ', type: "application/json" }, expect: 400, code: VF, field: "body" },
    { route, name: "JSON with a trailing comma", raw: { body: '{"name": "x",}', type: "application/json" }, expect: 400, code: VF, field: "body" },
    { route, name: "wrong content type (text/plain)", raw: { body: '{"name": "x"}', type: "text/plain" }, expect: 400, code: VF, field: "body" },
    { route, name: "form-encoded", raw: { body: "name=x&role=owner", type: "application/x-www-form-urlencoded" }, expect: 400, code: VF, field: "body" },
    { route, name: "array body", raw: { body: '[{"name": "x"}]', type: "application/json" }, expect: 400, code: VF, field: "body" },
    { route, name: "JSON null", raw: { body: "null", type: "application/json" }, expect: 400, code: VF, field: "body" },
    { route, name: "JSON string", raw: { body: '"x"', type: "application/json" }, expect: 400, code: VF, field: "body" },
    { route, name: "JSON number", raw: { body: "42", type: "application/json" }, expect: 400, code: VF, field: "body" },
    { route, name: "100 KB string", body: { name: "x".repeat(100 * 1024), email: "x".repeat(100 * 1024), role: "x".repeat(100 * 1024) }, expect: 400, code: VF, field: "body" },
  ];
}

/** Wrong types for one field: each is a 400 naming that field. */
function typeCases(route: string, field: string, valid: (w: World) => Record<string, unknown>): Case[] {
  const values: [string, unknown][] = [
    ["number", 123],
    ["boolean", true],
    ["null", null],
    ["array", ["x"]],
    ["object", { x: 1 }],
  ];
  return values.map(([name, value]) => ({ route, name: `${field}: ${name}`, body: (w: World) => ({ ...valid(w), [field]: value }), expect: 400, code: VF, field }));
}

/** Role strings that are not exactly one of the roles. */
function roleCases(route: string, field: string, valid: (w: World) => Record<string, unknown>): Case[] {
  const values = ["owner,admin", "OWNER", " owner", "owner ", "Admin", "superuser", "", "owner\u0000", "оwner" /* Cyrillic о */, "__proto__"];
  return values.map((value) => ({ route, name: `${field}: ${JSON.stringify(value)}`, body: (w: World) => ({ ...valid(w), [field]: value }), expect: 400, code: VF, field }));
}

/** Addresses that are not one valid address. */
function emailCases(route: string, valid: (w: World) => Record<string, unknown>): Case[] {
  const values: [string, string][] = [
    ["space inside", "new comer@example.test"],
    ["two @", "a@b@example.test"],
    ["no domain", "newcomer@"],
    ["300 characters", `${"a".repeat(288)}@example.test`],
    ["header injection", "newcomer@example.test\r\nBcc: victim@example.test"],
    ["empty", ""],
    ["only spaces", "   "],
    ["two addresses", "a@example.test,b@example.test"],
    ["HTML", "<script>@example.test"],
  ];
  return values.map(([name, value]) => ({ route, name: `email: ${name}`, body: (w: World) => ({ ...valid(w), email: value }), expect: 400, code: VF, field: "email" }));
}

/** Text that cannot be stored as sent (a lone UTF-16 surrogate would come back as U+FFFD): refused, naming the field. */
function brokenTextCases(route: string, field: string, valid: (w: World) => Record<string, unknown>): Case[] {
  return [
    { route, name: `${field}: lone high surrogate`, body: (w) => ({ ...valid(w), [field]: "Lab \ud800 A" }), expect: 400, code: VF, field },
    { route, name: `${field}: lone low surrogate`, body: (w) => ({ ...valid(w), [field]: "\udc00" }), expect: 400, code: VF, field },
  ];
}

/** Control and invisible characters are text like any other: stored and returned exactly. */
const ODD_TEXT = "a\u0000b\tc\u200bd\u0007e";

// ---------------------------------------------------------------------- row helpers for valid cases

async function orgRow(id: string) {
  return (await app.db.select().from(organization).where(eq(organization.id, id)))[0];
}
async function roleIn(orgId: string, userId: string) {
  return (await app.db.select({ role: member.role }).from(member).where(and(eq(member.organizationId, orgId), eq(member.userId, userId))))[0]?.role ?? null;
}
async function projectRoleIn(projectId: string, userId: string) {
  return (await app.db.select({ role: projectMembers.role }).from(projectMembers).where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId))))[0]?.role ?? null;
}
const recent = (d: Date) => Math.abs(d.getTime() - Date.now()) < 5 * 60_000;

/** Fields nobody may set through a body; every valid case sends them all and checks they were ignored. */
const smuggled = (w: World) => ({
  id: "smuggled-id",
  orgId: w.orgB.id,
  organizationId: w.orgB.id,
  projectId: w.projectQ,
  userId: w.otherOwner.id,
  role: "owner",
  orgRole: "owner",
  status: "accepted",
  emailVerified: true,
  createdAt: "2000-01-01T00:00:00.000Z",
  updatedAt: "2000-01-01T00:00:00.000Z",
  createdBy: w.otherOwner.id,
  inviterId: w.otherOwner.id,
  token: "smuggled-token",
  expiresAt: "2999-01-01T00:00:00.000Z",
});

const HTML = `<script>alert("x")</script><img src=x onerror='alert(1)'> & &amp; "quoted" \\ </textarea>`;
const UNICODE = "Ünïcødé lab 👩‍🔬 עברית \u202Eevil\u202C 名前";

// ---------------------------------------------------------------------- the corpus, route by route

const R = {
  createOrg: "POST /api/orgs",
  updateOrg: "PATCH /api/orgs/:orgId",
  deleteOrg: "DELETE /api/orgs/:orgId",
  active: "POST /api/orgs/:orgId/active",
  memberRole: "PATCH /api/orgs/:orgId/members/:userId",
  removeMember: "DELETE /api/orgs/:orgId/members/:userId",
  invite: "POST /api/orgs/:orgId/invitations",
  resend: "POST /api/orgs/:orgId/invitations/:id/resend",
  cancel: "DELETE /api/orgs/:orgId/invitations/:id",
  createProject: "POST /api/orgs/:orgId/projects",
  updateProject: "PATCH /api/orgs/:orgId/projects/:projectId",
  deleteProject: "DELETE /api/orgs/:orgId/projects/:projectId",
  addProjectMember: "POST /api/orgs/:orgId/projects/:projectId/members",
  projectRole: "PATCH /api/orgs/:orgId/projects/:projectId/members/:userId",
  removeProjectMember: "DELETE /api/orgs/:orgId/projects/:projectId/members/:userId",
  projectInvite: "POST /api/orgs/:orgId/projects/:projectId/invitations",
  projectResend: "POST /api/orgs/:orgId/projects/:projectId/invitations/:id/resend",
  projectCancel: "DELETE /api/orgs/:orgId/projects/:projectId/invitations/:id",
  completeProfile: "POST /api/me/profile",
  updateProfile: "PATCH /api/me/profile",
  accept: "POST /api/invitations/:token/accept",
  decline: "POST /api/invitations/:token/decline",
  deleteMe: "DELETE /api/me",
  avatar: "POST /api/me/avatar",
  removeAvatar: "DELETE /api/me/avatar",
  logo: "POST /api/orgs/:orgId/logo",
  removeLogo: "DELETE /api/orgs/:orgId/logo",
} as const;

function idCasesFor(route: string): Case[] {
  return paramNames(route.split(" ")[1]!)
    .filter((p) => p !== "token")
    .flatMap((p) => idCases(route, p));
}

/** A body on a route that reads none is never read: the request does exactly what it would without it. */
function ignoredBodyCases(route: string, check: (res: ApiResponse, w: World) => Promise<void>, status: number): Case[] {
  return [
    { route, name: "unread body: smuggled fields", body: smuggled, expect: status, check },
    { route, name: "unread body: malformed JSON", raw: { body: "{not json", type: "application/json" }, expect: status, check },
  ];
}

// ---------------------------------------------------------------------- avatars and logos (raw picture bodies)

const bytes = (s: string) => new TextEncoder().encode(s);
const pngWithSize = (width: number, height: number) => {
  const out = PNG_3X2.slice();
  new DataView(out.buffer).setUint32(16, width);
  new DataView(out.buffer).setUint32(20, height);
  return out;
};
/** Bodies that are not a PNG, JPEG or WebP by their bytes, whatever they are declared as: 415, nothing stored. */
const notPictures: [string, Uint8Array<ArrayBuffer>, string][] = [
  ["empty body", new Uint8Array(0), "image/png"],
  ["SVG named as PNG", SVG_AS_PNG, "image/png"],
  ["SVG declared as SVG", SVG_AS_PNG, "image/svg+xml"],
  ["HTML declared as PNG", HTML_AS_PNG, "image/png"],
  ["HTML declared as HTML", HTML_AS_PNG, "text/html"],
  ["GIF", GIF_1X1, "image/gif"],
  ["PNG signature alone", PNG_SIGNATURE_ONLY, "image/png"],
  ["PNG of width 0", pngWithSize(0, 2), "image/png"],
  ["PNG of 100,000 pixels a side", pngWithSize(100_000, 100_000), "image/png"],
  ["JPEG cut before its frame header", JPEG_3X2.slice(0, 40), "image/jpeg"],
  ["WebP cut inside its header", WEBP_3X2.slice(0, 20), "image/webp"],
  ["PDF", bytes("%PDF-1.4\n%\u00e2\u00e3\n1 0 obj"), "image/png"],
  ["JSON naming a URL", bytes('{"image":"https://evil.example/x.png"}'), "application/json"],
  ["a form post", bytes("image=https%3A%2F%2Fevil.example%2Fx.png"), "application/x-www-form-urlencoded"],
  ["a multipart envelope around a PNG", bytes('--b\r\nContent-Disposition: form-data; name="f"; filename="a.png"\r\n\r\n'), "multipart/form-data; boundary=b"],
  ["a space before a PNG", new Uint8Array([0x20, ...PNG_3X2]), "image/png"],
  ["a byte-order mark before an SVG", new Uint8Array([0xef, 0xbb, 0xbf, ...SVG_AS_PNG]), "image/png"],
  ["a thousand NUL bytes", new Uint8Array(1000), "image/png"],
];

function pictureCases(route: string, stored: (w: World) => Promise<string | null>): Case[] {
  const ok = (type: string) => async (res: ApiResponse, w: World) => {
    const url = (res.body.image ?? res.body.logo) as string;
    expect(await stored(w)).toBe(url);
    expect((await app.request("GET", url)).headers.get("content-type")).toBe(type);
  };
  return [
    ...notPictures.map(([name, body, type]): Case => ({ route, name, raw: { body, type }, expect: 415, code: "UNSUPPORTED_IMAGE" })),
    { route, name: "2 MB and one byte", raw: { body: pngOfSize(MAX_IMAGE_BYTES + 1), type: "image/png" }, expect: 413, code: "IMAGE_TOO_LARGE" },
    { route, name: "5 MB", raw: { body: pngOfSize(5 * 1024 * 1024), type: "image/png" }, expect: 413, code: "IMAGE_TOO_LARGE" },
    // Valid: the bytes decide the stored type, never the declared one.
    { route, name: "a PNG declared as text/html", raw: { body: PNG_3X2, type: "text/html" }, expect: 200, check: ok("image/png") },
    { route, name: "a JPEG declared as SVG", raw: { body: JPEG_3X2, type: "image/svg+xml" }, expect: 200, check: ok("image/jpeg") },
    { route, name: "a WebP with no declared type", raw: { body: WEBP_3X2 }, expect: 200, check: ok("image/webp") },
    { route, name: "exactly 2 MB", raw: { body: pngOfSize(MAX_IMAGE_BYTES), type: "image/png" }, expect: 200, check: ok("image/png") },
  ];
}

const avatarOf = async (u: TestUser) => (await app.db.select({ image: user.image }).from(user).where(eq(user.id, u.id)))[0]!.image;
const logoOf = async (orgId: string) => (await orgRow(orgId))!.logo;
/** Removing a picture that is not there answers null and changes nothing; what was sent with it is never read. */
const removedAvatar = async (res: ApiResponse, w: World) => {
  expect(res.body).toEqual({ image: null });
  expect(await avatarOf(w.otherOwner)).toBeNull();
};
const removedLogo = async (res: ApiResponse, w: World) => {
  expect(res.body).toEqual({ logo: null });
  expect(await logoOf(w.orgB.id)).toBeNull();
};
/** Bodies a removal never reads: each still removes (nothing, here) and touches no one else's picture. */
function unreadBodies(route: string, check: (res: ApiResponse, w: World) => Promise<void>): Case[] {
  return [
    ...ignoredBodyCases(route, check, 200),
    { route, name: "unread body: a PNG", raw: { body: PNG_3X2, type: "image/png" }, expect: 200, check },
    { route, name: "unread body: another person's picture URL", body: (w) => ({ image: "/api/images/" + "0".repeat(64), logo: "/api/images/" + "0".repeat(64), userId: w.otherOwner.id }), expect: 200, check },
    { route, name: "unread body: HTML", raw: { body: HTML, type: "text/html" }, expect: 200, check },
    { route, name: "unread body: over 2 MB", raw: { body: pngOfSize(MAX_IMAGE_BYTES + 1), type: "image/png" }, expect: 200, check },
    { route, name: "unread query: image URL", query: `image=${encodeURIComponent("https://evil.example/x.png")}`, expect: 200, check },
  ];
}

const imageCases: Case[] = [
  ...pictureCases(R.avatar, (w) => avatarOf(w.owner)),
  ...unreadBodies(R.removeAvatar, removedAvatar),
  ...[UNICODE, ODD_TEXT, "1;DROP TABLE user;--", "__proto__", "../../etc/passwd", "%00", "[]", "{}", "null", "true", "0", "-1", "9".repeat(400)].map(
    (v, i): Case => ({ route: R.removeAvatar, name: `unread query ${i + 1}`, query: `userId=${encodeURIComponent(v)}&image=${encodeURIComponent(v)}`, expect: 200, check: removedAvatar }),
  ),
  ...idCasesFor(R.logo),
  ...pictureCases(R.logo, (w) => logoOf(w.orgA.id)),
  { route: R.logo, name: "a plain member", as: (w) => w.member, raw: { body: PNG_3X2, type: "image/png" }, expect: 403, code: "FORBIDDEN" },
  { route: R.logo, name: "another workspace's owner", as: (w) => w.otherOwner, raw: { body: PNG_3X2, type: "image/png" }, expect: 404, code: NF },
  { route: R.logo, name: "another workspace's owner with a wrong file", as: (w) => w.otherOwner, raw: { body: SVG_AS_PNG, type: "image/png" }, expect: 404, code: NF },
  ...idCasesFor(R.removeLogo),
  ...unreadBodies(R.removeLogo, removedLogo),
  { route: R.removeLogo, name: "a plain member", as: (w) => w.member, expect: 403, code: "FORBIDDEN" },
];

/** The /api/admin corpus: the same kinds of cases, sent by the world's site admin (everyone else gets 404 first). */
function adminCases(): Case[] {
  const ban = "POST /api/admin/users/:userId/ban";
  const unban = "POST /api/admin/users/:userId/unban";
  const transfer = "POST /api/admin/orgs/:orgId/transfer";
  const valid = validBody[ban]!;
  const field = (name: string, body: (w: World) => Record<string, unknown>, f: string): Case => ({ route: ban, name, body, expect: 400, code: VF, field: f });
  const out: Case[] = [
    ...idCasesFor(ban),
    ...bodyShapeCases(ban),
    ...typeCases(ban, "reason", valid),
    ...typeCases(ban, "expiresAt", valid).filter((c) => c.name !== "expiresAt: null"),
    field("reason: empty", () => ({ reason: "" }), "reason"),
    field("reason: only spaces", () => ({ reason: "   " }), "reason"),
    field("reason: 501 characters", () => ({ reason: "r".repeat(501) }), "reason"),
    field("reason: NUL byte", () => ({ reason: "a\u0000b" }), "reason"),
    field("reason: line break", () => ({ reason: "a\nb" }), "reason"),
    field("expiresAt: in the past", () => ({ reason: "x", expiresAt: "2001-01-01T00:00:00Z" }), "expiresAt"),
    field("expiresAt: not a date", () => ({ reason: "x", expiresAt: "next week" }), "expiresAt"),
    field("expiresAt: a number", () => ({ reason: "x", expiresAt: 1e12 }), "expiresAt"),
    {
      route: ban,
      name: "smuggled fields (role, banned, id, email) ignored",
      body: (w) => ({ ...smuggled(w), reason: "Spam", role: "admin", banned: false, email: "x@example.test", name: "Renamed" }),
      expect: 200,
      check: async (res, w) => {
        const [row] = await app.db.select().from(user).where(eq(user.id, w.member.id));
        expect(row).toMatchObject({ banned: true, banReason: "Spam", role: "user", email: w.member.email, name: w.member.name });
        expect(await app.db.select().from(session).where(eq(session.userId, w.member.id))).toEqual([]);
        expect(res.body.id).toBe(w.member.id);
      },
    },
    ...idCasesFor(unban),
    ...ignoredBodyCases(
      unban,
      async (res, w) => {
        expect(res.body).toMatchObject({ id: w.member.id, banned: false });
        expect(await app.db.select().from(session).where(eq(session.userId, w.member.id))).toHaveLength(1);
      },
      200,
    ),
    ...idCasesFor(transfer),
    ...bodyShapeCases(transfer),
    ...typeCases(transfer, "userId", validBody[transfer]!),
    { route: transfer, name: "userId: empty", body: { userId: "" }, expect: 400, code: VF, field: "userId" },
    { route: transfer, name: "userId: 101 characters", body: { userId: "u".repeat(101) }, expect: 400, code: VF, field: "userId" },
    { route: transfer, name: "userId: nobody has it", body: { userId: "no-such-person" }, expect: 400, code: VF, field: "userId" },
    { route: transfer, name: "a workspace whose owner is in good standing", body: (w) => ({ ...smuggled(w), userId: w.member.id }), expect: 403, code: "FORBIDDEN" },
  ];
  return out.map((c) => ({ ...c, as: (w: World) => w.siteAdmin }));
}

async function userRow(id: string) {
  return (await app.db.select().from(user).where(eq(user.id, id)))[0]!;
}

/** POST /api/me/profile by someone who has not done the first-run step, and PATCH /api/me/profile. */
function profileCases(): Case[] {
  const newcomer = (w: World) => w.newcomer;
  const valid = () => ({ name: "Nell Newcomer", persona: "student" });
  const complete = (name: string, body: Record<string, unknown> | ((w: World) => Record<string, unknown>), field: string): Case => ({ route: R.completeProfile, name, body, as: newcomer, expect: 400, code: VF, field });
  const update = (name: string, body: Record<string, unknown> | ((w: World) => Record<string, unknown>), field: string): Case => ({ route: R.updateProfile, name, body, expect: 400, code: VF, field });
  return [
    ...bodyShapeCases(R.completeProfile).map((c) => ({ ...c, as: newcomer })),
    ...typeCases(R.completeProfile, "name", valid).map((c) => ({ ...c, as: newcomer })),
    ...typeCases(R.completeProfile, "persona", valid).map((c) => ({ ...c, as: newcomer })),
    ...typeCases(R.completeProfile, "username", valid).map((c) => ({ ...c, as: newcomer })),
    complete("name missing", { persona: "student" }, "name"),
    complete("name only spaces", { name: " \t ", persona: "student" }, "name"),
    complete("name 101 characters", { name: "n".repeat(101), persona: "student" }, "name"),
    complete("name with a line break", { name: "Nell\r\nBcc: x@example.com", persona: "student" }, "name"),
    complete("persona unknown", { name: "Nell", persona: "astronaut" }, "persona"),
    complete("persona upper-case", { name: "Nell", persona: "STUDENT" }, "persona"),
    complete("username two characters", { ...valid(), username: "ab" }, "username"),
    complete("username 31 characters", { ...valid(), username: "a".repeat(31) }, "username"),
    complete("username with a space", { ...valid(), username: "nell new" }, "username"),
    complete("username with SQL", { ...valid(), username: "x'--" }, "username"),
    complete("username unicode", { ...valid(), username: "nëll" }, "username"),
    complete("personalWorkspace as text", { ...valid(), personalWorkspace: "no" }, "personalWorkspace"),
    { route: R.completeProfile, name: "username someone holds", body: (w) => ({ ...valid(), username: w.memberUsername.toUpperCase() }), as: newcomer, expect: 409, code: "USERNAME_TAKEN", field: "username" },
    {
      route: R.completeProfile,
      name: "HTML name round-trips; upper-case username lower-cased; smuggled fields ignored",
      body: (w) => ({ ...smuggled(w), name: HTML, persona: "other", username: "Nell_New-1", profileCompletedAt: 1 }),
      as: newcomer,
      expect: 200,
      check: async (res, w) => {
        expect(res.body.profile).toMatchObject({ id: w.newcomer.id, name: HTML, username: "nell_new-1", persona: "other" });
        const row = await userRow(w.newcomer.id);
        expect(row).toMatchObject({ name: HTML, username: "nell_new-1", emailVerified: true });
        expect(row.profileCompletedAt).toBeGreaterThan(1);
        expect(await roleIn(res.body.workspace.id, w.newcomer.id)).toBe("owner");
        expect(await roleIn(w.orgB.id, w.newcomer.id)).toBeNull();
      },
    },
    ...bodyShapeCases(R.updateProfile),
    ...typeCases(R.updateProfile, "username", () => ({})),
    ...typeCases(R.updateProfile, "persona", () => ({})),
    update("username empty", { username: "" }, "username"),
    update("username 31 characters", { username: "u".repeat(31) }, "username"),
    update("username with a slash", { username: "a/b" }, "username"),
    update("username with a NUL", { username: "ab\u0000c" }, "username"),
    update("persona unknown", { persona: "admin" }, "persona"),
    { route: R.updateProfile, name: "username someone holds", body: (w) => ({ username: w.memberUsername }), expect: 409, code: "USERNAME_TAKEN", field: "username" },
    {
      route: R.updateProfile,
      name: "valid change; smuggled fields ignored",
      body: (w) => ({ ...smuggled(w), username: "  Olive-O ", persona: "librarian", name: "Not Changed Here" }),
      expect: 200,
      check: async (res, w) => {
        expect(res.body).toMatchObject({ id: w.owner.id, username: "olive-o", persona: "librarian" });
        expect(await userRow(w.owner.id)).toMatchObject({ name: "Olive Owner", username: "olive-o", persona: "librarian", emailVerified: true });
      },
    },
  ];
}

const cases: Case[] = [
  ...imageCases,
  // ------------------------------------------------------------------ POST /api/orgs
  ...bodyShapeCases(R.createOrg),
  ...typeCases(R.createOrg, "name", validBody[R.createOrg]!),
  ...typeCases(R.createOrg, "slug", () => ({ name: "Lab" })),
  { route: R.createOrg, name: "empty body", raw: { body: "", type: "application/json" }, expect: 400, code: VF, field: "name" },
  { route: R.createOrg, name: "name missing", body: { slug: "some-lab" }, expect: 400, code: VF, field: "name" },
  { route: R.createOrg, name: "name only spaces", body: { name: "   \t  " }, expect: 400, code: VF, field: "name" },
  { route: R.createOrg, name: "name 101 characters", body: { name: "n".repeat(101) }, expect: 400, code: VF, field: "name" },
  { route: R.createOrg, name: "__proto__ holding the name", raw: { body: '{"__proto__": {"name": "Proto lab"}}', type: "application/json" }, expect: 400, code: VF, field: "name" },
  { route: R.createOrg, name: "slug one character", body: { name: "Lab", slug: "a" }, expect: 400, code: VF, field: "slug" },
  { route: R.createOrg, name: "slug 49 characters", body: { name: "Lab", slug: "a".repeat(49) }, expect: 400, code: VF, field: "slug" },
  { route: R.createOrg, name: "slug with spaces and punctuation", body: { name: "Lab", slug: "my lab!" }, expect: 400, code: VF, field: "slug" },
  { route: R.createOrg, name: "slug with SQL", body: { name: "Lab", slug: "x'--" }, expect: 400, code: VF, field: "slug" },
  { route: R.createOrg, name: "slug reserved (new)", body: { name: "Lab", slug: "new" }, expect: 400, code: VF, field: "slug" },
  { route: R.createOrg, name: "slug unicode", body: { name: "Lab", slug: "läb" }, expect: 400, code: VF, field: "slug" },
  { route: R.createOrg, name: "slug leading dash", body: { name: "Lab", slug: "-lab" }, expect: 400, code: VF, field: "slug" },
  {
    route: R.createOrg,
    name: "HTML name round-trips exactly; smuggled fields ignored",
    body: (w) => ({ ...smuggled(w), name: HTML }),
    expect: 201,
    check: async (res, w) => {
      expect(res.body.name).toBe(HTML);
      expect(res.body.id).not.toBe("smuggled-id");
      const row = await orgRow(res.body.id);
      expect(row?.name).toBe(HTML);
      expect(recent(row!.createdAt)).toBe(true);
      expect(await roleIn(res.body.id, w.owner.id)).toBe("owner");
      expect(await roleIn(res.body.id, w.otherOwner.id)).toBeNull();
      expect((await app.request("GET", `/api/orgs/${res.body.id}`, { as: w.owner })).body.name).toBe(HTML);
    },
  },
  {
    route: R.createOrg,
    name: "unicode name round-trips; surrounding spaces trimmed",
    body: { name: `  ${UNICODE}  ` },
    expect: 201,
    check: async (res) => {
      expect(res.body.name).toBe(UNICODE);
      expect((await orgRow(res.body.id))?.name).toBe(UNICODE);
    },
  },
  {
    route: R.createOrg,
    name: "constructor/prototype keys are plain data",
    raw: { body: '{"name": "Proto-free lab", "constructor": {"prototype": {"role": "owner"}}, "__proto__": {"isAdmin": true}}', type: "application/json" },
    expect: 201,
    check: async (res) => {
      expect((await orgRow(res.body.id))?.name).toBe("Proto-free lab");
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(({} as Record<string, unknown>).role).toBeUndefined();
    },
  },
  ...brokenTextCases(R.createOrg, "name", validBody[R.createOrg]!),
  // Names refuse control characters (they would flow into email subjects and headers); zero-width ones are text.
  { route: R.createOrg, name: "NUL, tab and bell characters in the name are refused", body: { name: ODD_TEXT }, expect: 400, code: VF, field: "name" },
  { route: R.createOrg, name: "CR/LF in the name is refused", body: { name: "Lab\r\nBcc: victim@example.test" }, expect: 400, code: VF, field: "name" },
  {
    route: R.createOrg,
    name: "zero-width characters round-trip",
    body: { name: "a\u200bb\u200dc" },
    expect: 201,
    check: async (res) => expect((await orgRow(res.body.id))?.name).toBe("a\u200bb\u200dc"),
  },
  { route: R.createOrg, name: "slug upper case is lower-cased", body: { name: "Lab", slug: "  My-Lab-XYZ  " }, expect: 201, check: async (res) => expect((await orgRow(res.body.id))?.slug).toBe("my-lab-xyz") },

  // ------------------------------------------------------------------ PATCH /api/orgs/:orgId
  ...idCasesFor(R.updateOrg),
  ...bodyShapeCases(R.updateOrg),
  ...typeCases(R.updateOrg, "name", () => ({})),
  ...typeCases(R.updateOrg, "slug", () => ({})),
  { route: R.updateOrg, name: "name only spaces", body: { name: "   " }, expect: 400, code: VF, field: "name" },
  { route: R.updateOrg, name: "name 101 characters", body: { name: "n".repeat(101) }, expect: 400, code: VF, field: "name" },
  { route: R.updateOrg, name: "slug reserved", body: { slug: "settings" }, expect: 400, code: VF, field: "slug" },
  { route: R.updateOrg, name: "slug SQL", body: { slug: "a'; drop table organization; --" }, expect: 400, code: VF, field: "slug" },
  ...(
    [
      ["a string", "true"],
      ["a number", 1],
      ["null", null],
      ["an array", [true]],
      ["an object", { on: true }],
    ] as [string, unknown][]
  ).map(([name, value]): Case => ({ route: R.updateOrg, name: `requireTwoFactor: ${name}`, body: { requireTwoFactor: value }, expect: 400, code: VF, field: "requireTwoFactor" })),
  {
    route: R.updateOrg,
    // Refused, so the runner proves no row changed.
    name: "requireTwoFactor by an owner without two-factor",
    body: { requireTwoFactor: true },
    expect: 403,
    code: "TWO_FACTOR_REQUIRED",
  },
  ...brokenTextCases(R.updateOrg, "name", validBody[R.updateOrg]!),
  { route: R.updateOrg, name: "slug taken", body: (w) => ({ slug: w.orgB.slug }), expect: 409, code: "SLUG_TAKEN" },
  {
    route: R.updateOrg,
    name: "__proto__ holding a name changes nothing",
    raw: { body: '{"__proto__": {"name": "Proto name"}}', type: "application/json" },
    expect: 200,
    check: async (res, w) => {
      expect(res.body.name).toBe(w.orgA.name);
      expect((await orgRow(w.orgA.id))?.name).toBe(w.orgA.name);
    },
  },
  {
    route: R.updateOrg,
    name: "HTML name round-trips; smuggled fields ignored",
    body: (w) => ({ ...smuggled(w), name: HTML }),
    expect: 200,
    check: async (res, w) => {
      expect(res.body.name).toBe(HTML);
      expect(res.body.id).toBe(w.orgA.id);
      const row = await orgRow(w.orgA.id);
      expect(row?.name).toBe(HTML);
      expect(row?.slug).toBe(w.orgA.slug);
      expect(recent(row!.createdAt)).toBe(true);
      expect(await orgRow("smuggled-id")).toBeUndefined();
      expect((await orgRow(w.orgB.id))?.name).toBe("Lab B");
      expect(await roleIn(w.orgA.id, w.otherOwner.id)).toBeNull();
    },
  },

  // ------------------------------------------------------------------ DELETE /api/orgs/:orgId
  ...idCasesFor(R.deleteOrg),
  ...ignoredBodyCases(
    R.deleteOrg,
    async (_res, w) => {
      expect(await orgRow(w.orgA.id)).toBeUndefined();
      expect(await orgRow(w.orgB.id)).toBeDefined();
    },
    204,
  ),

  // ------------------------------------------------------------------ POST /api/orgs/:orgId/active
  ...idCasesFor(R.active),
  ...ignoredBodyCases(
    R.active,
    async (res, w) => {
      expect(res.body).toEqual({ activeOrgId: w.orgA.id });
      const [s] = await app.db.select({ active: session.activeOrganizationId }).from(session).where(eq(session.id, w.owner.sessionId));
      expect(s?.active).toBe(w.orgA.id);
    },
    200,
  ),

  // ------------------------------------------------------------------ PATCH /api/orgs/:orgId/members/:userId
  ...idCasesFor(R.memberRole),
  ...bodyShapeCases(R.memberRole),
  ...typeCases(R.memberRole, "role", validBody[R.memberRole]!),
  ...roleCases(R.memberRole, "role", validBody[R.memberRole]!),
  { route: R.memberRole, name: "empty body", raw: { body: "", type: "application/json" }, expect: 400, code: VF, field: "role" },
  { route: R.memberRole, name: "role held by __proto__", raw: { body: '{"__proto__": {"role": "owner"}}', type: "application/json" }, expect: 400, code: VF, field: "role" },
  {
    route: R.memberRole,
    name: "smuggled userId/orgId do not pick the target",
    body: (w) => ({ ...smuggled(w), role: "admin" }),
    expect: 200,
    check: async (res, w) => {
      expect(res.body).toMatchObject({ userId: w.member.id, role: "admin" });
      expect(await roleIn(w.orgA.id, w.member.id)).toBe("admin");
      expect(await roleIn(w.orgB.id, w.otherOwner.id)).toBe("owner");
      expect(await roleIn(w.orgA.id, w.owner.id)).toBe("owner");
    },
  },

  // ------------------------------------------------------------------ DELETE /api/orgs/:orgId/members/:userId
  ...idCasesFor(R.removeMember),
  ...ignoredBodyCases(
    R.removeMember,
    async (_res, w) => {
      expect(await roleIn(w.orgA.id, w.member.id)).toBeNull();
      expect(await projectRoleIn(w.projectP, w.member.id)).toBeNull();
      expect(await roleIn(w.orgB.id, w.otherOwner.id)).toBe("owner");
      expect(await roleIn(w.orgA.id, w.owner.id)).toBe("owner");
    },
    204,
  ),

  // ------------------------------------------------------------------ POST /api/orgs/:orgId/invitations
  ...idCasesFor(R.invite),
  ...bodyShapeCases(R.invite),
  ...typeCases(R.invite, "email", validBody[R.invite]!),
  ...typeCases(R.invite, "role", validBody[R.invite]!),
  ...roleCases(R.invite, "role", validBody[R.invite]!),
  ...emailCases(R.invite, validBody[R.invite]!),
  { route: R.invite, name: "empty body", raw: { body: "", type: "application/json" }, expect: 400, code: VF, field: "email" },
  { route: R.invite, name: "email of a member (any case)", body: (w) => ({ email: w.member.email.toUpperCase(), role: "member" }), expect: 409, code: "ALREADY_MEMBER" },
  {
    route: R.invite,
    name: "mixed-case address with spaces is stored trimmed and lower-cased; smuggled fields ignored",
    body: (w) => ({ ...smuggled(w), email: "  New.Comer@Example.TEST ", role: "member" }),
    expect: 201,
    check: async (res, w) => {
      expect(res.body).toMatchObject({ email: "new.comer@example.test", role: "member", status: "pending", invitedBy: { id: w.owner.id } });
      expect(res.body.id).not.toBe("smuggled-id");
      expect(res.body.token).toBeUndefined();
      const [row] = await app.db.select().from(invitation).where(eq(invitation.id, res.body.id));
      expect(row).toMatchObject({ email: "new.comer@example.test", role: "member", status: "pending", organizationId: w.orgA.id, inviterId: w.owner.id });
      expect(row!.token).toMatch(/^[0-9a-f]{64}$/);
      expect(row!.expiresAt.getTime()).toBeLessThan(Date.now() + 8 * 86_400_000);
      expect(recent(row!.createdAt)).toBe(true);
    },
  },

  // ------------------------------------------------------------------ org invitation resend / cancel
  ...idCasesFor(R.resend),
  ...ignoredBodyCases(
    R.resend,
    async (res, w) => {
      expect(res.body).toMatchObject({ id: w.orgInvitationId, status: "pending", role: "member" });
      const [row] = await app.db.select().from(invitation).where(eq(invitation.id, w.orgInvitationId));
      expect(row).toMatchObject({ status: "pending", role: "member", organizationId: w.orgA.id, inviterId: w.owner.id });
    },
    200,
  ),
  ...idCasesFor(R.cancel),
  ...ignoredBodyCases(
    R.cancel,
    async (_res, w) => {
      const [row] = await app.db.select().from(invitation).where(eq(invitation.id, w.orgInvitationId));
      expect(row?.status).toBe("canceled");
    },
    200,
  ),

  // ------------------------------------------------------------------ POST /api/orgs/:orgId/projects
  ...idCasesFor(R.createProject),
  ...bodyShapeCases(R.createProject),
  ...typeCases(R.createProject, "name", validBody[R.createProject]!),
  ...typeCases(R.createProject, "description", validBody[R.createProject]!).filter((c) => c.name !== "description: null"),
  { route: R.createProject, name: "empty body", raw: { body: "", type: "application/json" }, expect: 400, code: VF, field: "name" },
  { route: R.createProject, name: "name only spaces", body: { name: " \n " }, expect: 400, code: VF, field: "name" },
  { route: R.createProject, name: "name 256 characters", body: { name: "n".repeat(256) }, expect: 400, code: VF, field: "name" },
  ...brokenTextCases(R.createProject, "name", validBody[R.createProject]!),
  ...brokenTextCases(R.createProject, "description", validBody[R.createProject]!),
  { route: R.createProject, name: "NUL, tab and bell characters in the name are refused", body: { name: ODD_TEXT }, expect: 400, code: VF, field: "name" },
  {
    route: R.createProject,
    name: "NUL, tab, zero-width and bell characters round-trip in the description",
    body: { name: "Odd description", description: ODD_TEXT },
    expect: 201,
    check: async (res) => {
      const [row] = await app.db.select().from(projects).where(eq(projects.id, res.body.id));
      expect([res.body.description, row?.description]).toEqual([ODD_TEXT, ODD_TEXT]);
    },
  },
  { route: R.createProject, name: "description 2,001 characters", body: { name: "P", description: "d".repeat(2001) }, expect: 400, code: VF, field: "description" },
  {
    route: R.createProject,
    name: "HTML name and description round-trip; smuggled fields ignored",
    body: (w) => ({ ...smuggled(w), name: HTML, description: `${HTML}\n${UNICODE}` }),
    expect: 201,
    check: async (res, w) => {
      expect(res.body).toMatchObject({ name: HTML, description: `${HTML}\n${UNICODE}`, orgId: w.orgA.id, role: "owner", memberCount: 1 });
      const [row] = await app.db.select().from(projects).where(eq(projects.id, res.body.id));
      expect(row).toMatchObject({ name: HTML, description: `${HTML}\n${UNICODE}`, orgId: w.orgA.id, createdBy: w.owner.id });
      expect(res.body.id).not.toBe("smuggled-id");
      expect(recent(row!.createdAt)).toBe(true);
      expect(await projectRoleIn(res.body.id, w.owner.id)).toBe("owner");
      expect(await projectRoleIn(res.body.id, w.otherOwner.id)).toBeNull();
      expect((await app.request("GET", `/api/orgs/${w.orgA.id}/projects/${res.body.id}`, { as: w.owner })).body.name).toBe(HTML);
    },
  },
  {
    route: R.createProject,
    name: "name at 255 and description at 2,000 characters are kept whole",
    body: { name: "n".repeat(255), description: "d".repeat(2000) },
    expect: 201,
    check: async (res) => {
      const [row] = await app.db.select().from(projects).where(eq(projects.id, res.body.id));
      expect(row?.name).toBe("n".repeat(255));
      expect(row?.description).toBe("d".repeat(2000));
    },
  },

  // ------------------------------------------------------------------ PATCH /api/orgs/:orgId/projects/:projectId
  ...idCasesFor(R.updateProject),
  ...bodyShapeCases(R.updateProject),
  ...typeCases(R.updateProject, "name", () => ({})),
  ...typeCases(R.updateProject, "description", () => ({})).filter((c) => c.name !== "description: null"),
  { route: R.updateProject, name: "name only spaces", body: { name: "  " }, expect: 400, code: VF, field: "name" },
  ...brokenTextCases(R.updateProject, "description", validBody[R.updateProject]!),
  { route: R.updateProject, name: "description 2,001 characters", body: { description: "d".repeat(2001) }, expect: 400, code: VF, field: "description" },
  {
    route: R.updateProject,
    name: "HTML round-trips; smuggled fields ignored",
    body: (w) => ({ ...smuggled(w), name: HTML, description: HTML }),
    expect: 200,
    check: async (res, w) => {
      expect(res.body).toMatchObject({ id: w.projectP, orgId: w.orgA.id, name: HTML, description: HTML });
      const [row] = await app.db.select().from(projects).where(eq(projects.id, w.projectP));
      expect(row).toMatchObject({ name: HTML, description: HTML, orgId: w.orgA.id, createdBy: w.owner.id });
      expect(recent(row!.createdAt)).toBe(true);
    },
  },

  // ------------------------------------------------------------------ DELETE /api/orgs/:orgId/projects/:projectId
  ...idCasesFor(R.deleteProject),
  ...ignoredBodyCases(
    R.deleteProject,
    async (_res, w) => {
      expect(await app.db.select().from(projects).where(eq(projects.id, w.projectP))).toEqual([]);
      expect((await app.db.select().from(projects).where(eq(projects.id, w.projectQ))).length).toBe(1);
    },
    204,
  ),

  // ------------------------------------------------------------------ POST project members
  ...idCasesFor(R.addProjectMember),
  ...bodyShapeCases(R.addProjectMember),
  ...typeCases(R.addProjectMember, "userId", validBody[R.addProjectMember]!),
  ...typeCases(R.addProjectMember, "role", validBody[R.addProjectMember]!),
  ...roleCases(R.addProjectMember, "role", validBody[R.addProjectMember]!),
  ...(["a.b", "x' OR '1'='1", "ü", "a".repeat(500)] as const).map(
    (v): Case => ({ route: R.addProjectMember, name: `userId: ${v.slice(0, 12)}`, body: { userId: v, role: "member" }, expect: 400, code: VF, field: "userId" }),
  ),
  { route: R.addProjectMember, name: "userId of someone outside the org", body: (w) => ({ userId: w.otherOwner.id, role: "member" }), expect: 404, code: NF },
  { route: R.addProjectMember, name: "userId __proto__", body: { userId: "__proto__", role: "member" }, expect: 404, code: NF },
  { route: R.addProjectMember, name: "already a member", body: (w) => ({ userId: w.member.id, role: "member" }), expect: 409, code: "ALREADY_MEMBER" },

  // ------------------------------------------------------------------ PATCH project member role
  ...idCasesFor(R.projectRole),
  ...bodyShapeCases(R.projectRole),
  ...typeCases(R.projectRole, "role", validBody[R.projectRole]!),
  ...roleCases(R.projectRole, "role", validBody[R.projectRole]!),
  { route: R.projectRole, name: "org role 'admin' is not a project role", body: { role: "admin" }, expect: 400, code: VF, field: "role" },
  {
    route: R.projectRole,
    name: "smuggled fields do not pick the target",
    body: (w) => ({ ...smuggled(w), role: "owner" }),
    expect: 200,
    check: async (res, w) => {
      expect(res.body).toMatchObject({ userId: w.member.id, role: "owner" });
      expect(await projectRoleIn(w.projectP, w.member.id)).toBe("owner");
      expect(await projectRoleIn(w.projectQ, w.otherOwner.id)).toBe("owner");
      expect(await roleIn(w.orgA.id, w.member.id)).toBe("member");
    },
  },

  // ------------------------------------------------------------------ DELETE project member
  ...idCasesFor(R.removeProjectMember),
  ...ignoredBodyCases(
    R.removeProjectMember,
    async (_res, w) => {
      expect(await projectRoleIn(w.projectP, w.member.id)).toBeNull();
      expect(await roleIn(w.orgA.id, w.member.id)).toBe("member");
      expect(await projectRoleIn(w.projectP, w.owner.id)).toBe("owner");
    },
    204,
  ),

  // ------------------------------------------------------------------ POST project invitations
  ...idCasesFor(R.projectInvite),
  ...bodyShapeCases(R.projectInvite),
  ...typeCases(R.projectInvite, "email", validBody[R.projectInvite]!),
  ...typeCases(R.projectInvite, "role", validBody[R.projectInvite]!),
  ...typeCases(R.projectInvite, "orgRole", validBody[R.projectInvite]!),
  ...roleCases(R.projectInvite, "role", validBody[R.projectInvite]!),
  ...roleCases(R.projectInvite, "orgRole", validBody[R.projectInvite]!),
  ...emailCases(R.projectInvite, validBody[R.projectInvite]!),
  {
    route: R.projectInvite,
    name: "mixed-case address stored lower-cased; smuggled fields ignored",
    body: (w) => ({ ...smuggled(w), email: " Mixed.Case@EXAMPLE.test", role: "member", orgRole: "member" }),
    expect: 201,
    check: async (res, w) => {
      expect(res.body).toMatchObject({ email: "mixed.case@example.test", role: "member", orgRole: "member", projectId: w.projectP, status: "pending" });
      const [row] = await app.db.select().from(projectInvitations).where(eq(projectInvitations.id, res.body.id));
      expect(row).toMatchObject({ email: "mixed.case@example.test", orgId: w.orgA.id, projectId: w.projectP, invitedBy: w.owner.id, status: "pending", role: "member", orgRole: "member" });
      expect(row!.token).toMatch(/^[0-9a-f]{64}$/);
    },
  },

  // ------------------------------------------------------------------ project invitation resend / cancel
  ...idCasesFor(R.projectResend),
  ...ignoredBodyCases(
    R.projectResend,
    async (res, w) => {
      expect(res.body).toMatchObject({ id: w.projectInvitationId, status: "pending", projectId: w.projectP, orgRole: "member" });
      const [row] = await app.db.select().from(projectInvitations).where(eq(projectInvitations.id, w.projectInvitationId));
      expect(row).toMatchObject({ status: "pending", orgRole: "member", role: "member", projectId: w.projectP });
    },
    200,
  ),
  ...idCasesFor(R.projectCancel),
  ...ignoredBodyCases(
    R.projectCancel,
    async (_res, w) => {
      const [row] = await app.db.select().from(projectInvitations).where(eq(projectInvitations.id, w.projectInvitationId));
      expect(row?.status).toBe("canceled");
    },
    200,
  ),

  // ------------------------------------------------------------------ DELETE /api/me (the member: no org to hand over)
  ...bodyShapeCases(R.deleteMe).map((c) => ({ ...c, as: (w: World) => w.member })),
  ...typeCases(R.deleteMe, "confirmEmail", (w) => ({ confirmEmail: w.member.email })).map((c) => ({ ...c, as: (w: World) => w.member })),
  ...typeCases(R.deleteMe, "password", (w) => ({ confirmEmail: w.member.email })).map((c) => ({ ...c, as: (w: World) => w.member })),
  ...(
    [
      ["empty body", {}],
      ["another person's address", { confirmEmail: "someone.else@example.test" }],
      ["the address with a NUL", { confirmEmail: "\u0000" }],
      ["HTML", { confirmEmail: HTML }],
      ["10,000 characters", { confirmEmail: "a".repeat(10_000) }],
      ["SQL", { confirmEmail: "x' OR '1'='1" }],
      ["a wildcard", { confirmEmail: "%" }],
    ] as [string, Record<string, unknown>][]
  ).map(([name, body]): Case => ({ route: R.deleteMe, name: `confirmEmail: ${name}`, as: (w) => w.member, body, expect: 400, code: VF, field: "confirmEmail" })),
  { route: R.deleteMe, name: "password: 2,000 characters", as: (w) => w.member, body: (w) => ({ confirmEmail: w.member.email, password: "p".repeat(2000) }), expect: 400, code: VF, field: "password" },
  {
    route: R.deleteMe,
    name: "smuggled userId and id: only the caller goes",
    as: (w) => w.member,
    body: (w) => ({ confirmEmail: w.member.email, userId: w.owner.id, id: w.owner.id, email: w.owner.email }),
    expect: 204,
    check: async (_res, w) => {
      expect(await app.db.select({ id: user.id }).from(user).where(eq(user.id, w.member.id))).toEqual([]);
      expect(await app.db.select({ id: user.id }).from(user).where(eq(user.id, w.owner.id))).toHaveLength(1);
      expect(await roleIn(w.orgA.id, w.owner.id)).toBe("owner");
    },
  },

  // ------------------------------------------------------------------ accept / decline
  ...tokenCases(R.accept),
  ...ignoredBodyCases(
    R.accept,
    async (res, w) => {
      expect(res.body).toEqual({ orgId: w.orgA.id, orgSlug: w.orgA.slug, projectId: null });
      expect(await roleIn(w.orgA.id, w.invitee.id)).toBe("member");
      expect(await roleIn(w.orgB.id, w.invitee.id)).toBeNull();
      expect(await projectRoleIn(w.projectQ, w.invitee.id)).toBeNull();
    },
    200,
  ).map((c) => ({ ...c, params: (w: World) => ({ token: w.orgToken }), as: (w: World) => w.invitee })),
  ...tokenCases(R.decline),
  ...ignoredBodyCases(
    R.decline,
    async (res, w) => {
      expect(res.body).toEqual({ status: "declined" });
      expect(await roleIn(w.orgA.id, w.invitee.id)).toBeNull();
    },
    200,
  ).map((c) => ({ ...c, params: (w: World) => ({ token: w.orgToken }), as: (w: World) => w.invitee })),
  {
    route: R.accept,
    name: "project invitation: smuggled role/orgRole/projectId ignored",
    params: (w) => ({ token: w.projectToken }),
    as: (w) => w.invitee,
    body: smuggled,
    expect: 200,
    check: async (res, w) => {
      expect(res.body).toEqual({ orgId: w.orgA.id, orgSlug: w.orgA.slug, projectId: w.projectP });
      expect(await roleIn(w.orgA.id, w.invitee.id)).toBe("member");
      expect(await projectRoleIn(w.projectP, w.invitee.id)).toBe("member");
      expect(await projectRoleIn(w.projectQ, w.invitee.id)).toBeNull();
    },
  },
  // ------------------------------------------------------------------ site administration, sent by a site admin
  ...adminCases(),
  // ------------------------------------------------------------------ the profile (the caller's own; issue 14)
  ...profileCases(),
];

// ---------------------------------------------------------------------- list parameters (GET), for completeness

const listRoutes = [
  "GET /api/orgs/:orgId/members",
  "GET /api/orgs/:orgId/projects",
  "GET /api/orgs/:orgId/invitations",
  "GET /api/orgs/:orgId/projects/:projectId/invitations",
  "GET /api/orgs/:orgId/activity",
];

function b64url(s: string): string {
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const listCases: Case[] = listRoutes.flatMap((route): Case[] => [
  ...["-1", "0", "101", "1000000000", "99999999999999999999", "1.5", "abc", "", "NaN", "Infinity", "-Infinity", "1e400", "0x"].map(
    (v): Case => ({ route, name: `limit=${JSON.stringify(v)}`, query: `limit=${encodeURIComponent(v)}`, expect: 400, code: VF, field: "limit" }),
  ),
  ...[
    ["not base64", "!!!"],
    ["301 characters", "a".repeat(301)],
    ["base64 of text", b64url("hello")],
    ["base64 of a JSON object", b64url('{"a":1}')],
    ["base64 of a huge number key", b64url("[1e400,\"x\"]")],
    ["base64 of a 20-digit number", b64url('[99999999999999999999,"x"]')],
    ["base64 of 20 digits and colon", b64url("99999999999999999999:x")],
    ["NUL", "%00"],
  ].map(([name, v]): Case => ({ route, name: `cursor: ${name}`, query: `cursor=${v}`, expect: 400, code: VF, field: "cursor" })),
  ...(route.endsWith("/members") || route.endsWith("/projects")
    ? [{ route, name: "q 101 characters", query: `q=${"q".repeat(101)}`, expect: 400, code: VF, field: "q" } as Case]
    : []),
]);

// ====================================================================== running

function fillPath(path: string, params: Params): string {
  return path.replace(/:([A-Za-z]+)/g, (_, k: string) => encodeURIComponent(params[k] ?? ""));
}

let shared: World;
let baseline: Snapshot;
let cleanCount: number;
let ran = 0;

async function runCase(c: Case): Promise<void> {
  const valid = c.check !== undefined;
  // Valid requests change their world, so each gets a fresh one; refused ones share one that must stay as it is.
  const w = valid ? await makeWorld() : shared;
  const [method, path] = c.route.split(" ") as [string, string];
  const params = { ...defaultParams(c.route, w), ...(typeof c.params === "function" ? c.params(w) : c.params) };
  const url = (c.rawPath ? c.rawPath(w) : fillPath(path, params)) + (c.query ? `?${c.query}` : "");
  const body = typeof c.body === "function" ? (c.body as (w: World) => unknown)(w) : c.body;
  const as = c.as ? c.as(w) : w.owner;
  if (!valid && (await writeCount(app)) !== cleanCount) {
    // Valid cases (fresh worlds) wrote since: take the state refused cases are compared with again.
    baseline = await snapshotDb(app.db);
    cleanCount = await writeCount(app);
  }
  const res = c.raw
    ? await app.request(method, url, { as, rawBody: c.raw.body, headers: c.raw.type ? { "content-type": c.raw.type } : {} })
    : await app.request(method, url, { as, body });
  ran++;
  const label = `${c.route} — ${c.name}`;
  expect(res.status, `${label}: ${JSON.stringify(res.body)?.slice(0, 300)}`).toBeLessThan(500);
  const statuses = Array.isArray(c.expect) ? c.expect : [c.expect];
  expect(statuses, `${label}: got ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`).toContain(res.status);
  if (res.status >= 400) {
    expect(res.body, label).toEqual({ error: expect.objectContaining({ code: c.code, message: expect.any(String) }) });
    if (c.field) expect(res.body.error.details?.fields?.[c.field], `${label}: details.fields.${c.field} in ${JSON.stringify(res.body)}`).toEqual(expect.any(String));
    // Refused: not a row of any table changed.
    if ((await writeCount(app)) !== cleanCount) {
      const changed = diffSnapshots(baseline, await snapshotDb(app.db));
      expect(changed, `${label}: refused but wrote`).toEqual([]);
      cleanCount = await writeCount(app);
    }
  }
  if (c.check) await c.check(res, w);
}

const mutating = routes.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);

beforeAll(async () => {
  app = await createTestApp();
  await installWriteCounter(app);
  shared = await makeWorld();
  baseline = await snapshotDb(app.db);
  cleanCount = await writeCount(app);
});

afterAll(async () => {
  console.log(`hostile cases: ${ran} (${cases.length} on ${mutating.length} mutating routes, ${listCases.length} on ${listRoutes.length} list routes)`);
  await app?.close();
});

describe("the corpus", () => {
  it("has at least 20 cases for every mutating route, and only for registered routes", () => {
    const all = routes.map((r) => `${r.method} ${r.path}`);
    const perRoute = new Map(mutating.map((r) => [r, 0]));
    for (const c of [...cases, ...listCases]) expect(all, c.route).toContain(c.route);
    for (const c of cases) perRoute.set(c.route, (perRoute.get(c.route) ?? 0) + 1);
    const short = [...perRoute].filter(([, n]) => n < 20).map(([r, n]) => `${r}: ${n}`);
    expect(short, "mutating routes with fewer than 20 hostile cases").toEqual([]);
  });
});

// Shared-world cases must leave that world untouched; a write by a refused case is reported where it happened.
for (const route of [...mutating, ...listRoutes]) {
  const mine = [...cases, ...listCases].filter((c) => c.route === route);
  if (!mine.length) continue;
  describe(route, () => {
    for (const c of mine) it(c.name, () => runCase(c));
  });
}
