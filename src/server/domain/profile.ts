/**
 * The profile and the first-run step (issue 14): name, persona and a unique username, and, for someone who did not
 * come through an invitation, a personal workspace ("<name>'s workspace") created and opened in the same batch as the
 * profile write. Each write is one read batch (the session, who holds the username, whether the person belongs to a
 * workspace, whether the workspace's address is free) and one write batch; the unique index on user.username decides
 * between two people racing for the same name.
 */
import { and, eq, gt, lt, ne, or, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { member, organization, session, user } from "~/db/schema";
import { firstFreeUsername, usernameWords } from "~/lib/profile-rules";
import { usernameBase } from "~/lib/username-suggestion";
import { completeProfileInput, updateProfileInput } from "~/lib/profile-schemas";
import { reservedSlugs, slugify } from "~/lib/schemas";
import type { AppContext } from "../context";
import { isUniqueViolation } from "../db";
import { AppError } from "../errors";
import { readWithSession, requireSession, type SessionUser } from "../session";
import { parse } from "../validate";
import type { Org } from "./orgs";

type Statement = BatchItem<"sqlite">;

export interface Profile {
  id: string;
  name: string;
  username: string | null;
  persona: string | null;
  profileCompleted: boolean;
}

export interface CompletedProfile {
  profile: Profile;
  /** The personal workspace created with it, or null (an invitee, someone already in a workspace, a repeat). */
  workspace: Org | null;
}

export function usernameTaken(): AppError {
  return new AppError("USERNAME_TAKEN", usernameWords.taken, { fields: { username: usernameWords.taken } });
}

/** Usernames already held among `base`, `base-…` (one index range), for picking a free suggestion in the same read. */
function suggestionRowsQuery(ctx: AppContext, base: string) {
  return ctx.db
    .select({ username: user.username })
    .from(user)
    // "-" sorts just before ".", so this range is every username that starts with "base-".
    .where(or(eq(user.username, base), and(gt(user.username, `${base}-`), lt(user.username, `${base}.`))))
    .limit(1000);
}

/** Whether someone other than `self` holds the username. */
function holderQuery(ctx: AppContext, username: string, self: string | SQL) {
  return ctx.db
    .select({ id: user.id })
    .from(user)
    .where(and(eq(user.username, username), ne(user.id, self)))
    .limit(1);
}

/** The input, or the API's lazily read body: a signed-out caller hears AUTH_REQUIRED even when the body is broken. */
async function bodyOf(input: unknown): Promise<unknown> {
  return typeof input === "function" ? (input as () => Promise<unknown>)() : input;
}

function randomSuffix(): string {
  return crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36).slice(0, 4);
}

function toProfile(u: Pick<SessionUser, "id" | "name" | "username" | "persona" | "profileCompleted">): Profile {
  return { id: u.id, name: u.name, username: u.username, persona: u.persona, profileCompleted: u.profileCompleted };
}

/** "<name>'s workspace", cut so that it stays within the 100 characters of an org name. */
export function personalWorkspaceName(name: string): string {
  const suffix = "’s workspace";
  return `${name.slice(0, 100 - suffix.length).trimEnd()}${suffix}`;
}

function personalSlug(name: string): string {
  const derived = slugify(name) || "my";
  const slug = `${derived.slice(0, 30).replace(/-+$/g, "")}-workspace`;
  return reservedSlugs.has(slug) ? `${slug}-${randomSuffix()}` : slug;
}

/**
 * Completes the first-run step for the signed-in person: VALIDATION_FAILED, USERNAME_TAKEN (a chosen username someone
 * holds), AUTH_REQUIRED. Without a username, the first free one from the name is taken. Done a second time it changes
 * nothing and answers the profile as it is.
 */
