/** /orgs/<slug>/settings: the org with what deleting it would remove, in the page's one batch. */
import { count, eq, type SQL } from "drizzle-orm";
import { member, organization, projects } from "~/db/schema";
import { settingsPath } from "~/lib/page-paths";
import { keepActor } from "../actor";
import type { AppContext } from "../context";
import { membershipQuery, requireOrgPermission } from "../domain/access";
import { ownerCountQuery } from "../domain/members";
import { movedOrgSlugQuery } from "../domain/org-settings";
import { isAppError, membershipOrMoved, movedTo, toOrg, type MembershipRows, type MovedOrg, type Org } from "./org";
import { runRead, type PageLoader, type Read } from "./page";

export type SettingsOrg = Org & { memberCount: number; projectCount: number; ownerCount: number };
export type SettingsPageData = { kind: "ok"; org: SettingsOrg } | MovedOrg;

/**
 * Any member may open it; the page shows the controls of their role (canOrg "org.update" / "org.delete"), and the
 * server refuses the rest anyway.
 */
export function settingsRead(ctx: AppContext, user: string | SQL, slug: string): Read<{ org: SettingsOrg; membership: MembershipRows[number] }> {
  const orgIdOfSlug = ctx.db.select({ id: organization.id }).from(organization).where(eq(organization.slug, slug));
  return {
    statements: [
      membershipQuery(ctx, user, { slug }),
      ctx.db.select({ n: count() }).from(member).where(eq(member.organizationId, orgIdOfSlug)),
      ctx.db.select({ n: count() }).from(projects).where(eq(projects.orgId, orgIdOfSlug)),
      movedOrgSlugQuery(ctx, user, slug),
      ownerCountQuery(ctx, { slug }),
    ],
    shape(results) {
      const [membership, members, projectRows, moved, owners] = results as [MembershipRows, { n: number }[], { n: number }[], { slug: string }[], { n: number }[]];
      const m = membershipOrMoved(membership, moved);
      requireOrgPermission(m, "org.read");
      const org = { ...toOrg(m), logo: m.org.logo, memberCount: members[0]?.n ?? 0, projectCount: projectRows[0]?.n ?? 0, ownerCount: owners[0]?.n ?? 0 };
      return { org, membership: membership[0]! };
    },
  };
}

export async function getSettingsPage(ctx: AppContext, userId: string, slug: string): Promise<{ org: SettingsOrg }> {
  return { org: (await runRead(ctx, settingsRead(ctx, userId, slug))).org };
}

/** null when the org does not exist or the caller is not a member; old slugs lead on. */
export const settingsPage: PageLoader<{ slug: string }, SettingsPageData | null> = {
  name: "settings",
  read(ctx, { user }, { slug }) {
    const read = settingsRead(ctx, user, slug);
    return {
      statements: read.statements,
      shape: (results) => (session) => {
        try {
          const { org, membership } = read.shape(results);
          keepActor(session, membership);
          return { kind: "ok" as const, org };
        } catch (err) {
          const moved = movedTo(err);
          if (moved) return { kind: "moved" as const, to: settingsPath(moved) };
          if (isAppError(err, "NOT_FOUND")) return null;
          throw err;
        }
      },
    };
  },
};
