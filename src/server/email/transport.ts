/**
 * Where delivered email goes. "dev" is the local mailbox (a table read by /dev/mailbox); "http" posts to a provider's
 * HTTP API in the shape Resend and most others accept: {from, to, subject, text, html} with a bearer key.
 */
import { devMailbox } from "~/db/schema";
import type { Db } from "../db";
import type { AppEnv } from "../env";

export interface OutgoingEmail {
  outboxId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export async function deliver(env: AppEnv, db: Db, mail: OutgoingEmail): Promise<void> {
  if (env.email.transport === "dev") {
    // A replayed delivery must not show the same email twice: outboxId is unique.
    await db
      .insert(devMailbox)
      .values({ id: crypto.randomUUID(), outboxId: mail.outboxId, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, createdAt: new Date() })
      .onConflictDoNothing();
    return;
  }
  const res = await fetch(env.email.apiUrl!, {
    method: "POST",
    headers: {
      authorization: `Bearer ${env.email.apiKey}`,
      "content-type": "application/json",
      // Lets the provider drop a duplicate when a retry follows a delivery whose answer was lost.
      "idempotency-key": mail.outboxId,
    },
    body: JSON.stringify({ from: env.email.from, to: [mail.to], subject: mail.subject, text: mail.text, html: mail.html }),
  });
  if (!res.ok) {
    const detail = (await res.text().catch(() => "")).slice(0, 200);
    throw new Error(`email provider answered ${res.status}${detail ? `: ${detail}` : ""}`);
  }
}
