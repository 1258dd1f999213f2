/**
 * THE authorization matrix (PRODUCT.md sections 2 and 6): every JSON API route and every "use server" function, with
 * the outcome each kind of caller must get against its own org's objects, another org's objects and missing ids.
 * tests/authz-matrix.test.ts runs every API cell against a real local D1 through the API handler;
 * tests/built/server-functions.test.ts calls every server function of the built Worker through its real door
 * (POST /_server, as the browser does) for the same cells. Both fail on any difference, any 5xx, any row changed by a
 * refused call; the first on a registered route missing here, the second on a built server function missing here (or
 * listed here but not built).
 *
 * It is written out by hand on purpose, not derived from src/lib/permissions.ts: a mistake in the permission table must
 * show up as a difference, not be copied into the expectations.
 *
 * ## The world the cells run in (built by the test, rebuilt after every call that changed a row)
 * - Org A: owner `own`; admins `adm` and `aOut`; plain members `mem`, `pMem`, `pOwn`, plus victimA and addableA.
 * - Project P in A: owner `pOwn` (the only one); members `pMem`, `adm`, victimA. `own`, `aOut` and `mem` are not in P.
 * - Org B: owner otherOwner; admin `other`; plain members victimB and addableB. Project Q in B: owner otherOwner,
 *   member victimB (`other` is not in Q). `noOrg` belongs to no org.
 * - Pending invitations: one org invitation in A and in B, one project invitation in P and in Q (to addresses nobody
 *   has), and for each signed-in subject an org invitation to A and a project invitation to P addressed to them.
 *
 * ## Columns (subjects), in this order in every expectation string
 *   anon  signed out                      own   org A owner (not in P)         aOut  org A admin, not in P
 *   noOrg signed in, in no org            pMem  org A member, P member         other admin of org B (another org)
 *   mem   org A plain member, not in P    pOwn  org A member, P's only owner
 *   adm   org A admin, P member
 *
 * ## Rows (which ids the path gets; the last path id is the one that varies)
 *   none      the route takes no id
 *   own       A's objects: org A, project P, A's/P's invitation, victimA as the member acted on
 *   self      like own, but the member acted on is the caller (leave, change one's own role)
 *   owner     like own, but the member acted on is the owner (org A's owner, or P's owner for project routes)
 *   foreign   B's objects throughout (the column `other` is at home there)
 *   mixed     org A in the path, everything below it from B (project Q, B's invitation, victimB)
 *   crossChild org A and project P, but the last id from B (Q's invitation, victimB)
 *   missing   org A (and P) as for own, but the last id does not exist (for org-only routes: a missing org)
 *   Token routes: own = an invitation to A addressed to the caller, ownProject = one to P addressed to the caller,
 *   foreign = an invitation of B addressed to someone else, missing = a well-formed token nobody was given.
 *   Cells may set `ids` to run another row's ids with a different body (e.g. inviting as owner).
 *
 * ## Outcomes
 *   200 201 204   exactly that status          401  AUTH_REQUIRED     403  FORBIDDEN     404  NOT_FOUND
 *   400           VALIDATION_FAILED             LAST 409 LAST_OWNER    MISM 403 INVITATION_EMAIL_MISMATCH
 * A server function has no status: 2xx means it succeeded (a value, or a redirect onward), an error outcome means it
 * threw or returned that code, and its signed-out 401 reads as its `anon` rule says (rpcExpectation below).
 * Bodies may use placeholders the test fills in: "$addable" (a member of the row's org who is not in its project),
 * "$userB" (victimB: someone who is not in org A), "$callerEmail" (the caller's own address). Server functions get the same body as form fields.
 */
import { createHash } from "node:crypto";
import { is, sql } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "~/db/schema";
import { adminApiEntries, adminRpcEntries } from "./authz-matrix-admin";
import type { Ids } from "./authz-world";
import type { TestApp } from "./harness";

export const subjects = ["anon", "noOrg", "mem", "adm", "own", "pMem", "pOwn", "aOut", "other"] as const;
export type Subject = (typeof subjects)[number];

export const idKinds = ["none", "own", "self", "owner", "foreign", "mixed", "crossChild", "missing", "ownProject"] as const;
export type IdKind = (typeof idKinds)[number];

export const outcomes = ["200", "201", "204", "400", "401", "403", "404", "LAST", "MISM"] as const;
export type Outcome = (typeof outcomes)[number];

/** The status and error code of an outcome (success outcomes have no code). */
export const outcomeMeaning: Record<Outcome, { status: number; code?: string }> = {
  "200": { status: 200 },
  "201": { status: 201 },
  "204": { status: 204 },
  "400": { status: 400, code: "VALIDATION_FAILED" },
  "401": { status: 401, code: "AUTH_REQUIRED" },
  "403": { status: 403, code: "FORBIDDEN" },
  "404": { status: 404, code: "NOT_FOUND" },
  LAST: { status: 409, code: "LAST_OWNER" },
  MISM: { status: 403, code: "INVITATION_EMAIL_MISMATCH" },
};

export interface Cell {
  /** Which ids to use; defaults to the row's own name. */
  ids?: IdKind;
  body?: Record<string, unknown>;
  /** The body is a picture's bytes (tests/image-fixtures.ts PNG_3X2) instead of JSON: the image upload routes. */
  upload?: true;
  /** Request headers a browser would send on this route (the live handshake's Origin). */
  headers?: Record<string, string>;
  /** Nine outcomes, one per subject, in the column order above. */
  expect: string;
}

export interface RouteEntry {
  route: string;
  rule: string;
  rows: Record<string, Cell>;
}

// Rows that recur. Signed in, nobody may know the thing: everyone but the signed-out caller gets 404.
const ALL_404 = "401 404 404 404 404 404 404 404 404";
/** B's objects, where only `other` (B's admin) has rights: `allowed` is their outcome. */
const onlyOther = (allowed: Outcome) => `401 404 404 404 404 404 404 404 ${allowed}`;

const O = "/api/orgs/:orgId";
/** The Origin of the test apps' own pages (APP_URL in tests/harness.ts). */
const SAME_ORIGIN = { origin: "http://localhost:3000" };
const P = `${O}/projects/:projectId`;

