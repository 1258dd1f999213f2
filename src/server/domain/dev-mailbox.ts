/** Reads the local delivery target of the outbox. Only outside production; in production it does not exist (404). */
import { desc, eq } from "drizzle-orm";
import { devMailbox } from "~/db/schema";
import { email as emailSchema } from "~/lib/schemas";
import type { AppContext } from "../context";
import { AppError } from "../errors";

export interface DevEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}

export async function listDevEmails(ctx: AppContext, to?: string | null, limit = 100): Promise<DevEmail[]> {
  if (!ctx.env.devMailbox) throw new AppError("NOT_FOUND");
  let address: string | undefined;
  if (to) {
    const parsed = emailSchema.safeParse(to);
    if (!parsed.success) throw AppError.validation({ to: parsed.error.issues[0]!.message });
    address = parsed.data;
  }
  const rows = await ctx.db
    .select()
    .from(devMailbox)
    .where(address ? eq(devMailbox.to, address) : undefined)
    .orderBy(desc(devMailbox.createdAt), desc(devMailbox.id))
    .limit(limit);
  return rows.map((r) => ({ id: r.id, to: r.to, subject: r.subject, text: r.text, html: r.html, createdAt: r.createdAt.toISOString() }));
}
