/**
 * A workspace's logo (the seed's organization.logo): owners and admins upload or remove it ("org.logo" in the
 * permission table). Same rules and storage as avatars (src/server/images/store.ts). Runs as every org write does
 * (src/server/writes/run.ts): the session, the caller's role, the current logo and the upload limit in one read
 * batch; the object is stored only once the caller is known to be allowed; then one statement guarded by the caller's
 * role as it is now and by the logo it replaces.
 */
import { and, eq, isNull } from "drizzle-orm";
import { organization } from "~/db/schema";
import { canOrg } from "~/lib/permissions";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { putImage, type Upload } from "../images/store";
import { hitStatement, type PreparedHit } from "../rate-limit";
import { actorMayOrg } from "../writes/guards";
import type { OrgWrite, Rows } from "../writes/run";

export interface LogoChange {
  logo: string | null;
  /** The logo it replaced, whose object the caller deletes after answering. */
  replaced: string | null;
}

function currentLogo(rows: Rows[]): string | null {
  return (rows[0]?.[0] as { logo: string | null } | undefined)?.logo ?? null;
}

/** Sets the logo to `upload`, or removes it with null. */
export function setOrgLogo(ctx: AppContext, upload: Upload | null): OrgWrite<LogoChange> {
  // The upload limit rides in the first read batch (not in `limits`, which is checked after decide): the object is
  // stored inside decide, and an upload over the limit must store nothing. A race's explaining read counts nothing.
  let hit: PreparedHit | undefined;
  return {
    reads(user, orgId) {
      const logo = ctx.db.select({ logo: organization.logo }).from(organization).where(eq(organization.id, orgId));
      if (!upload || hit) return [logo];
      // Counted only when the caller may set the logo: a refused request counts nothing.
      hit = hitStatement(ctx, "imageUploadsPerUser", user, actorMayOrg(orgId, user, "org.logo"));
      return [logo, hit.query];
    },
    async decide(actor, rows) {
      if (!canOrg(actor.role, "org.logo")) throw new AppError("FORBIDDEN");
      if (hit && rows[1]) hit.check(rows[1] as Parameters<PreparedHit["check"]>[0]);
      const id = actor.org.id;
      const current = currentLogo(rows);
      const next = upload ? await putImage(ctx, { kind: "org", id }, upload) : null;
      if (next === current) return { answer: { logo: current, replaced: null } };
      const guard = and(
        eq(organization.id, id),
        current === null ? isNull(organization.logo) : eq(organization.logo, current),
        actorMayOrg(id, actor.userId, "org.logo"),
      );
      return {
        batch: [ctx.db.update(organization).set({ logo: next }).where(guard).returning({ id: organization.id })],
        took: (r) => r[0]!.length > 0,
        answer: () => ({ logo: next, replaced: current }),
      };
    },
  };
}