export const apiMatrix: RouteEntry[] = [
  // ------------------------------------------------------------------ identity and workspaces
  {
    route: "GET /api/me",
    rule: "any signed-in person; only their own identity",
    rows: { none: { expect: "401 200 200 200 200 200 200 200 200" } },
  },
  {
    route: "POST /api/me/profile",
    rule: "any signed-in person completes their own first-run step (done already: answered as it is, nothing written)",
    rows: { none: { body: { name: "Matrix Person", persona: "student" }, expect: "401 200 200 200 200 200 200 200 200" } },
  },
  {
    route: "PATCH /api/me/profile",
    rule: "any signed-in person changes their own username and persona",
    rows: { none: { body: { username: "matrix-person", persona: "librarian" }, expect: "401 200 200 200 200 200 200 200 200" } },
  },
  {
    route: "GET /api/orgs",
    rule: "any signed-in person; only their own orgs",
    rows: { none: { expect: "401 200 200 200 200 200 200 200 200" } },
  },
  {
    route: "POST /api/orgs",
    rule: "any signed-in person creates an org and becomes its owner",
    rows: { none: { body: { name: "Fresh lab" }, expect: "401 201 201 201 201 201 201 201 201" } },
  },
  {
    route: "DELETE /api/me",
    rule: "any signed-in person deletes their own account (typing their address), unless they are the last owner of an org or project others belong to",
    rows: {
      none: { body: { confirmEmail: "not-the-caller@example.com" }, expect: "401 400 400 400 400 400 400 400 400" },
      // own is org A's only owner and pOwn project P's only owner, both with others in it.
      self: { ids: "none", body: { confirmEmail: "$callerEmail" }, expect: "401 204 204 204 LAST 204 LAST 204 204" },
    },
  },
  {
    route: "GET /api/me/export",
    rule: "any signed-in person; only their own data",
    rows: { none: { expect: "401 200 200 200 200 200 200 200 200" } },
  },
  {
    route: `GET ${O}`,
    rule: "org members (any role); everyone else 404",
    rows: {
      own: { expect: "401 404 200 200 200 200 200 200 404" },
      foreign: { expect: onlyOther("200") },
      missing: { expect: ALL_404 },
    },
  },
  {
    route: `PATCH ${O}`,
    rule: "org admin or owner renames / changes the slug; members 403; outsiders 404",
    rows: {
      own: { body: { name: "Renamed lab" }, expect: "401 404 403 200 200 403 403 200 404" },
      foreign: { body: { name: "Renamed lab" }, expect: onlyOther("200") },
      missing: { body: { name: "Renamed lab" }, expect: ALL_404 },
    },
  },
  {
    route: `DELETE ${O}`,
    rule: "org owner only; admins and members 403; outsiders 404",
    rows: {
      own: { expect: "401 404 403 403 204 403 403 403 404" },
      foreign: { expect: onlyOther("403") },
      missing: { expect: ALL_404 },
    },
  },
  {
    route: `POST ${O}/active`,
    rule: "org members switch to it; outsiders 404",
    rows: {
      own: { expect: "401 404 200 200 200 200 200 200 404" },
      foreign: { expect: onlyOther("200") },
      missing: { expect: ALL_404 },
    },
  },

  // ------------------------------------------------------------------ org members
  {
    route: `GET ${O}/members`,
    rule: "org members (any role); outsiders 404",
    rows: {
      own: { expect: "401 404 200 200 200 200 200 200 404" },
      foreign: { expect: onlyOther("200") },
      missing: { expect: ALL_404 },
    },
  },
  {
    route: `PATCH ${O}/members/:userId`,
    rule: "admin+ moves people between member and admin, never touching an owner; only owners grant/take owner; an org keeps an owner",
    rows: {
      own: { body: { role: "admin" }, expect: "401 404 403 200 200 403 403 200 404" },
      // Granting oneself owner: only an owner (for whom it changes nothing) gets a 2xx.
      self: { body: { role: "owner" }, expect: "401 404 403 403 200 403 403 403 404" },
      // Demoting the only owner: admins may not touch owners; the owner themself is the last owner.
      owner: { body: { role: "member" }, expect: "401 404 403 403 LAST 403 403 403 404" },
      grantOwner: { ids: "own", body: { role: "owner" }, expect: "401 404 403 403 200 403 403 403 404" },
      foreign: { body: { role: "admin" }, expect: onlyOther("200") },
      mixed: { body: { role: "admin" }, expect: ALL_404 },
      missing: { body: { role: "admin" }, expect: ALL_404 },
    },
  },
  {
    route: `DELETE ${O}/members/:userId`,
    rule: "admin+ removes non-owners, owners remove anyone; anyone leaves (own id) except the last owner",
    rows: {
      own: { expect: "401 404 403 204 204 403 403 204 404" },
      self: { expect: "401 404 204 204 LAST 204 204 204 404" },
      owner: { expect: "401 404 403 403 LAST 403 403 403 404" },
      foreign: { expect: onlyOther("204") },
      mixed: { expect: ALL_404 },
      missing: { expect: ALL_404 },
    },
  },

  // ------------------------------------------------------------------ org invitations
  {
    route: `GET ${O}/invitations`,
    rule: "org admin or owner; members 403; outsiders 404",
    rows: {
      own: { expect: "401 404 403 200 200 403 403 200 404" },
      foreign: { expect: onlyOther("200") },
      missing: { expect: ALL_404 },
    },
  },
  {
    route: `POST ${O}/invitations`,
    rule: "org admin or owner invites as member/admin; only owners invite as owner",
    rows: {
      own: { body: { email: "newcomer@example.test", role: "member" }, expect: "401 404 403 201 201 403 403 201 404" },
      asAdmin: { ids: "own", body: { email: "newcomer@example.test", role: "admin" }, expect: "401 404 403 201 201 403 403 201 404" },
      asOwner: { ids: "own", body: { email: "newcomer@example.test", role: "owner" }, expect: "401 404 403 403 201 403 403 403 404" },
      foreign: { body: { email: "newcomer@example.test", role: "member" }, expect: onlyOther("201") },
      missing: { body: { email: "newcomer@example.test", role: "member" }, expect: ALL_404 },
    },
  },
  {
    route: `POST ${O}/invitations/:id/resend`,
    rule: "org admin or owner; an invitation of another org is 404 even under one's own org",
    rows: {
      own: { expect: "401 404 403 200 200 403 403 200 404" },
      foreign: { expect: onlyOther("200") },
      // The role check comes first: a plain member is refused before the id is looked up.
      mixed: { expect: "401 404 403 404 404 403 403 404 404" },
      missing: { expect: "401 404 403 404 404 403 403 404 404" },
    },
  },
  {
    route: `DELETE ${O}/invitations/:id`,
    rule: "org admin or owner cancels; an invitation of another org is 404 even under one's own org",
    rows: {
      own: { expect: "401 404 403 200 200 403 403 200 404" },
      foreign: { expect: onlyOther("200") },
      mixed: { expect: "401 404 403 404 404 403 403 404 404" },
      missing: { expect: "401 404 403 404 404 403 403 404 404" },
    },
  },

  // ------------------------------------------------------------------ projects
  {
    route: `GET ${O}/projects`,
    rule: "org members (members see their projects, admins all); outsiders 404",
    rows: {
      own: { expect: "401 404 200 200 200 200 200 200 404" },
      foreign: { expect: onlyOther("200") },
      missing: { expect: ALL_404 },
    },
  },
  {
    route: `POST ${O}/projects`,
    rule: "any org member creates a project; outsiders 404",
    rows: {
      own: { body: { name: "New review" }, expect: "401 404 201 201 201 201 201 201 404" },
      foreign: { body: { name: "New review" }, expect: onlyOther("201") },
      missing: { body: { name: "New review" }, expect: ALL_404 },
    },
  },
  {
    route: `GET ${P}`,
    rule: "project members and org admins/owners; a plain org member outside the project 404",
    rows: {
      own: { expect: "401 404 404 200 200 200 200 200 404" },
      foreign: { expect: onlyOther("200") },
      mixed: { expect: ALL_404 },
      missing: { expect: ALL_404 },
    },
  },
  {
    route: `PATCH ${P}`,
    rule: "project members (any role) and org admins/owners edit",
    rows: {
      own: { body: { name: "Renamed review", description: "New words" }, expect: "401 404 404 200 200 200 200 200 404" },
      foreign: { body: { name: "Renamed review" }, expect: onlyOther("200") },
      mixed: { body: { name: "Renamed review" }, expect: ALL_404 },
      missing: { body: { name: "Renamed review" }, expect: ALL_404 },
    },
  },
  {
    route: `DELETE ${P}`,
    rule: "project owner and org admins/owners; project members 403",
    rows: {
      own: { expect: "401 404 404 204 204 403 204 204 404" },
      foreign: { expect: onlyOther("204") },
      mixed: { expect: ALL_404 },
      missing: { expect: ALL_404 },
    },
  },

  // ------------------------------------------------------------------ project members
  {
    route: `GET ${P}/members`,
    rule: "whoever may see the project",
    rows: {
      own: { expect: "401 404 404 200 200 200 200 200 404" },
      foreign: { expect: onlyOther("200") },
      mixed: { expect: ALL_404 },
      missing: { expect: ALL_404 },
    },
  },
  {
    route: `POST ${P}/members`,
    rule: "project owner and org admins/owners add an org member; someone outside the org is 404",
    rows: {
      own: { body: { userId: "$addable", role: "member" }, expect: "401 404 404 201 201 403 201 201 404" },
      asOwner: { ids: "own", body: { userId: "$addable", role: "owner" }, expect: "401 404 404 201 201 403 201 201 404" },
      notInOrg: { ids: "own", body: { userId: "$userB", role: "member" }, expect: "401 404 404 404 404 403 404 404 404" },
      foreign: { body: { userId: "$addable", role: "member" }, expect: onlyOther("201") },
      mixed: { body: { userId: "$addable", role: "member" }, expect: ALL_404 },
      missing: { body: { userId: "$addable", role: "member" }, expect: ALL_404 },
    },
  },
  {
    route: `PATCH ${P}/members/:userId`,
    rule: "project owner and org admins/owners change project roles; a project keeps an owner",
    rows: {
      own: { body: { role: "owner" }, expect: "401 404 404 200 200 403 200 200 404" },
      // adm is in P and may promote themself; own and aOut are not in P (404); pOwn already is the owner.
      self: { body: { role: "owner" }, expect: "401 404 404 200 404 403 200 404 404" },
      owner: { body: { role: "member" }, expect: "401 404 404 LAST LAST 403 LAST LAST 404" },
      foreign: { body: { role: "owner" }, expect: onlyOther("200") },
      mixed: { body: { role: "owner" }, expect: ALL_404 },
      crossChild: { body: { role: "owner" }, expect: "401 404 404 404 404 403 404 404 404" },
      missing: { body: { role: "owner" }, expect: "401 404 404 404 404 403 404 404 404" },
    },
  },
  {
    route: `DELETE ${P}/members/:userId`,
    rule: "project owner and org admins/owners remove; project members leave (own id) unless the last owner",
    rows: {
      own: { expect: "401 404 404 204 204 403 204 204 404" },
      self: { expect: "401 404 404 204 404 204 LAST 404 404" },
      owner: { expect: "401 404 404 LAST LAST 403 LAST LAST 404" },
      foreign: { expect: onlyOther("204") },
      mixed: { expect: ALL_404 },
      crossChild: { expect: "401 404 404 404 404 403 404 404 404" },
      missing: { expect: "401 404 404 404 404 403 404 404 404" },
    },
  },

  // ------------------------------------------------------------------ project invitations
  {
    route: `GET ${P}/invitations`,
    rule: "whoever may see the project",
    rows: {
      own: { expect: "401 404 404 200 200 200 200 200 404" },
      foreign: { expect: onlyOther("200") },
      mixed: { expect: ALL_404 },
      missing: { expect: ALL_404 },
    },
  },
  {
    route: `POST ${P}/invitations`,
    rule: "project owner and org admins/owners; an org role above member needs an org admin, owner needs an org owner",
    rows: {
      own: { body: { email: "newcomer@example.test", role: "member" }, expect: "401 404 404 201 201 403 201 201 404" },
      orgAdminRole: { ids: "own", body: { email: "newcomer@example.test", role: "member", orgRole: "admin" }, expect: "401 404 404 201 201 403 403 201 404" },
      orgOwnerRole: { ids: "own", body: { email: "newcomer@example.test", role: "owner", orgRole: "owner" }, expect: "401 404 404 403 201 403 403 403 404" },
      foreign: { body: { email: "newcomer@example.test", role: "member" }, expect: onlyOther("201") },
      mixed: { body: { email: "newcomer@example.test", role: "member" }, expect: ALL_404 },
      missing: { body: { email: "newcomer@example.test", role: "member" }, expect: ALL_404 },
    },
  },
  {
    route: `POST ${P}/invitations/:id/resend`,
    rule: "project owner and org admins/owners; another project's invitation is 404",
    rows: {
      own: { expect: "401 404 404 200 200 403 200 200 404" },
      foreign: { expect: onlyOther("200") },
      mixed: { expect: ALL_404 },
      crossChild: { expect: "401 404 404 404 404 403 404 404 404" },
      missing: { expect: "401 404 404 404 404 403 404 404 404" },
    },
  },
  {
    route: `DELETE ${P}/invitations/:id`,
    rule: "project owner and org admins/owners cancel; another project's invitation is 404",
    rows: {
      own: { expect: "401 404 404 200 200 403 200 200 404" },
      foreign: { expect: onlyOther("200") },
      mixed: { expect: ALL_404 },
      crossChild: { expect: "401 404 404 404 404 403 404 404 404" },
      missing: { expect: "401 404 404 404 404 403 404 404 404" },
    },
  },

  // ------------------------------------------------------------------ the invitee's side
  {
    route: "GET /api/invitations/:token",
    rule: "public: whoever holds the link sees its page; unknown tokens 404",
    rows: {
      own: { expect: "200 200 200 200 200 200 200 200 200" },
      ownProject: { expect: "200 200 200 200 200 200 200 200 200" },
      foreign: { expect: "200 200 200 200 200 200 200 200 200" },
      missing: { expect: "404 404 404 404 404 404 404 404 404" },
    },
  },
  {
    route: "POST /api/invitations/:token/accept",
    rule: "only the invited address, signed in and verified; holding the link is not enough",
    rows: {
      own: { expect: "401 200 200 200 200 200 200 200 200" },
      ownProject: { expect: "401 200 200 200 200 200 200 200 200" },
      foreign: { expect: "401 MISM MISM MISM MISM MISM MISM MISM MISM" },
      missing: { expect: ALL_404 },
    },
  },
  {
    route: "POST /api/invitations/:token/decline",
    rule: "public: the token is the credential (docs/adr/0002); a signed-in caller must be the invited address",
    rows: {
      own: { expect: "200 200 200 200 200 200 200 200 200" },
      ownProject: { expect: "200 200 200 200 200 200 200 200 200" },
      foreign: { expect: "200 MISM MISM MISM MISM MISM MISM MISM MISM" },
      missing: { expect: "404 404 404 404 404 404 404 404 404" },
    },
  },

  // ------------------------------------------------------------------ the rest
  {
    route: `GET ${O}/activity`,
    rule: "org admin or owner; members 403; outsiders 404",
    rows: {
      own: { expect: "401 404 403 200 200 403 403 200 404" },
      foreign: { expect: onlyOther("200") },
      missing: { expect: ALL_404 },
    },
  },
  {
    // The live-update handshake's door (src/server/live/connect.ts): its Origin is the app's own, as a browser sends
    // on every WebSocket handshake; a cross-site Origin is CSRF_REJECTED (tests/live.test.ts).
    route: `GET ${O}/live`,
    rule: "org members (any role) may listen; everyone else 404",
    rows: {
      own: { headers: SAME_ORIGIN, expect: "401 404 200 200 200 200 200 200 404" },
      foreign: { headers: SAME_ORIGIN, expect: onlyOther("200") },
      missing: { headers: SAME_ORIGIN, expect: ALL_404 },
    },
  },
  {
    route: "GET /api/dev/emails",
    rule: "public outside production (404 in production: tests/env.test.ts)",
    rows: { none: { expect: "200 200 200 200 200 200 200 200 200" } },
  },
  // Avatars and workspace logos (src/server/api/routes/images.ts). The body is a real PNG.
  {
    route: "POST /api/me/avatar",
    rule: "any signed-in person sets their own avatar",
    rows: { none: { upload: true, expect: "401 200 200 200 200 200 200 200 200" } },
  },
  {
    route: "DELETE /api/me/avatar",
    rule: "any signed-in person removes their own avatar",
    rows: { none: { expect: "401 200 200 200 200 200 200 200 200" } },
  },
  {
    route: `POST ${O}/logo`,
    rule: "org admin or owner sets the logo; members 403; outsiders 404",
    rows: {
      own: { upload: true, expect: "401 404 403 200 200 403 403 200 404" },
      foreign: { upload: true, expect: onlyOther("200") },
      missing: { upload: true, expect: ALL_404 },
    },
  },
  {
    route: `DELETE ${O}/logo`,
    rule: "org admin or owner removes the logo; members 403; outsiders 404",
    rows: {
      own: { expect: "401 404 403 200 200 403 403 200 404" },
      foreign: { expect: onlyOther("200") },
      missing: { expect: ALL_404 },
    },
  },
  {
    route: "GET /api/images/:key",
    rule: "public (the URL is the credential, as for any picture on a page); unknown keys 404 for everyone",
    rows: {
      own: { expect: "200 200 200 200 200 200 200 200 200" },
      foreign: { expect: "200 200 200 200 200 200 200 200 200" },
      missing: { expect: "404 404 404 404 404 404 404 404 404" },
    },
  },
  // The API's own description (src/server/api/routes/docs.ts): public, the same for everyone.
  {
    route: "GET /api/openapi.json",
    rule: "public",
    rows: { none: { expect: "200 200 200 200 200 200 200 200 200" } },
  },
  {
    route: "GET /api/docs",
    rule: "public",
    rows: { none: { expect: "200 200 200 200 200 200 200 200 200" } },
  },
  // ------------------------------------------------------------------ site administration (tests/authz-matrix-admin.ts)
  ...adminApiEntries,
];

