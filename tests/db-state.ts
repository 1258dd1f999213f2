/**
 * Every row a write of the domain may touch, as one string to compare before and after (outbox rows by id and
 * recipient only: delivery changes the rest; people by what the first-run step and a ban write; sessions by id, as a
 * read may refresh the rest).
 */
import { asc } from "drizzle-orm";
import { activityLog, adminAudit, emailOutbox, idempotencyKey, invitation, member, organization, projectInvitations, projectMembers, projects, session, user } from "~/db/schema";
import type { TestApp } from "./harness";

export async function domainState(app: TestApp): Promise<string> {
  const db = app.db;
  const [orgs, members, projectRows, projectMemberRows, invitations, projectInvitationRows, log, outbox, keys, people, sessions, audit] = await db.batch([
    db.select().from(organization).orderBy(asc(organization.id)),
    db.select().from(member).orderBy(asc(member.id)),
    db.select().from(projects).orderBy(asc(projects.id)),
    db.select().from(projectMembers).orderBy(asc(projectMembers.projectId), asc(projectMembers.userId)),
    db.select().from(invitation).orderBy(asc(invitation.id)),
    db.select().from(projectInvitations).orderBy(asc(projectInvitations.id)),
    db.select().from(activityLog).orderBy(asc(activityLog.id)),
    db.select({ id: emailOutbox.id, to: emailOutbox.to }).from(emailOutbox).orderBy(asc(emailOutbox.id)),
    db.select().from(idempotencyKey).orderBy(asc(idempotencyKey.userId), asc(idempotencyKey.key)),
    db
      .select({ id: user.id, name: user.name, username: user.username, persona: user.persona, profileCompletedAt: user.profileCompletedAt, banned: user.banned, banReason: user.banReason, banExpires: user.banExpires })
      .from(user)
      .orderBy(asc(user.id)),
    db.select({ id: session.id }).from(session).orderBy(asc(session.id)),
    db.select().from(adminAudit).orderBy(asc(adminAudit.id)),
  ]);
  return JSON.stringify({ orgs, members, projectRows, projectMemberRows, invitations, projectInvitationRows, log, outbox, keys, people, sessions, audit });
}
