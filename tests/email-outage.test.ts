/**
 * An email provider outage of 30 minutes (issue 12): the stand-in provider refuses every delivery while people are
 * invited, ask for a password reset and ask for sign-in links. The cron's runs are simulated every 5 minutes by
 * calling its delivery with the run's time. Afterwards every email has gone out exactly once, each person's in the
 * order they were written, and a sign-in link that expired while it waited was never sent: a notice went in its place.
 */
import { asc, eq, gte } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emailOutbox } from "~/db/schema";
import { deliverDue } from "~/server/email/outbox";
import { standInProvider, type ReceivedRequest } from "./email-provider";
import { APP_URL, createTestApp, type TestApp, type TestUser } from "./harness";
import { addProject, makeOrg } from "./org-fixtures";

const MINUTE = 60_000;

describe("email provider outage", () => {
  const provider = standInProvider();
  let app: TestApp;
  const alex = "alex-outage@example.com";
  const blake = "blake-outage@example.com";
  let owner: TestUser;
  let t0: number;
  let delivered: ReceivedRequest[] = [];

  /** One run of the cron at t0 + `minutes`. */
  const cronAt = (minutes: number) => app.run((ctx) => deliverDue(ctx, 100, new Date(t0 + minutes * MINUTE)));
  /** The emails written since the outage began (the reader's sign-up sent one before). */
  const outbox = () => app.db.select().from(emailOutbox).where(gte(emailOutbox.createdAt, new Date(t0))).orderBy(asc(emailOutbox.createdAt), asc(emailOutbox.id));

  beforeAll(async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    app = await createTestApp({ EMAIL_TRANSPORT: "http", EMAIL_API_URL: provider.url, EMAIL_API_KEY: "re_outage_key_0123456789" });
    const org = await makeOrg(app, "Outage Lab");
    owner = org.owner;
    const projectId = await addProject(app, org.orgId, owner.id, [[owner.id, "owner"]]);
    // A person with a password, for the reset.
    const reader = await app.signInWithPassword();

    await provider.answerWith(503);
    t0 = Date.now();
    const asked = [
      await app.request("POST", `/api/orgs/${org.orgId}/invitations`, { as: owner.cookie, body: { email: alex, role: "member" } }),
      await app.request("POST", `/api/orgs/${org.orgId}/projects/${projectId}/invitations`, { as: owner.cookie, body: { email: blake, role: "member" } }),
      await app.request("POST", "/api/auth/sign-in/magic-link", { body: { email: alex, callbackURL: "/" } }),
      await app.request("POST", "/api/auth/request-password-reset", { body: { email: reader.email, redirectTo: "/reset-password" } }),
      await app.request("POST", `/api/orgs/${org.orgId}/invitations`, { as: owner.cookie, body: { email: blake, role: "admin" } }),
    ];
    expect(asked.map((r) => r.status)).toEqual([201, 201, 200, 200, 201]);
  }, 60_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await app?.close();
  });

  it("while the provider refuses, nothing is lost and each person's later emails wait for their first", async () => {
    for (const minutes of [5, 10, 15, 20]) await cronAt(minutes);
    // One more email to alex late in the outage: due sooner than alex's first, which has waited longer and longer.
    expect((await app.request("POST", "/api/auth/sign-in/magic-link", { body: { email: alex, callbackURL: "/" } })).status).toBe(200);
    const rows = await outbox();
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === "pending" && r.text !== null)).toBe(true);
    // Only the first email of each person was tried; the others never went to the provider.
    const ours = new Set(rows.map((r) => r.id));
    const tried = new Set((await provider.received()).map((r) => String(r.headers["idempotency-key"])).filter((id) => ours.has(id)));
    const firsts = new Set<string>();
    for (const r of rows) if (![...firsts].some((id) => rows.find((x) => x.id === id)!.to === r.to)) firsts.add(r.id);
    expect(tried).toEqual(firsts);
    for (const r of rows) expect(r.attempts > 0, `${r.kind} to ${r.to}`).toBe(firsts.has(r.id));
  });

  it("after the outage (it ends before the run at 25 minutes) the cron delivers every email exactly once, in order per person", async () => {
    await provider.reset(); // answers 200 again, and forgets the requests so far (all refused since t0)
    for (let minutes = 25; minutes <= 150; minutes += 5) await cronAt(minutes);
    delivered = await provider.received();
    const rows = await outbox();

    const ids = delivered.map((r) => r.headers["idempotency-key"]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(rows.map((r) => r.id)));
    expect(rows.every((r) => r.status === "sent" || r.status === "expired")).toBe(true);

    for (const to of [alex, blake]) {
      const written = rows.filter((r) => r.to === to).map((r) => r.id);
      const arrived = delivered.filter((r) => r.body.to[0] === to).map((r) => r.headers["idempotency-key"]);
      expect(arrived, to).toEqual(written);
    }
  });

  it("the sign-in link that expired while waiting was not sent; a notice without it went out instead", async () => {
    const links = (await outbox()).filter((r) => r.kind === "magic-link");
    expect(links).toHaveLength(2);
    for (const row of links) {
      expect(row.status).toBe("expired");
      const mail = delivered.find((r) => r.headers["idempotency-key"] === row.id)!;
      expect(mail.body.subject).toMatch(/could not reach you in time/);
      expect(mail.body.text).not.toMatch(/magic-link|token=/);
      expect(mail.body.text).toContain(`${APP_URL}/signin`);
    }
  });

  it("the password reset link, still valid when the provider came back, was delivered and works", async () => {
    const [row] = (await outbox()).filter((r) => r.kind === "reset-password");
    expect(row!.status).toBe("sent");
    const mail = delivered.find((r) => r.headers["idempotency-key"] === row!.id)!;
    const link = /https?:\/\/\S+/.exec(mail.body.text)![0];
    const landing = await app.request("GET", new URL(link).pathname + new URL(link).search);
    expect(landing.status).toBe(302);
    const token = new URL(landing.headers.get("location")!, APP_URL).searchParams.get("token");
    const reset = await app.request("POST", "/api/auth/reset-password", { body: { token, newPassword: "a new password after the outage" } });
    expect(reset.status).toBe(200);
  });

  it("more cron runs send nothing again", async () => {
    for (const minutes of [160, 165, 24 * 60]) await cronAt(minutes);
    expect(await provider.received()).toHaveLength(delivered.length);
    expect((await app.db.select().from(emailOutbox).where(eq(emailOutbox.status, "pending"))).length).toBe(0);
  });
});