// ====================================================================== "use server" functions (src/rpc/*.ts)

/**
 * How a server function treats a signed-out caller, as its real answer shows: "signin" = a redirect to /signin;
 * "public" = works signed out; "AUTH_REQUIRED" = answers that code.
 */
export type AnonRule = "signin" | "public" | "AUTH_REQUIRED";

/**
 * A server function's answer read as an outcome: "ok" (a value, or a redirect onward after success), "signin" (a
 * redirect to /signin), or the Outcome of the error code it threw or returned (`{ ok: false, error: { code } }`).
 */
export type RpcOutcome = "ok" | "signin" | Outcome;

/** Form fields (actions) or the argument list (queries, and revokeSessionAction) for one cell. */
export type RpcArgs = unknown[] | Record<string, string>;

export interface RpcEntry {
  file: string;
  name: string;
  kind: "query" | "action";
  /** The domain function(s) it calls, as written in the file. */
  calls: string;
  /** The subject rule in words. */
  rule: string;
  anon: AnonRule;
  /**
   * The API route it mirrors: for every row of that route (or only `rows`), every subject must get the route's
   * outcome through /_server (2xx = "ok"; the signed-out 401 reads as `anon` says). null: no API twin, see `cells`.
   */
  sameAs: string | null;
  rows?: string[];
  /** Rows of its own, in the API's outcome words, beside sameAs's rows (or, without sameAs, the only ones). */
  cells?: Record<string, Cell>;
  /** What the browser sends for a row: the ids the row means and the row's body (placeholders filled in). */
  args: (ids: Ids, body: Record<string, string>) => RpcArgs;
  /** A value that stands for an outcome other than success, in words and as code (e.g. null = 404). */
  returns?: { means: string; outcome: (value: any) => RpcOutcome };
}