export async function completeProfile(ctx: AppContext, headers: Headers, input: unknown): Promise<CompletedProfile> {
  let data: ReturnType<typeof completeProfileInput.parse>;
  try {
    data = parse(completeProfileInput, await bodyOf(input));
  } catch (err) {
    await requireSession(ctx, headers); // signed out hears AUTH_REQUIRED first
    throw err;
  }
  const base = usernameBase(data.name);
  let slug = personalSlug(data.name);
  const read = await readWithSession(ctx, headers, (caller) => [
    data.username ? holderQuery(ctx, data.username, caller) : suggestionRowsQuery(ctx, base),
    ctx.db.select({ id: member.id }).from(member).where(eq(member.userId, caller)).limit(1),
    ctx.db.select({ id: organization.id }).from(organization).where(eq(organization.slug, slug)).limit(1),
  ] as const);
  if (!read) throw new AppError("AUTH_REQUIRED");
  const me = read.session.user;
  if (me.profileCompleted) return { profile: toProfile(me), workspace: null };
  const [held, memberships, slugHolder] = read.results;
  if (data.username && held.length) throw usernameTaken();
  let username = data.username ?? firstFreeUsername(base, (held as { username: string | null }[]).map((r) => r.username ?? ""));
  if (slugHolder.length) slug = `${slug.slice(0, 40)}-${randomSuffix()}`;
  const withWorkspace = data.personalWorkspace !== false && memberships.length === 0;
  for (let tries = 0; ; tries++) {
    try {
      return await writeCompletion(ctx, me.id, read.session.sessionId, { ...data, username }, withWorkspace ? slug : null);
    } catch (err) {
      // Raced for the same username or address: the unique indexes decided, and nothing of this batch was written.
      if (isUniqueViolation(err, "user.username")) {
        if (data.username || tries >= 3) throw usernameTaken();
        username = `${base}-${randomSuffix()}`;
      } else if (isUniqueViolation(err, "organization.slug") && tries < 3) {
        slug = `${slug.slice(0, 40)}-${randomSuffix()}`;
      } else if (isUniqueViolation(err, "organization.id")) {
        // The same person's other request (a double submit) completed it first, workspace and all.
        return { profile: { id: me.id, name: data.name, username, persona: data.persona, profileCompleted: true }, workspace: null };
      } else throw err;
    }
  }
}

/** The profile write and, given an address, the personal workspace it opens: one atomic batch. */
async function writeCompletion(
  ctx: AppContext,
  userId: string,
  sessionId: string,
  data: { name: string; persona: string; username: string },
  slug: string | null,
): Promise<CompletedProfile> {
  const now = new Date();
  const statements: Statement[] = [
    ctx.db
      .update(user)
      .set({ name: data.name, displayName: data.name, persona: data.persona, username: data.username, profileCompletedAt: Math.floor(now.getTime() / 1000), updatedAt: now })
      .where(eq(user.id, userId)),
  ];
  let workspace: Org | null = null;
  if (slug) {
    // One personal workspace per person, whatever races: its id is theirs, so a second insert fails the whole batch.
    const id = `personal-${userId}`;
    const name = personalWorkspaceName(data.name);
    workspace = { id, name, slug, role: "owner", requireTwoFactor: false, createdAt: new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString() };
    statements.push(
      ctx.db.insert(organization).values({ id, name, slug, createdAt: now }),
      ctx.db.insert(member).values({ id: crypto.randomUUID(), organizationId: id, userId, role: "owner", createdAt: now, lastActiveAt: now }),
      ctx.db.update(session).set({ activeOrganizationId: id }).where(eq(session.id, sessionId)),
    );
  }
  await ctx.db.batch(statements as [Statement, ...Statement[]]);
  return { profile: { id: userId, name: data.name, username: data.username, persona: data.persona, profileCompleted: true }, workspace };
}

/** Changes the username and/or persona: VALIDATION_FAILED, USERNAME_TAKEN, AUTH_REQUIRED. */
export async function updateProfile(ctx: AppContext, headers: Headers, input: unknown): Promise<Profile> {
  let data: ReturnType<typeof updateProfileInput.parse>;
  try {
    data = parse(updateProfileInput, await bodyOf(input));
  } catch (err) {
    await requireSession(ctx, headers);
    throw err;
  }
  const wanted = data.username;
  const read = await readWithSession(ctx, headers, (caller) => (wanted ? [holderQuery(ctx, wanted, caller)] : []) as Statement[]);
  if (!read) throw new AppError("AUTH_REQUIRED");
  const me = read.session.user;
  if (wanted && (read.results[0] as unknown[]).length) throw usernameTaken();
  const changes = { ...(wanted ? { username: wanted } : {}), ...(data.persona ? { persona: data.persona } : {}) };
  if (!Object.keys(changes).length) return toProfile(me);
  try {
    await ctx.db.update(user).set({ ...changes, updatedAt: new Date() }).where(eq(user.id, me.id));
  } catch (err) {
    if (isUniqueViolation(err, "user.username")) throw usernameTaken();
    throw err;
  }
  return toProfile({ ...me, ...changes });
}
