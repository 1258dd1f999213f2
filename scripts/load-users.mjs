// The virtual people of `npm run load` and their Monday. Each runs a closed loop until the deadline: pick an action by
// weight (owners and admins administer, researchers work in projects), do it through the JSON API or open the real
// page, think for a moment, again. Whom to act on is read from the app first (member lists), as a person would, so
// races between people are real races; their refusals are expected and counted apart.
import { request, WRITE_REFUSALS } from "./load-client.mjs";

const pick = (items) => items[Math.floor(Math.random() * items.length)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function weighted(table) {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = Math.random() * total;
  for (const [fn, w] of table) if ((r -= w) < 0) return fn;
  return table[table.length - 1][0];
}

/** Runs every person until `deadline` (ms since the epoch). */
export async function runPeople({ base, rec, world, deadline, thinkMs }) {
  const byEmail = new Map(world.people.map((p) => [p.email, p]));
  const ctx = { base, rec, world, byEmail, created: 0 };
  await Promise.all(
    world.people.map(async (person, i) => {
      // Arrivals spread over the first seconds, as a team's does over a morning's first minutes.
      await sleep((i * 1000) / Math.max(1, world.people.length) * 2);
      const me = { person, ctx, seenTokens: new Set(), guestOrgs: new Map(), projects: ownProjects(world, person) };
      if (person.password) await signIn(me);
      while (Date.now() < deadline) {
        const action = weighted(person.kind === "researcher" ? RESEARCHER : ADMIN);
        await action(me);
        await sleep(thinkMs * (0.5 + Math.random()));
      }
    }),
  );
}

function ownProjects(world, person) {
  const team = world.teams[person.team];
  return team.projects.filter((p) => p.ownerId === person.id || p.memberIds.includes(person.id)).map((p) => ({ orgId: team.orgId, slug: team.slug, id: p.id, owner: p.ownerId === person.id }));
}

const home = (me) => me.ctx.world.teams[me.person.team];
/** Home or a workspace joined from an invitation, as { orgId, slug }. */
const someOrg = (me) => (me.guestOrgs.size && Math.random() < 0.3 ? pick([...me.guestOrgs.values()]) : home(me));
const call = (me, op, method, path, opts) => request(me.ctx.rec, me.ctx.base, me.person, op, method, path, opts);
const log = (me, entry) => me.ctx.rec.ledger.push({ by: me.person.id, ...entry });
const others = (me) => me.ctx.world.people.filter((p) => p.team !== me.person.team);

async function signIn(me) {
  const { email, password } = me.person;
  const r = await call(me, "sign-in (password, /api/auth)", "POST", "/api/auth/sign-in/email", { body: { email, password }, cookie: null });
  if (r.ok) me.person.cookie = r.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

// ---------------------------------------------------------------- reads

const listPage = (me) => call(me, "page: project list /orgs/<slug>", "GET", `/orgs/${someOrg(me).slug}`, { page: true });
const membersPage = (me) => call(me, "page: members /orgs/<slug>/members", "GET", `/orgs/${someOrg(me).slug}/members`, { page: true });

async function projectPage(me) {
  // Admins and owners see every project of their workspace; researchers open their own.
  const team = home(me);
  const p = me.person.kind === "researcher" ? (me.projects.length ? pick(me.projects) : null) : { slug: team.slug, id: pick(team.projects).id };
  if (p) await call(me, "page: project /orgs/<slug>/projects/<id>", "GET", `/orgs/${p.slug}/projects/${p.id}`, { page: true });
}

async function search(me) {
  const t = home(me);
  const prefix = `Appraisal ${me.person.team + 1}.${Math.floor(Math.random() * 2)}`;
  if (Math.random() < 0.7) await call(me, "search: projects API ?q=", "GET", `/api/orgs/${t.orgId}/projects?q=${encodeURIComponent(prefix)}`);
  else await call(me, "search: project list page ?q=", "GET", `/orgs/${t.slug}?q=${encodeURIComponent(prefix)}`, { page: true });
}

const memberSearch = (me) => call(me, "search: members API ?q=", "GET", `/api/orgs/${home(me).orgId}/members?q=${encodeURIComponent(pick(["Researcher 0", "Admin", "Owner", "vu1"]))}`);

// ---------------------------------------------------------------- writes everyone makes

async function createProject(me) {
  const t = home(me);
  const name = `Monday study ${me.person.index}-${++me.ctx.created}-${Date.now().toString(36)}`;
  const r = await call(me, "create project", "POST", `/api/orgs/${t.orgId}/projects`, { body: { name, description: "Screening, then appraisal" }, refusals: WRITE_REFUSALS });
  log(me, { kind: "project.create", orgId: t.orgId, name, ok: r.ok, refused: r.refused, status: r.status, id: r.json?.id ?? null, start: r.start, end: r.end });
  if (r.ok) me.projects.push({ orgId: t.orgId, slug: t.slug, id: r.json.id, owner: true });
}

/** Reads one's mailbox (the dev mailbox API) and answers each new invitation: mostly accept, sometimes decline. */
async function inbox(me) {
  const r = await call(me, "mailbox GET /api/dev/emails", "GET", `/api/dev/emails?to=${encodeURIComponent(me.person.email)}`);
  for (const mail of r.json?.items ?? []) {
    const link = /https?:\/\/\S+\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text ?? "");
    if (!link || me.seenTokens.has(link[1])) continue;
    me.seenTokens.add(link[1]);
    const token = link[1];
    const accept = Math.random() < 0.75;
    const w = await call(me, accept ? "accept invitation" : "decline invitation", "POST", `/api/invitations/${token}/${accept ? "accept" : "decline"}`, { body: {}, refusals: WRITE_REFUSALS });
    log(me, { kind: accept ? "invitation.accept" : "invitation.decline", token, ok: w.ok, refused: w.refused, status: w.status, start: w.start, end: w.end, userId: me.person.id, result: w.json });
    if (accept && w.ok) {
      const { orgId, orgSlug, projectId } = w.json;
      if (orgId !== home(me).orgId) me.guestOrgs.set(orgId, { orgId, slug: orgSlug });
      if (projectId && !me.projects.some((p) => p.id === projectId)) me.projects.push({ orgId, slug: orgSlug, id: projectId, owner: false });
    }
    return; // one invitation per visit to the mailbox
  }
}

/** Leaves a workspace joined from an invitation, or a project one is a plain member of. */
async function leave(me) {
  const guest = me.guestOrgs.size ? pick([...me.guestOrgs.values()]) : null;
  const project = me.projects.filter((p) => !p.owner);
  if (guest && (Math.random() < 0.5 || !project.length)) {
    me.guestOrgs.delete(guest.orgId);
    me.projects = me.projects.filter((p) => p.orgId !== guest.orgId);
    const r = await call(me, "leave workspace", "DELETE", `/api/orgs/${guest.orgId}/members/${me.person.id}`, { refusals: WRITE_REFUSALS });
    log(me, { kind: "org.remove", orgId: guest.orgId, userId: me.person.id, leaving: true, ok: r.ok, refused: r.refused, status: r.status, start: r.start, end: r.end });
  } else if (project.length) {
    const p = pick(project);
    me.projects = me.projects.filter((x) => x !== p);
    const r = await call(me, "leave project", "DELETE", `/api/orgs/${p.orgId}/projects/${p.id}/members/${me.person.id}`, { refusals: WRITE_REFUSALS });
    log(me, { kind: "project.remove", orgId: p.orgId, projectId: p.id, userId: me.person.id, leaving: true, ok: r.ok, refused: r.refused, status: r.status, start: r.start, end: r.end });
  }
}

// ---------------------------------------------------------------- owners and admins

async function inviteToOrg(me) {
  const t = home(me);
  const who = pick(others(me));
  if (!who) return;
  const role = Math.random() < 0.8 ? "member" : "admin";
  const r = await call(me, "invite to workspace", "POST", `/api/orgs/${t.orgId}/invitations`, { body: { email: who.email, role }, refusals: WRITE_REFUSALS });
  log(me, { kind: "invitation.create", orgId: t.orgId, projectId: null, email: who.email, id: r.json?.id ?? null, ok: r.ok, refused: r.refused, status: r.status, start: r.start, end: r.end });
}

/** The member list as the admin sees it (API), without the team's owner and admin people and oneself. */
async function memberList(me) {
  const t = home(me);
  const r = await call(me, "member list API", "GET", `/api/orgs/${t.orgId}/members?limit=100`);
  const staff = new Set(me.ctx.world.people.filter((p) => p.team === me.person.team && p.kind !== "researcher").map((p) => p.id));
  return (r.json?.items ?? []).filter((m) => !staff.has(m.userId) && m.role !== "owner");
}

async function changeRole(me) {
  const t = home(me);
  const target = pick(await memberList(me));
  if (!target) return;
  const role = target.role === "admin" ? "member" : "admin";
  const r = await call(me, "change workspace role", "PATCH", `/api/orgs/${t.orgId}/members/${target.userId}`, { body: { role }, refusals: WRITE_REFUSALS });
  log(me, { kind: "org.role", orgId: t.orgId, userId: target.userId, role, ok: r.ok, refused: r.refused, status: r.status, start: r.start, end: r.end });
}

async function removeGuest(me) {
  const t = home(me);
  const guests = (await memberList(me)).filter((m) => me.ctx.byEmail.get(m.email)?.team !== me.person.team);
  const target = pick(guests);
  if (!target) return;
  const r = await call(me, "remove member", "DELETE", `/api/orgs/${t.orgId}/members/${target.userId}`, { refusals: WRITE_REFUSALS });
  log(me, { kind: "org.remove", orgId: t.orgId, userId: target.userId, leaving: false, ok: r.ok, refused: r.refused, status: r.status, start: r.start, end: r.end });
}

/** The last owner tries to leave: always refused (LAST_OWNER), and must change nothing. */
async function ownerTriesToLeave(me) {
  if (me.person.kind !== "owner") return listPage(me);
  const t = home(me);
  const r = await call(me, "leave workspace (last owner)", "DELETE", `/api/orgs/${t.orgId}/members/${me.person.id}`, { refusals: ["LAST_OWNER"] });
  log(me, { kind: "org.remove", orgId: t.orgId, userId: me.person.id, leaving: true, ok: r.ok, refused: r.refused, status: r.status, start: r.start, end: r.end });
}

// ---------------------------------------------------------------- researchers who own projects

const owned = (me) => me.projects.filter((p) => p.owner && p.orgId === home(me).orgId);

async function inviteToProject(me) {
  const p = pick(owned(me));
  if (!p) return;
  const who = pick(me.ctx.world.people.filter((x) => x.id !== me.person.id));
  if (!who) return;
  const r = await call(me, "invite to project", "POST", `/api/orgs/${p.orgId}/projects/${p.id}/invitations`, { body: { email: who.email, role: "member" }, refusals: WRITE_REFUSALS });
  log(me, { kind: "invitation.create", orgId: p.orgId, projectId: p.id, email: who.email, id: r.json?.id ?? null, ok: r.ok, refused: r.refused, status: r.status, start: r.start, end: r.end });
}

async function projectMembers(me, p) {
  const r = await call(me, "project members API", "GET", `/api/orgs/${p.orgId}/projects/${p.id}/members`);
  return (r.json?.items ?? []).filter((m) => m.userId !== me.person.id);
}

async function changeProjectRole(me) {
  const p = pick(owned(me));
  if (!p) return;
  const target = pick(await projectMembers(me, p));
  if (!target) return;
  const role = target.role === "owner" ? "member" : "owner";
  const r = await call(me, "change project role", "PATCH", `/api/orgs/${p.orgId}/projects/${p.id}/members/${target.userId}`, { body: { role }, refusals: WRITE_REFUSALS });
  log(me, { kind: "project.role", orgId: p.orgId, projectId: p.id, userId: target.userId, role, ok: r.ok, refused: r.refused, status: r.status, start: r.start, end: r.end });
}

async function removeFromProject(me) {
  const p = pick(owned(me));
  if (!p) return;
  const target = pick(await projectMembers(me, p));
  if (!target) return;
  const r = await call(me, "remove project member", "DELETE", `/api/orgs/${p.orgId}/projects/${p.id}/members/${target.userId}`, { refusals: WRITE_REFUSALS });
  log(me, { kind: "project.remove", orgId: p.orgId, projectId: p.id, userId: target.userId, leaving: false, ok: r.ok, refused: r.refused, status: r.status, start: r.start, end: r.end });
}

/** A researcher tries an admin's action: refused (FORBIDDEN) and changing nothing, unless an admin made them admin earlier. */
async function researcherTriesRoleChange(me) {
  const t = home(me);
  const target = pick(me.ctx.world.people.filter((p) => p.team === me.person.team && p.id !== me.person.id));
  if (!target) return;
  const r = await call(me, "change workspace role (by a researcher)", "PATCH", `/api/orgs/${t.orgId}/members/${target.id}`, { body: { role: "admin" }, refusals: ["FORBIDDEN"] });
  log(me, { kind: "org.role", orgId: t.orgId, userId: target.id, role: "admin", ok: r.ok, refused: r.refused, status: r.status, start: r.start, end: r.end });
}

const passwordSignIn = (me) => (me.person.password ? signIn(me) : listPage(me));

const COMMON = [
  [listPage, 6],
  [projectPage, 5],
  [membersPage, 2],
  [search, 4],
  [memberSearch, 1],
  [createProject, 2],
  [inbox, 4],
  [leave, 1],
  [passwordSignIn, 0.4],
];
const RESEARCHER = [...COMMON, [inviteToProject, 2], [changeProjectRole, 1.5], [removeFromProject, 1], [researcherTriesRoleChange, 0.3]];
const ADMIN = [...COMMON, [inviteToOrg, 4], [changeRole, 2], [removeGuest, 1.5], [ownerTriesToLeave, 0.2]];