/** What the route's outcome for one subject means for the server function (see RpcEntry.sameAs). */
export function rpcExpectation(entry: RpcEntry, outcome: Outcome, subjectIndex: number): RpcOutcome {
  if (outcome === "200" || outcome === "201" || outcome === "204") return "ok";
  if (outcome === "401" && subjectIndex === 0) return entry.anon === "signin" ? "signin" : entry.anon === "public" ? "ok" : "401";
  return outcome;
}

// How the pages call them (src/routes/**): queries with the page's strings, forms with hidden fields named as here.
const noArgs = () => [];
const orgForm = (x: Ids, body: Record<string, string>) => ({ orgSlug: x.slug, ...body });
const projectForm = (x: Ids, body: Record<string, string>) => ({ slug: x.slug, projectId: x.projectId, ...body });
const NULL_IS_404 = { means: "null: the org (or project) is missing or not the caller's, one answer for both: 404", outcome: (v: unknown) => (v === null ? "404" : "ok") } as const;

export const rpcMatrix: RpcEntry[] = [
  // src/rpc/account.ts
  {
    file: "src/rpc/account.ts",
    name: "getAccount",
    kind: "query",
    calls: "accountPage (the session, its user's sessions and password row in one batch)",
    rule: "signed in; only the caller's own sessions",
    anon: "signin",
    sameAs: "GET /api/me",
    args: noArgs,
  },
  {
    file: "src/rpc/account.ts",
    name: "getSignedInUser",
    kind: "query",
    calls: "none (reads the session)",
    rule: "anyone; returns the caller's own email or null",
    anon: "public",
    sameAs: "GET /api/me",
    args: noArgs,
  },
  {
    file: "src/rpc/account.ts",
    name: "revokeSessionAction",
    kind: "action",
    calls: "revokeOwnSession (one batch: the session and the target where session.id = input and userId = session user; then a delete guarded by the caller's live session)",
    rule: "signed in; only the caller's own other sessions (someone else's session id is 404)",
    anon: "AUTH_REQUIRED",
    sameAs: null,
    // Called with the session id itself, not a form (src/routes/account.tsx useAction).
    args: (x) => [x.sessionId],
    cells: {
      own: { expect: "401 200 200 200 200 200 200 200 200" },
      // The session in use: "use Sign out" (VALIDATION_FAILED), not revoked here.
      self: { expect: "401 400 400 400 400 400 400 400 400" },
      foreign: { expect: ALL_404 },
      missing: { expect: ALL_404 },
    },
  },
  // src/rpc/profile.ts
  {
    file: "src/rpc/profile.ts",
    name: "getWelcome",
    kind: "query",
    calls: "welcomePage (the session row only)",
    rule: "signed in; only the caller's own name and suggested username",
    anon: "signin",
    sameAs: "GET /api/me",
    args: noArgs,
  },
  {
    file: "src/rpc/profile.ts",
    name: "completeProfileAction",
    kind: "action",
    calls: "completeProfile (one read batch: session, username holders, memberships, slug; one write batch)",
    rule: "any signed-in person, for themselves",
    anon: "signin",
    sameAs: "POST /api/me/profile",
    args: (_x, body) => ({ next: "", usernameEdited: "", ...body }),
  },
  {
    file: "src/rpc/profile.ts",
    name: "updateProfileAction",
    kind: "action",
    calls: "updateProfile",
    rule: "any signed-in person, for themselves",
    anon: "signin",
    sameAs: "PATCH /api/me/profile",
    args: (_x, body) => body,
  },
  // src/rpc/dev.ts
  {
    file: "src/rpc/dev.ts",
    name: "getDevEmails",
    kind: "query",
    calls: "listDevEmails",
    rule: "public outside production",
    anon: "public",
    sameAs: "GET /api/dev/emails",
    // The mailbox page without ?to= passes undefined.
    args: () => [undefined],
  },
  // src/rpc/social.ts
  {
    file: "src/rpc/social.ts",
    name: "getSignInProviders",
    kind: "query",
    calls: "configuredProviders (the settings only: no database, no session)",
    rule: "anyone; the ids and names of the configured providers, never their settings",
    anon: "public",
    sameAs: null,
    args: noArgs,
    cells: { none: { expect: "200 200 200 200 200 200 200 200 200" } },
  },
  // src/rpc/invitations.ts
  {
    file: "src/rpc/invitations.ts",
    name: "getInvitationPage",
    kind: "query",
    calls: "getInvitationByToken",
    rule: "public",
    anon: "public",
    sameAs: "GET /api/invitations/:token",
    args: (x) => [x.token],
    returns: { means: "invitation: null is the page's 'unknown link' state: 404", outcome: (v) => (v?.invitation === null ? "404" : "ok") },
  },
  {
    file: "src/rpc/invitations.ts",
    name: "acceptInvitationAction",
    kind: "action",
    calls: "acceptInvitation (activating the org in the same batch)",
    rule: "the invited address only",
    anon: "signin",
    sameAs: "POST /api/invitations/:token/accept",
    args: (x) => ({ token: x.token }),
  },
  {
    file: "src/rpc/invitations.ts",
    name: "declineInvitationAction",
    kind: "action",
    calls: "declineInvitation",
    rule: "the token holder signed out, or the invited address",
    anon: "public",
    sameAs: "POST /api/invitations/:token/decline",
    args: (x) => ({ token: x.token }),
  },
  // src/rpc/orgs.ts
  {
    file: "src/rpc/orgs.ts",
    name: "getOrgHome",
    kind: "query",
    calls: "readOrgDetail({ slug }): session, membership and counts in one batch",
    rule: "org members",
    anon: "signin",
    sameAs: `GET ${O}`,
    args: (x) => [x.slug],
    returns: NULL_IS_404,
  },
  {
    file: "src/rpc/orgs.ts",
    name: "createOrgAction",
    kind: "action",
    calls: "createOrg (activate)",
    rule: "any signed-in person",
    anon: "signin",
    sameAs: "POST /api/orgs",
    // The form always sends the address field; empty means "derive it from the name".
    args: (_x, body) => ({ slug: "", ...body }),
  },
  {
    file: "src/rpc/orgs.ts",
    name: "switchOrgAction",
    kind: "action",
    calls: "runOrgWrite({ orgId }, setActiveOrg)",
    rule: "org members",
    anon: "signin",
    sameAs: `POST ${O}/active`,
    args: (x) => ({ orgId: x.orgId }),
  },
  // src/rpc/viewer.ts
  {
    file: "src/rpc/viewer.ts",
    name: "getViewer",
    kind: "query",
    calls: "viewerRead (the session and the workspaces in one batch)",
    rule: "anyone; null when signed out; only the caller's orgs",
    anon: "public",
    sameAs: "GET /api/orgs",
    args: noArgs,
  },
  {
    file: "src/rpc/viewer.ts",
    name: "requireViewer",
    kind: "query",
    calls: "viewerRead (the session and the workspaces in one batch)",
    rule: "signed in; only the caller's orgs",
    anon: "signin",
    sameAs: "GET /api/orgs",
    args: () => ["/orgs/new"],
  },
  // src/rpc/projects.ts
  {
    file: "src/rpc/projects.ts",
    name: "getProjectList",
    kind: "query",
    calls: "projectListPage (session, membership by slug and the page in one batch)",
    rule: "org members",
    anon: "signin",
    sameAs: `GET ${O}/projects`,
    args: (x) => [x.slug, "", ""],
    returns: NULL_IS_404,
  },
  {
    file: "src/rpc/projects.ts",
    name: "getProjectPage",
    kind: "query",
    calls: "projectPage (session, membership, project, members, pending invitations in one batch)",
    rule: "whoever may see the project",
    anon: "signin",
    sameAs: `GET ${P}`,
    args: (x) => [x.slug, x.projectId],
    returns: {
      means: 'kind "org-missing" / "project-missing": the page\'s not-found states (hidden and missing read the same): 404',
      outcome: (v) => (v?.kind === "org-missing" || v?.kind === "project-missing" ? "404" : "ok"),
    },
  },
  {
    file: "src/rpc/projects.ts",
    name: "getProjectOrg",
    kind: "query",
    calls: "newProjectPage (session and membership by slug in one batch)",
    rule: "org members",
    anon: "signin",
    sameAs: `GET ${O}`,
    args: (x) => [x.slug],
    returns: NULL_IS_404,
  },
  {
    file: "src/rpc/projects.ts",
    name: "findOrgMembers",
    kind: "query",
    calls: "resolveOrgActor({ slug }) with membersListQuery in the same batch",
    rule: "org members",
    anon: "signin",
    sameAs: `GET ${O}/members`,
    args: (x) => [x.slug, ""],
  },
  {
    file: "src/rpc/projects.ts",
    name: "createProjectAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, createProject)",
    rule: "org members",
    anon: "signin",
    sameAs: `POST ${O}/projects`,
    args: (x, body) => ({ slug: x.slug, ...body }),
  },
  {
    file: "src/rpc/projects.ts",
    name: "updateProjectAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, updateProject)",
    rule: "project members, org admins/owners",
    anon: "signin",
    sameAs: `PATCH ${P}`,
    args: projectForm,
  },
  {
    file: "src/rpc/projects.ts",
    name: "deleteProjectAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, deleteProject)",
    rule: "project owner, org admins/owners",
    anon: "signin",
    sameAs: `DELETE ${P}`,
    args: projectForm,
  },
  {
    file: "src/rpc/projects.ts",
    name: "addProjectMemberAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, addProjectMember)",
    rule: "project owner, org admins/owners",
    anon: "signin",
    sameAs: `POST ${P}/members`,
    args: projectForm,
  },
  {
    file: "src/rpc/projects.ts",
    name: "changeProjectRoleAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, changeProjectMemberRole)",
    rule: "project owner, org admins/owners",
    anon: "signin",
    sameAs: `PATCH ${P}/members/:userId`,
    args: (x, body) => ({ ...projectForm(x, body), userId: x.userId }),
  },
  {
    file: "src/rpc/projects.ts",
    name: "removeProjectMemberAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, removeProjectMember)",
    rule: "project owner, org admins/owners (own id: leave)",
    anon: "signin",
    sameAs: `DELETE ${P}/members/:userId`,
    args: (x, body) => ({ ...projectForm(x, body), userId: x.userId }),
  },
  {
    file: "src/rpc/projects.ts",
    name: "leaveProjectAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, removeProjectMember(the caller))",
    rule: "project members, unless the last owner",
    anon: "signin",
    sameAs: `DELETE ${P}/members/:userId`,
    rows: ["self"],
    args: projectForm,
  },
  {
    file: "src/rpc/projects.ts",
    name: "inviteToProjectAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, createInvitation(project))",
    rule: "project owner, org admins/owners; org role above member needs org admin+",
    anon: "signin",
    sameAs: `POST ${P}/invitations`,
    args: projectForm,
  },
  {
    file: "src/rpc/projects.ts",
    name: "resendProjectInvitationAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, resendInvitation(project))",
    rule: "project owner, org admins/owners",
    anon: "signin",
    sameAs: `POST ${P}/invitations/:id/resend`,
    args: (x, body) => ({ ...projectForm(x, body), invitationId: x.id }),
  },
  {
    file: "src/rpc/projects.ts",
    name: "cancelProjectInvitationAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, cancelInvitation(project))",
    rule: "project owner, org admins/owners",
    anon: "signin",
    sameAs: `DELETE ${P}/invitations/:id`,
    args: (x, body) => ({ ...projectForm(x, body), invitationId: x.id }),
  },
  // src/rpc/members.ts
  {
    file: "src/rpc/members.ts",
    name: "getMembersData",
    kind: "query",
    calls: "membersPage({ slug }) (session, members, and pending invitations for invitation managers, in one batch)",
    rule: "org members; invitations only for admins/owners",
    anon: "signin",
    sameAs: `GET ${O}/members`,
    args: (x) => [x.slug, "", "", ""],
    returns: NULL_IS_404,
  },
  {
    file: "src/rpc/members.ts",
    name: "changeMemberRoleAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, changeOrgMemberRole)",
    rule: "per canChangeOrgRole; last owner kept",
    anon: "signin",
    sameAs: `PATCH ${O}/members/:userId`,
    args: (x, body) => ({ ...orgForm(x, body), userId: x.userId }),
  },
  {
    file: "src/rpc/members.ts",
    name: "removeMemberAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, removeOrgMember) (refuses the caller's own id: leaving is leaveOrgAction)",
    rule: "admin+ removes non-owners, owners anyone",
    anon: "signin",
    sameAs: `DELETE ${O}/members/:userId`,
    rows: ["own", "foreign", "mixed", "missing"],
    // The caller's own id is refused (leaving has its own action and confirmation), after the membership check: so
    // for `own` the owner row (their own id) is 403 here where the API says LAST_OWNER.
    cells: {
      self: { expect: "401 404 403 403 403 403 403 403 404" },
      owner: { expect: "401 404 403 403 403 403 403 403 404" },
    },
    args: (x, body) => ({ ...orgForm(x, body), userId: x.userId }),
  },
  {
    file: "src/rpc/members.ts",
    name: "leaveOrgAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, removeOrgMember(the caller))",
    rule: "any member, unless the last owner",
    anon: "signin",
    sameAs: `DELETE ${O}/members/:userId`,
    rows: ["self"],
    args: orgForm,
  },
  {
    file: "src/rpc/members.ts",
    name: "inviteToOrgAction",
    kind: "action",
    calls: "inviteManyToOrg({ slug }) (each address as the API's createInvitation(org))",
    rule: "org admin+; owner role only by owners",
    anon: "signin",
    sameAs: `POST ${O}/invitations`,
    // The form takes many addresses at once; the matrix sends the API cell's one address.
    args: (x, body) => ({ orgSlug: x.slug, emails: body.email ?? "", role: body.role ?? "" }),
  },
  {
    file: "src/rpc/members.ts",
    name: "resendOrgInvitationAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, resendInvitation(org))",
    rule: "org admin+",
    anon: "signin",
    sameAs: `POST ${O}/invitations/:id/resend`,
    args: (x, body) => ({ ...orgForm(x, body), invitationId: x.id }),
  },
  {
    file: "src/rpc/members.ts",
    name: "cancelOrgInvitationAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, cancelInvitation(org))",
    rule: "org admin+",
    anon: "signin",
    sameAs: `DELETE ${O}/invitations/:id`,
    args: (x, body) => ({ ...orgForm(x, body), invitationId: x.id }),
  },
  // src/rpc/settings.ts
  {
    file: "src/rpc/settings.ts",
    name: "getSettingsData",
    kind: "query",
    calls: "settingsPage({ slug }) (session, membership and counts in one batch)",
    rule: "org members (the page shows controls by role)",
    anon: "signin",
    sameAs: `GET ${O}`,
    args: (x) => [x.slug],
    returns: NULL_IS_404,
  },
  {
    file: "src/rpc/settings.ts",
    name: "updateOrgAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, updateOrg)",
    rule: "org admin+",
    anon: "signin",
    sameAs: `PATCH ${O}`,
    args: orgForm,
  },
  {
    file: "src/rpc/settings.ts",
    name: "deleteOrgAction",
    kind: "action",
    calls: "runOrgWrite({ slug }, deleteOrg) (after the typed confirmation)",
    rule: "org owner",
    anon: "signin",
    sameAs: `DELETE ${O}`,
    // The person types the workspace's name to confirm.
    args: (x, body) => ({ ...orgForm(x, body), confirmName: x.orgName }),
  },
  // src/rpc/activity.ts
  {
    file: "src/rpc/activity.ts",
    name: "getActivityData",
    kind: "query",
    calls: "activityPage({ slug }) (session, membership, log and people in one batch; FORBIDDEN shows the 'not allowed' page)",
    rule: "org admin+ (members get the 'not allowed' page, outsiders 'missing')",
    anon: "signin",
    sameAs: `GET ${O}/activity`,
    args: (x) => [x.slug, ""],
    returns: {
      means: 'kind "missing": the org is missing or not the caller\'s (404); kind "forbidden": the "not allowed" page for members (403)',
      outcome: (v) => (v?.kind === "missing" ? "404" : v?.kind === "forbidden" ? "403" : "ok"),
    },
  },
  // src/rpc/admin.ts (tests/authz-matrix-admin.ts)
  ...adminRpcEntries,
];

