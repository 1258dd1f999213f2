/**
 * "Export first": everything the app holds about the caller as themselves, as one JSON document (GET /api/me/export):
 * the profile, the ways they sign in (never a secret), their workspaces and projects with their roles, and what they
 * did (their activity entries). One round trip: the session's batch.
 */
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { account, activityLog, member, organization, projectMembers, projects, user } from "~/db/schema";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { readWithSession } from "../session";

export interface AccountExport {
  exportedAt: string;
  profile: { id: string; name: string; email: string; emailVerified: boolean; image: string | null; twoFactorEnabled: boolean; createdAt: string };
  signInMethods: { provider: string; since: string }[];
  memberships: { orgId: string; orgName: string; orgSlug: string; role: string; joinedAt: string }[];
  projectMemberships: { projectId: string; projectName: string; orgId: string; role: string; joinedAt: string }[];
  activity: { orgId: string; orgName: string; action: string; target: { type: string | null; label: string | null } | null; data: unknown; createdAt: string }[];
}

function parseData(data: string | null): unknown {
  if (!data) return null;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

export async function exportOwnData(ctx: AppContext, headers: Headers): Promise<AccountExport> {
  const read = await readWithSession(
    ctx,
    headers,
    (who) =>
      [
        ctx.db.select().from(user).where(eq(user.id, who)).limit(1),
        ctx.db
          .select({ provider: account.providerId, since: account.createdAt })
          .from(account)
          .where(and(eq(account.userId, who), isNotNull(account.providerId)))
          .orderBy(account.createdAt),
        ctx.db
          .select({ orgId: organization.id, orgName: organization.name, orgSlug: organization.slug, role: member.role, joinedAt: member.createdAt })
          .from(member)
          .innerJoin(organization, eq(organization.id, member.organizationId))
          .where(eq(member.userId, who))
          .orderBy(organization.name),
        ctx.db
          .select({ projectId: projects.id, projectName: projects.name, orgId: projects.orgId, role: projectMembers.role, joinedAt: projectMembers.joinedAt })
          .from(projectMembers)
          .innerJoin(projects, eq(projects.id, projectMembers.projectId))
          .where(eq(projectMembers.userId, who))
          .orderBy(projects.name),
        ctx.db
          .select({
            orgId: activityLog.orgId,
            orgName: organization.name,
            action: activityLog.action,
            targetType: activityLog.targetType,
            targetLabel: activityLog.targetLabel,
            data: activityLog.data,
            createdAt: activityLog.createdAt,
          })
          .from(activityLog)
          .innerJoin(organization, eq(organization.id, activityLog.orgId))
          .where(eq(activityLog.actorId, who))
          .orderBy(desc(activityLog.createdAt)),
      ] as const,
  );
  if (!read) throw new AppError("AUTH_REQUIRED");
  const [[u], methods, orgs, projectRows, activity] = read.results;
  if (!u) throw new AppError("AUTH_REQUIRED");
  return {
    exportedAt: new Date().toISOString(),
    profile: {
      id: u.id,
      name: u.name,
      email: u.email,
      emailVerified: u.emailVerified,
      image: u.image,
      twoFactorEnabled: u.twoFactorEnabled,
      createdAt: u.createdAt.toISOString(),
    },
    signInMethods: methods.map((m) => ({ provider: m.provider, since: m.since.toISOString() })),
    memberships: orgs.map((o) => ({ ...o, joinedAt: o.joinedAt.toISOString() })),
    projectMemberships: projectRows.map((p) => ({ ...p, joinedAt: p.joinedAt.toISOString() })),
    activity: activity.map((a) => ({
      orgId: a.orgId,
      orgName: a.orgName,
      action: a.action,
      target: a.targetType || a.targetLabel ? { type: a.targetType, label: a.targetLabel } : null,
      data: parseData(a.data),
      createdAt: a.createdAt.toISOString(),
    })),
  };
}

/** The download's file name: the app, the person's address and the day, safe in a Content-Disposition header. */
export function exportFileName(data: AccountExport): string {
  const who = data.profile.email.replace(/[^A-Za-z0-9._-]+/g, "_");
  return `corates-export-${who}-${data.exportedAt.slice(0, 10)}.json`;
}
