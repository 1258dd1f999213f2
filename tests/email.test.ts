/**
 * The email seam (PRODUCT.md section 4): the outbox row, delivery to the dev mailbox, the "http" provider transport
 * against a local stand-in server, retries after a failure, and exactly-once delivery when deliverers race.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { devMailbox, emailOutbox, organization, projects, user } from "~/db/schema";
import { deliverDue, deliverOutbox, outboxInsert, sendEmail } from "~/server/email/outbox";
import { emails } from "~/server/email/templates";
import { standInProvider } from "./email-provider";
import { createTestApp, lastEmail, type TestApp } from "./harness";

async function outboxRow(app: TestApp, id: string) {
  const [row] = await app.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row!;
}

async function onlyOutboxRowTo(app: TestApp, to: string) {
  const rows = await app.db.select().from(emailOutbox).where(eq(emailOutbox.to, to));
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe("dev transport", () => {
  let app: TestApp;
  beforeAll(async () => (app = await createTestApp()));
  afterAll(() => app.close());

  it("writes an outbox row, delivers it to the dev mailbox, then clears the body from the outbox", async () => {
    const to = "reader@example.com";
    const link = "http://localhost:3000/invite/abc123";
    await app.run((ctx) => sendEmail(ctx, emails.invitation(to, link, "Olga", "Evidence Lab", null)));

    const row = await onlyOutboxRowTo(app, to);
    expect(row).toMatchObject({ kind: "invitation", status: "sent", attempts: 1, text: null, html: null, lastError: null });
    expect(row.subject).toBe("Olga invited you to Evidence Lab on CoRATES");
    expect(row.sentAt).toBeInstanceOf(Date);

    const mail = await lastEmail(app, to);
    expect(mail).toMatchObject({ subject: "Olga invited you to Evidence Lab on CoRATES", link });
    const [delivered] = await app.db.select().from(devMailbox).where(eq(devMailbox.outboxId, row.id));
    expect(delivered!.html).toContain(`href="${link}"`);
    expect(delivered!.text).toContain(link);
  });

  it("lists the dev mailbox newest first, filtered by address (case-insensitive)", async () => {
    const to = "twice@example.com";
    await app.run((ctx) => sendEmail(ctx, emails.magicLink(to, "http://localhost:3000/first")));
    await new Promise((r) => setTimeout(r, 5));
    await app.run((ctx) => sendEmail(ctx, emails.magicLink(to, "http://localhost:3000/second")));
    const res = await app.request("GET", `/api/dev/emails?to=${encodeURIComponent("TWICE@example.com")}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toEqual({ id: expect.any(String), to, subject: expect.any(String), text: expect.stringContaining("/second"), html: expect.any(String), createdAt: expect.any(String) });
    expect(res.body.items[1].text).toContain("/first");
    expect(new Date(res.body.items[0].createdAt).toISOString()).toBe(res.body.items[0].createdAt);
  });

  it("an invalid address filter is a 400, not a 500", async () => {
    const res = await app.request("GET", "/api/dev/emails?to=not-an-address");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details.fields.to).toEqual(expect.any(String));
  });

  it("an outbox insert in a batch that fails leaves no email behind", async () => {
    const to = "atomic@example.com";
    const existing = await app.createUser();
    await expect(
      app.run(async (ctx) => {
        const { query } = outboxInsert(ctx, emails.magicLink(to, "http://localhost:3000/x"));
        // The second statement violates user.email's unique index: the whole batch rolls back.
        await ctx.db.batch([query, ctx.db.insert(user).values({ id: crypto.randomUUID(), name: "Dup", email: existing.email })]);
      }),
    ).rejects.toThrow();
    expect(await app.db.select().from(emailOutbox).where(eq(emailOutbox.to, to))).toEqual([]);
    expect(await lastEmail(app, to)).toBeNull();
  });

  it("two concurrent deliverOutbox calls deliver once", async () => {
    const to = "race@example.com";
    const id = await app.run(async (ctx) => {
      const { id, query } = outboxInsert(ctx, emails.magicLink(to, "http://localhost:3000/race"));
      await query;
      return id;
    });
    await app.run((ctx) => Promise.all([deliverOutbox(ctx, [id]), deliverOutbox(ctx, [id]), deliverDue(ctx)]));
    expect(await app.db.select().from(devMailbox).where(eq(devMailbox.to, to))).toHaveLength(1);
    expect(await outboxRow(app, id)).toMatchObject({ status: "sent", attempts: 1 });
  });
});


describe("no CR or LF in a subject", () => {
  let app: TestApp;
  beforeAll(async () => (app = await createTestApp()));
  afterAll(() => app.close());

  it("an org, project and inviter name with CR/LF from old data never puts a line break in the queued subject", async () => {
    const owner = await app.createUser({ name: "Olga" });
    const org = (await app.request("POST", "/api/orgs", { as: owner, body: { name: "Evidence Lab" } })).body;
    const project = (await app.request("POST", `/api/orgs/${org.id}/projects`, { as: owner, body: { name: "Review" } })).body;
    // Written past today's validation, as rows saved before names refused control characters could be.
    await app.db.update(user).set({ name: "Olga\r\nBcc: victim@example.com" }).where(eq(user.id, owner.id));
    await app.db.update(organization).set({ name: "Lab\r\nX-Injected: 1" }).where(eq(organization.id, org.id));
    await app.db.update(projects).set({ name: "Review\nX-Injected: 2" }).where(eq(projects.id, project.id));

    expect((await app.request("POST", `/api/orgs/${org.id}/invitations`, { as: owner, body: { email: "crlf-org@example.com", role: "member" } })).status).toBe(201);
    const projectInvite = await app.request("POST", `/api/orgs/${org.id}/projects/${project.id}/invitations`, {
      as: owner,
      body: { email: "crlf-project@example.com", role: "member" },
    });
    expect(projectInvite.status).toBe(201);
    await app.run((ctx) => sendEmail(ctx, emails.invitation("crlf-direct@example.com", "http://localhost:3000/invite/x", "A\rB\u0085C", "Lab\u0000\nX", null)));

    for (const to of ["crlf-org@example.com", "crlf-project@example.com", "crlf-direct@example.com"]) {
      const row = await onlyOutboxRowTo(app, to);
      expect(row.subject, to).not.toMatch(/[\r\n]/);
      expect(row.subject, to).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect((await lastEmail(app, to))!.subject, to).not.toMatch(/[\r\n]/);
    }
    expect((await onlyOutboxRowTo(app, "crlf-org@example.com")).subject).toBe("Olga Bcc: victim@example.com invited you to Lab X-Injected: 1 on CoRATES");
  });
});

describe("http transport against a stand-in provider", () => {
  const API_KEY = "re_test_key_0123456789";
  // A real HTTP server in Node (workerd cannot listen): tests/setup-provider.ts.
  const provider = standInProvider();
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({ EMAIL_TRANSPORT: "http", EMAIL_API_URL: provider.url, EMAIL_API_KEY: API_KEY });
  });
  afterAll(() => app.close());
  beforeEach(() => provider.reset());

  it("posts {from,to,subject,text,html} with the bearer key and an idempotency key", async () => {
    const to = "provider@example.com";
    const msg = emails.resetPassword(to, "http://localhost:3000/api/auth/reset-password/tok");
    await app.run((ctx) => sendEmail(ctx, msg));

    const received = await provider.received();
    expect(received).toHaveLength(1);
    const [req] = received;
    const row = await onlyOutboxRowTo(app, to);
    expect(req!.method).toBe("POST");
    expect(req!.url).toBe("/emails");
    expect(req!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(req!.headers["content-type"]).toMatch(/^application\/json/);
    expect(req!.headers["idempotency-key"]).toBe(row.id);
    expect(req!.body).toEqual({ from: "CoRATES <no-reply@localhost>", to: [to], subject: msg.subject, text: msg.text, html: msg.html });

    expect(row).toMatchObject({ status: "sent", attempts: 1, text: null, html: null, lastError: null });
    // Nothing goes to the dev mailbox with a real provider.
    expect(await app.db.select().from(devMailbox).where(eq(devMailbox.to, to))).toEqual([]);
  });

  it("a 500 from the provider leaves the row pending with attempts=1 and lastError; deliverDue sends it once it recovers", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const to = "retry@example.com";
    await provider.answerWith(500);
    const before = Date.now();
    await app.run((ctx) => sendEmail(ctx, emails.magicLink(to, "http://localhost:3000/retry")));

    expect(await provider.received()).toHaveLength(1);
    let row = await onlyOutboxRowTo(app, to);
    expect(row).toMatchObject({ status: "pending", attempts: 1, sentAt: null });
    expect(row.lastError).toMatch(/500/);
    expect(row.lastError).not.toContain(API_KEY);
    // The body is kept for the retry, and the retry waits a while.
    expect(row.text).toContain("http://localhost:3000/retry");
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(before + 10_000);

    // Not due yet: nothing is sent.
    await provider.answerWith(200);
    expect(await app.run((ctx) => deliverDue(ctx))).toBe(0);
    expect(await provider.received()).toHaveLength(1);

    // Time passes.
    await app.db.update(emailOutbox).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(emailOutbox.id, row.id));
    expect(await app.run((ctx) => deliverDue(ctx))).toBe(1);
    const received = await provider.received();
    expect(received).toHaveLength(2);
    expect(received[1]!.headers["idempotency-key"]).toBe(row.id);
    expect(received[1]!.body.to).toEqual([to]);

    row = await outboxRow(app, row.id);
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: null, text: null, html: null });

    // Delivered rows are never sent again.
    await app.db.update(emailOutbox).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(emailOutbox.id, row.id));
    await app.run((ctx) => deliverDue(ctx));
    expect(await provider.received()).toHaveLength(2);
    vi.restoreAllMocks();
  });

  it("an unreachable provider counts as a failed attempt, not a crash", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const down = await createTestApp({ EMAIL_TRANSPORT: "http", EMAIL_API_URL: "http://127.0.0.1:9/emails", EMAIL_API_KEY: API_KEY });
    try {
      const to = "unreachable@example.com";
      await down.run((ctx) => sendEmail(ctx, emails.magicLink(to, "http://localhost:3000/x")));
      const [row] = await down.db.select().from(emailOutbox).where(eq(emailOutbox.to, to));
      expect(row).toMatchObject({ status: "pending", attempts: 1 });
      expect(row!.lastError).toBeTruthy();
    } finally {
      await down.close();
      vi.restoreAllMocks();
    }
  });

  it("gives up after the last attempt: the row is marked failed and no longer retried", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const to = "doomed@example.com";
    const id = await app.run(async (ctx) => {
      const { id, query } = outboxInsert(ctx, emails.magicLink(to, "http://localhost:3000/doomed"));
      await query;
      return id;
    });
    await app.db.update(emailOutbox).set({ attempts: 7 }).where(eq(emailOutbox.id, id));
    await provider.answerWith(500);
    await app.run((ctx) => deliverOutbox(ctx, [id]));
    expect(await outboxRow(app, id)).toMatchObject({ status: "failed", attempts: 8 });

    await provider.answerWith(200);
    await app.db.update(emailOutbox).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(emailOutbox.id, id));
    await app.run((ctx) => deliverDue(ctx));
    expect((await provider.received()).filter((r) => r.body.to[0] === to)).toHaveLength(1);
    vi.restoreAllMocks();
  });

  it("two concurrent deliverOutbox calls post once", async () => {
    const to = "concurrent@example.com";
    const id = await app.run(async (ctx) => {
      const { id, query } = outboxInsert(ctx, emails.magicLink(to, "http://localhost:3000/c"));
      await query;
      return id;
    });
    await app.run((ctx) => Promise.all([deliverOutbox(ctx, [id]), deliverOutbox(ctx, [id])]));
    expect(await provider.received()).toHaveLength(1);
    expect(await outboxRow(app, id)).toMatchObject({ status: "sent", attempts: 1 });
  });
});