// ====================================================================== checking tools (shared with tests/hostile-input.test.ts)

type Db = TestApp["db"];
type Row = Record<string, unknown>;

/** Per table: row count, a hash of every row, and the rows themselves (to restore them, and to show a diff). */
export type Snapshot = Map<string, { count: number; hash: string; rows: Row[] }>;

/**
 * Counters of attempts (rate limits) are meant to move on refused requests too: they count tries, not changes.
 * Everything else must stay exactly as it was when a request is refused.
 */
const ATTEMPT_COUNTERS = new Set(["rate_limit"]);

let tableNamesCache: string[] | undefined;

/** Every table of the app, read from the database itself so a table added later is covered without editing this. */
export async function appTables(db: Db): Promise<string[]> {
  tableNamesCache ??= (
    await db.all<{ name: string }>(
      sql`select name from sqlite_master where type = 'table' and substr(name, 1, 7) <> 'sqlite_' and substr(name, 1, 4) <> '_cf_' and substr(name, 1, 7) <> '_authz_' and name <> 'd1_migrations' order by name`,
    )
  ).map((r) => r.name);
  return tableNamesCache;
}

/** Every row of every table, in one D1 round trip. */
export async function snapshotDb(db: Db): Promise<Snapshot> {
  const names = await appTables(db);
  // On the D1 binding with statements prepared once: from Node every prepare() is a synchronous trip to Miniflare.
  const DB = (db as unknown as { $client: D1Database }).$client;
  const results = await DB.batch<Row>(names.map((n) => preparedOnce(DB, `select * from ${ident(n)}`)));
  const snap: Snapshot = new Map();
  names.forEach((n, i) => {
    const rows = results[i]?.results ?? [];
    const lines = rows.map((r) => JSON.stringify(r)).sort();
    snap.set(n, { count: rows.length, hash: createHash("sha256").update(lines.join("\n")).digest("hex"), rows });
  });
  return snap;
}

