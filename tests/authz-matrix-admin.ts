/**
 * The site-administration rows of the authorization matrix (tests/authz-matrix.ts spreads them into its API list). None
 * of the matrix's nine subjects is a site admin, and the admin area does not show that it exists: every cell is 404,
 * signed out included. What a site admin gets on the same rows is tests/authz-matrix-admin.test.ts.
 */
import type { RouteEntry, RpcEntry } from "./authz-matrix";

const NOBODY = "404 404 404 404 404 404 404 404 404";
const everyRow = (ids: string[], body?: Record<string, unknown>) => Object.fromEntries(ids.map((k) => [k, { body, expect: NOBODY }]));
const userRows = ["own", "self", "owner", "foreign", "missing"];
const orgRows = ["own", "foreign", "missing"];

export const adminApiEntries: RouteEntry[] = [
  { route: "GET /api/admin/users", rule: "site admins only; 404 for everyone else", rows: everyRow(["none"]) },
  { route: "GET /api/admin/users/:userId", rule: "site admins only; 404 for everyone else", rows: everyRow(userRows) },
  { route: "POST /api/admin/users/:userId/ban", rule: "site admins only; 404 for everyone else", rows: everyRow(userRows, { reason: "Spam" }) },
  { route: "POST /api/admin/users/:userId/unban", rule: "site admins only; 404 for everyone else", rows: everyRow(userRows) },
  { route: "GET /api/admin/orgs/:orgId", rule: "site admins only; 404 for everyone else", rows: everyRow(orgRows) },
  { route: "POST /api/admin/orgs/:orgId/transfer", rule: "site admins only; 404 for everyone else", rows: everyRow(orgRows, { userId: "$addable" }) },
  { route: "GET /api/admin/audit", rule: "site admins only; 404 for everyone else", rows: everyRow(["none"]) },
];

/**
 * What a site admin (not a member of any org) gets on the same rows: [row, expected status]. Ban and unban of the
 * row's person are allowed anywhere (own and foreign), the ban of themselves (self) is 403; a transfer of a workspace
 * whose owner is in good standing is 403; missing ids are 404.
 */
export const siteAdminCells: Record<string, [row: string, status: number][]> = {
  "GET /api/admin/users": [["none", 200]],
  "GET /api/admin/users/:userId": [["own", 200], ["foreign", 200], ["self", 200], ["missing", 404]],
  "POST /api/admin/users/:userId/ban": [["own", 200], ["foreign", 200], ["owner", 200], ["self", 403], ["missing", 404]],
  "POST /api/admin/users/:userId/unban": [["own", 200], ["foreign", 200], ["missing", 404]],
  "GET /api/admin/orgs/:orgId": [["own", 200], ["foreign", 200], ["missing", 404]],
  "POST /api/admin/orgs/:orgId/transfer": [["own", 403], ["foreign", 403], ["missing", 404]],
  "GET /api/admin/audit": [["none", 200]],
};

/**
 * The /admin page's server functions (src/rpc/admin.ts), each the twin of an admin route: the same 404 for all nine
 * subjects through the built Worker's /_server door (a signed-out caller too: the page does not send them to sign in).
 */
export const adminRpcEntries: RpcEntry[] = [
  {
    file: "src/rpc/admin.ts",
    name: "getAdminData",
    kind: "query",
    calls: "adminPage (people, the chosen person, a workspace and the audit log, with the session in one batch)",
    rule: "site admins only; everyone else gets the 404 page",
    anon: "public",
    sameAs: "GET /api/admin/users",
    args: () => ["", "", "", ""],
    returns: { means: '{ kind: "missing" }: the 404 page', outcome: (v) => (v?.kind === "missing" ? "404" : "ok") },
  },
  {
    file: "src/rpc/admin.ts",
    name: "banUserAction",
    kind: "action",
    calls: "banUser",
    rule: "site admins only",
    anon: "public",
    sameAs: "POST /api/admin/users/:userId/ban",
    args: (x, body) => ({ userId: x.userId, ...body }),
  },
  {
    file: "src/rpc/admin.ts",
    name: "unbanUserAction",
    kind: "action",
    calls: "unbanUser",
    rule: "site admins only",
    anon: "public",
    sameAs: "POST /api/admin/users/:userId/unban",
    args: (x) => ({ userId: x.userId }),
  },
  {
    file: "src/rpc/admin.ts",
    name: "transferOrgAction",
    kind: "action",
    calls: "transferOrgOwnership",
    rule: "site admins only",
    anon: "public",
    sameAs: "POST /api/admin/orgs/:orgId/transfer",
    args: (x, body) => ({ orgId: x.orgId, ...body }),
  },
];
