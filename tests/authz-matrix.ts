/**
 * THE authorization matrix (PRODUCT.md sections 2 and 6): every JSON API route and every "use server" function, with
 * the outcome each kind of caller must get against its own org's objects, another org's objects and missing ids.
 * tests/authz-matrix.test.ts runs every cell against a real local D1 and fails on any difference, any 5xx, any row
 * changed by a refused call, any registered route missing here and any server function of src/rpc/*.ts missing here.
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
 *   LAST          409 LAST_OWNER                MISM 403 INVITATION_EMAIL_MISMATCH
 * Bodies may use placeholders the test fills in: "$addable" (a member of the row's org who is not in its project),
 * "$userB" (victimB: someone who is not in org A).
 */
import { createHash } from "node:crypto";
import { is, sql } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "~/db/schema";
import type { TestApp } from "./harness";

export const subjects = ["anon", "noOrg", "mem", "adm", "own", "pMem", "pOwn", "aOut", "other"] as const;
export type Subject = (typeof subjects)[number];

export const idKinds = ["none", "own", "self", "owner", "foreign", "mixed", "crossChild", "missing", "ownProject"] as const;
export type IdKind = (typeof idKinds)[number];

export const outcomes = ["200", "201", "204", "401", "403", "404", "LAST", "MISM"] as const;
export type Outcome = (typeof outcomes)[number];