/** The tables whose rows differ, attempt counters aside. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const changed: string[] = [];
  for (const [name, b] of before) {
    if (ATTEMPT_COUNTERS.has(name)) continue;
    if (after.get(name)?.hash !== b.hash) changed.push(name);
  }
  return changed;
}

/** The same, for messages: "member (3 -> 2 rows)". */
export function diffSnapshots(before: Snapshot, after: Snapshot): string[] {
  return changedTables(before, after).map((n) => `${n} (${before.get(n)!.count} -> ${after.get(n)?.count ?? "?"} rows)`);
}

/** child table -> parent tables, from the Drizzle schema's foreign keys. */
const parentsOf = new Map<string, string[]>();
for (const t of Object.values(schema) as unknown[]) {
  if (!is(t, SQLiteTable)) continue;
  const config = getTableConfig(t);
  parentsOf.set(
    config.name,
    config.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name).filter((p) => p !== config.name),
  );
}

/**
 * Puts `tables` back to the rows of `baseline`, in one batch. Deleting rows of a table cascades (or sets null) into
 * the tables that refer to it, so those are restored too; deletes run children first, inserts parents first.
 */
export async function restoreTables(app: TestApp, baseline: Snapshot, tables: string[]): Promise<void> {
  const set = new Set(tables);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parents] of parentsOf) {
      if (!set.has(child) && parents.some((p) => set.has(p))) {
        set.add(child);
        grew = true;
      }
    }
  }
  const order: string[] = [];
  const visit = (t: string) => {
    if (order.includes(t)) return;
    for (const p of parentsOf.get(t) ?? []) if (set.has(p)) visit(p);
    order.push(t);
  };
  [...set].sort().forEach(visit);
  // Statements on the D1 binding itself, with the values written out and prepared once per baseline: every prepare()
  // and bind() from Node is a synchronous round trip to Miniflare, which made restores the slowest part of a run.
  const DB = app.bindings.DB;
  let inserts = baselineInserts.get(baseline);
  if (!inserts) baselineInserts.set(baseline, (inserts = new Map()));
  const statements = [
    ...[...order].reverse().map((t) => preparedOnce(DB, `delete from ${ident(t)}`)),
    ...order.flatMap((t) => {
      if (!inserts.has(t)) inserts.set(t, insertStatements(DB, ident(t), baseline.get(t)?.rows ?? []));
      return inserts.get(t)!;
    }),
  ];
  await DB.batch(statements);
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const preparedByDb = new WeakMap<D1Database, Map<string, D1PreparedStatement>>();
const baselineInserts = new WeakMap<Snapshot, Map<string, D1PreparedStatement[]>>();