/** The status and error code of an outcome (success outcomes have no code). */
export const outcomeMeaning: Record<Outcome, { status: number; code?: string }> = {
  "200": { status: 200 },
  "201": { status: 201 },
  "204": { status: 204 },
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
const P = `${O}/projects/:projectId`;

export const apiMatrix: RouteEntry[] = [
  // ------------------------------------------------------------------ identity and workspaces
  {
    route: "GET /api/me",
    rule: "any signed-in person; only their own identity",
    rows: { none: { expect: "401 200 200 200 200 200 200 200 200" } },
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
    rule: "only the invited address, signed in and verified",
    rows: {
      own: { expect: "401 200 200 200 200 200 200 200 200" },
      ownProject: { expect: "401 200 200 200 200 200 200 200 200" },
      foreign: { expect: "401 MISM MISM MISM MISM MISM MISM MISM MISM" },
      missing: { expect: ALL_404 },
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
    route: "GET /api/dev/emails",
    rule: "public outside production (404 in production: tests/env.test.ts)",
    rows: { none: { expect: "200 200 200 200 200 200 200 200 200" } },
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
];

// ====================================================================== "use server" functions (src/rpc/*.ts)

/**
 * How a server function treats a signed-out caller, checked on its source text (the functions only run inside
 * SolidStart): "signin" = wrapped in withUser (redirect to /signin); "public" = withRpc, works signed out;
 * "AUTH_REQUIRED" = withRpc that throws AUTH_REQUIRED itself.
 */
export type AnonRule = "signin" | "public" | "AUTH_REQUIRED";

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
   * The rpc layer is thin and passes the session user to the domain, whose check is the gate. The test runs that
   * domain call (the same composition as the rpc body: slug lookup, then the domain function) for every signed-in
   * subject and every row of `sameAs`, expecting that route's outcomes. `rows` limits it to some rows.
   * null: no domain function is involved; `why` says what gates it instead.
   */
  domain: { invoker: string; sameAs: string; rows?: string[] } | { invoker: null; why: string };
}

export const rpcMatrix: RpcEntry[] = [
  // src/rpc/account.ts
  {
    file: "src/rpc/account.ts",
    name: "getAccount",
    kind: "query",
    calls: "getAccountPage (selects session and account rows where userId = session user)",
    rule: "signed in; only the caller's own sessions",
    anon: "signin",
    domain: { invoker: null, why: "no input: every read is keyed by the session's user id" },
  },
  {
    file: "src/rpc/account.ts",
    name: "getSignedInUser",
    kind: "query",
    calls: "none (reads the session)",
    rule: "anyone; returns the caller's own email or null",
    anon: "public",
    domain: { invoker: null, why: "no input; returns only the caller's own session" },
  },
  {
    file: "src/rpc/account.ts",
    name: "revokeSessionAction",
    kind: "action",
    calls: "revokeOwnSession (auth.api.revokeSession after a select where session.id = input and userId = session user)",
    rule: "signed in; only the caller's own other sessions (someone else's session id is 404)",
    anon: "AUTH_REQUIRED",
    domain: { invoker: null, why: "no API twin to compare with; revokeOwnSession's owner check (in its WHERE) is tested in tests/account.test.ts" },
  },
  // src/rpc/dev.ts
  {
    file: "src/rpc/dev.ts",
    name: "getDevEmails",
    kind: "query",
    calls: "listDevEmails",
    rule: "public outside production",
    anon: "public",
    domain: { invoker: "listDevEmails", sameAs: "GET /api/dev/emails" },
  },
  // src/rpc/invitations.ts
  {
    file: "src/rpc/invitations.ts",
    name: "getInvitationPage",
    kind: "query",
    calls: "getInvitationByToken",
    rule: "public",
    anon: "public",
    domain: { invoker: "getInvitationByToken", sameAs: "GET /api/invitations/:token" },
  },
  {
    file: "src/rpc/invitations.ts",
    name: "acceptInvitationAction",
    kind: "action",
    calls: "acceptInvitation, then setActiveOrg",
    rule: "the invited address only",
    anon: "signin",
    domain: { invoker: "acceptInvitation", sameAs: "POST /api/invitations/:token/accept" },
  },
  {
    file: "src/rpc/invitations.ts",
    name: "declineInvitationAction",
    kind: "action",
    calls: "declineInvitation",
    rule: "the invited address only",
    anon: "signin",
    domain: { invoker: "declineInvitation", sameAs: "POST /api/invitations/:token/decline" },
  },
  // src/rpc/orgs.ts
  {
    file: "src/rpc/orgs.ts",
    name: "getOrgHome",
    kind: "query",
    calls: "getOrgDetail({ slug })",
    rule: "org members",
    anon: "signin",
    domain: { invoker: "getOrgDetail(slug)", sameAs: `GET ${O}` },
  },
  {
    file: "src/rpc/orgs.ts",
    name: "createOrgAction",
    kind: "action",
    calls: "createOrg",
    rule: "any signed-in person",
    anon: "signin",
    domain: { invoker: "createOrg", sameAs: "POST /api/orgs" },
  },
  {
    file: "src/rpc/orgs.ts",
    name: "switchOrgAction",
    kind: "action",
    calls: "setActiveOrg",
    rule: "org members",
    anon: "signin",
    domain: { invoker: "setActiveOrg", sameAs: `POST ${O}/active` },
  },
  // src/rpc/viewer.ts
  {
    file: "src/rpc/viewer.ts",
    name: "getViewer",
    kind: "query",
    calls: "listUserOrgs",
    rule: "anyone; null when signed out; only the caller's orgs",
    anon: "public",
    domain: { invoker: "listUserOrgs", sameAs: "GET /api/orgs" },
  },
  {
    file: "src/rpc/viewer.ts",
    name: "requireViewer",
    kind: "query",
    calls: "listUserOrgs",
    rule: "signed in; only the caller's orgs",
    anon: "signin",
    domain: { invoker: "listUserOrgs", sameAs: "GET /api/orgs" },
  },
  // src/rpc/projects.ts
  {
    file: "src/rpc/projects.ts",
    name: "getProjectList",
    kind: "query",
    calls: "listProjectsBySlug (membership by slug and the page in one batch)",
    rule: "org members",
    anon: "signin",
    domain: { invoker: "listProjects(slug)", sameAs: `GET ${O}/projects` },
  },
  {
    file: "src/rpc/projects.ts",
    name: "getProjectPage",
    kind: "query",
    calls: "getProjectPageBySlug (membership, project, members, pending invitations in one batch)",
    rule: "whoever may see the project",
    anon: "signin",
    domain: { invoker: "getProjectPage(slug)", sameAs: `GET ${P}` },
  },
  {
    file: "src/rpc/projects.ts",
    name: "getProjectOrg",
    kind: "query",
    calls: "requireOrgMember({ slug })",
    rule: "org members",
    anon: "signin",
    domain: { invoker: "requireOrgMember(slug)", sameAs: `GET ${O}` },
  },
  {
    file: "src/rpc/projects.ts",
    name: "findOrgMembers",
    kind: "query",
    calls: "requireOrgMember({ slug }), listOrgMembers",
    rule: "org members",
    anon: "signin",
    domain: { invoker: "listOrgMembers(slug)", sameAs: `GET ${O}/members` },
  },
  {
    file: "src/rpc/projects.ts",
    name: "createProjectAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), createProject",
    rule: "org members",
    anon: "signin",
    domain: { invoker: "createProject(slug)", sameAs: `POST ${O}/projects` },
  },
  {
    file: "src/rpc/projects.ts",
    name: "updateProjectAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), updateProject",
    rule: "project members, org admins/owners",
    anon: "signin",
    domain: { invoker: "updateProject(slug)", sameAs: `PATCH ${P}` },
  },
  {
    file: "src/rpc/projects.ts",
    name: "deleteProjectAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), deleteProject",
    rule: "project owner, org admins/owners",
    anon: "signin",
    domain: { invoker: "deleteProject(slug)", sameAs: `DELETE ${P}` },
  },
  {
    file: "src/rpc/projects.ts",
    name: "addProjectMemberAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), addProjectMember",
    rule: "project owner, org admins/owners",
    anon: "signin",
    domain: { invoker: "addProjectMember(slug)", sameAs: `POST ${P}/members` },
  },
  {
    file: "src/rpc/projects.ts",
    name: "changeProjectRoleAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), changeProjectMemberRole",
    rule: "project owner, org admins/owners",
    anon: "signin",
    domain: { invoker: "changeProjectMemberRole(slug)", sameAs: `PATCH ${P}/members/:userId` },
  },
  {
    file: "src/rpc/projects.ts",
    name: "removeProjectMemberAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), removeProjectMember",
    rule: "project owner, org admins/owners (own id: leave)",
    anon: "signin",
    domain: { invoker: "removeProjectMember(slug)", sameAs: `DELETE ${P}/members/:userId` },
  },
  {
    file: "src/rpc/projects.ts",
    name: "leaveProjectAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), removeProjectMember(caller's own id)",
    rule: "project members, unless the last owner",
    anon: "signin",
    domain: { invoker: "removeProjectMember(slug)", sameAs: `DELETE ${P}/members/:userId`, rows: ["self"] },
  },
  {
    file: "src/rpc/projects.ts",
    name: "inviteToProjectAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), createProjectInvitation",
    rule: "project owner, org admins/owners; org role above member needs org admin+",
    anon: "signin",
    domain: { invoker: "createProjectInvitation(slug)", sameAs: `POST ${P}/invitations` },
  },
  {
    file: "src/rpc/projects.ts",
    name: "resendProjectInvitationAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), resendProjectInvitation",
    rule: "project owner, org admins/owners",
    anon: "signin",
    domain: { invoker: "resendProjectInvitation(slug)", sameAs: `POST ${P}/invitations/:id/resend` },
  },
  {
    file: "src/rpc/projects.ts",
    name: "cancelProjectInvitationAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), cancelProjectInvitation",
    rule: "project owner, org admins/owners",
    anon: "signin",
    domain: { invoker: "cancelProjectInvitation(slug)", sameAs: `DELETE ${P}/invitations/:id` },
  },
  // src/rpc/members.ts
  {
    file: "src/rpc/members.ts",
    name: "getMembersData",
    kind: "query",
    calls: "getMembersPage({ slug }) (members, and pending invitations for invitation managers, in one batch)",
    rule: "org members; invitations only for admins/owners",
    anon: "signin",
    domain: { invoker: "getMembersPage(slug)", sameAs: `GET ${O}/members` },
  },
  {
    file: "src/rpc/members.ts",
    name: "changeMemberRoleAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), changeOrgMemberRole",
    rule: "per canChangeOrgRole; last owner kept",
    anon: "signin",
    domain: { invoker: "changeOrgMemberRole(slug)", sameAs: `PATCH ${O}/members/:userId` },
  },
  {
    file: "src/rpc/members.ts",
    name: "removeMemberAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), removeOrgMember (refuses the caller's own id: leaving is leaveOrgAction)",
    rule: "admin+ removes non-owners, owners anyone",
    anon: "signin",
    domain: { invoker: "removeOrgMember(slug)", sameAs: `DELETE ${O}/members/:userId`, rows: ["own", "owner", "foreign", "mixed", "missing"] },
  },
  {
    file: "src/rpc/members.ts",
    name: "leaveOrgAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), removeOrgMember(caller's own id)",
    rule: "any member, unless the last owner",
    anon: "signin",
    domain: { invoker: "removeOrgMember(slug)", sameAs: `DELETE ${O}/members/:userId`, rows: ["self"] },
  },
  {
    file: "src/rpc/members.ts",
    name: "inviteToOrgAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), inviteManyToOrg (each address as the API's createOrgInvitation)",
    rule: "org admin+; owner role only by owners",
    anon: "signin",
    domain: { invoker: "inviteManyToOrg(slug)", sameAs: `POST ${O}/invitations` },
  },
  {
    file: "src/rpc/members.ts",
    name: "resendOrgInvitationAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), resendOrgInvitation",
    rule: "org admin+",
    anon: "signin",
    domain: { invoker: "resendOrgInvitation(slug)", sameAs: `POST ${O}/invitations/:id/resend` },
  },
  {
    file: "src/rpc/members.ts",
    name: "cancelOrgInvitationAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), cancelOrgInvitation",
    rule: "org admin+",
    anon: "signin",
    domain: { invoker: "cancelOrgInvitation(slug)", sameAs: `DELETE ${O}/invitations/:id` },
  },
  // src/rpc/settings.ts
  {
    file: "src/rpc/settings.ts",
    name: "getSettingsData",
    kind: "query",
    calls: "getSettingsPage({ slug })",
    rule: "org members (the page shows controls by role)",
    anon: "signin",
    domain: { invoker: "getSettingsPage(slug)", sameAs: `GET ${O}` },
  },
  {
    file: "src/rpc/settings.ts",
    name: "updateOrgAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), updateOrg",
    rule: "org admin+",
    anon: "signin",
    domain: { invoker: "updateOrg(slug)", sameAs: `PATCH ${O}` },
  },
  {
    file: "src/rpc/settings.ts",
    name: "deleteOrgAction",
    kind: "action",
    calls: "requireOrgMember({ slug }), deleteOrg (after the typed confirmation)",
    rule: "org owner",
    anon: "signin",
    domain: { invoker: "deleteOrg(slug)", sameAs: `DELETE ${O}` },
  },
  // src/rpc/activity.ts
  {
    file: "src/rpc/activity.ts",
    name: "getActivityData",
    kind: "query",
    calls: "getActivityPage({ slug }); on FORBIDDEN requireOrgMember for the 'not allowed' page",
    rule: "org admin+ (members get the 'not allowed' page, outsiders 'missing')",
    anon: "signin",
    domain: { invoker: "getActivityPage(slug)", sameAs: `GET ${O}/activity` },
  },
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
  const results = (await db.batch(names.map((n) => db.all(sql`select * from ${sql.identifier(n)}`)) as unknown as [any, ...any[]])) as Row[][];
  const snap: Snapshot = new Map();
  names.forEach((n, i) => {
    const rows = results[i] ?? [];
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
  // Statements on the D1 binding itself: Drizzle's batch() cannot bind parameters of raw sql`` queries.
  const DB = app.bindings.DB;
  const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const statements = [
    ...[...order].reverse().map((t) => DB.prepare(`delete from ${ident(t)}`)),
    ...order.flatMap((t) =>
      (baseline.get(t)?.rows ?? []).map((row) => {
        const cols = Object.keys(row);
        return DB.prepare(`insert into ${ident(t)} (${cols.map(ident).join(", ")}) values (${cols.map(() => "?").join(", ")})`).bind(...cols.map((c) => row[c]));
      }),
    ),
  ];
  await DB.batch(statements);
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
  const row = await app.bindings.DB.prepare("select n from _authz_writes").first<{ n: number }>();
  return row!.n;
}