/** A statement without parameters, prepared once per database (D1 statements can be run again and again). */
function preparedOnce(DB: D1Database, query: string): D1PreparedStatement {
  let cache = preparedByDb.get(DB);
  if (!cache) preparedByDb.set(DB, (cache = new Map()));
  let stmt = cache.get(query);
  if (!stmt) cache.set(query, (stmt = DB.prepare(query)));
  return stmt;
}

/** A value as an SQL literal; null when it cannot be one (then the row is bound instead). */
function sqlLiteral(v: unknown): string | null {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (typeof v === "boolean") return v ? "1" : "0";
  if (typeof v === "string") return v.includes("\u0000") ? null : `'${v.replace(/'/g, "''")}'`;
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return `X'${Buffer.from(v as ArrayBuffer).toString("hex")}'`;
  return null;
}

/** Inserts of `rows`: as few statements as D1's statement size allows, rows it cannot write out bound one by one. */
function insertStatements(DB: D1Database, table: string, rows: Row[]): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  const byColumns = new Map<string, string[]>();
  for (const row of rows) {
    const cols = Object.keys(row);
    const head = `insert into ${table} (${cols.map(ident).join(", ")}) values `;
    const values = cols.map((c) => sqlLiteral(row[c]));
    if (values.includes(null)) {
      out.push(DB.prepare(`${head}(${cols.map(() => "?").join(", ")})`).bind(...cols.map((c) => row[c])));
      continue;
    }
    const list = byColumns.get(head) ?? [];
    list.push(`(${values.join(", ")})`);
    byColumns.set(head, list);
  }
  for (const [head, tuples] of byColumns) {
    for (let i = 0; i < tuples.length; ) {
      let sql = head + tuples[i++];
      while (i < tuples.length && sql.length + tuples[i]!.length < 50_000) sql += `, ${tuples[i++]}`;
      out.push(DB.prepare(sql));
    }
  }
  return out;
}

/**
 * A test-only write counter: triggers on every app table (attempt counters aside) bump one number, so "did this call
 * write anything?" costs one tiny read instead of a snapshot; the snapshot is taken only when the number moved.
 * FK cascades and trigger-made changes count too. SQLite's changes(), which app code reads, ignores trigger writes.
 */
export async function installWriteCounter(app: TestApp): Promise<void> {
  const DB = app.bindings.DB;
  const tables = (await appTables(app.db)).filter((t) => !ATTEMPT_COUNTERS.has(t));
  await DB.batch([
    DB.prepare("create table _authz_writes (n integer not null)"),
    DB.prepare("insert into _authz_writes (n) values (0)"),
    ...tables.flatMap((t) =>
      ["insert", "update", "delete"].map((ev) => DB.prepare(`create trigger "_authz_${ev}_${t}" after ${ev} on "${t}" begin update _authz_writes set n = n + 1; end`)),
    ),
  ]);
}

export async function writeCount(app: TestApp): Promise<number> {
  const row = await preparedOnce(app.bindings.DB, "select n from _authz_writes").first<{ n: number }>();
  return row!.n;
}
