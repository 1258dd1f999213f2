/**
 * Avatars and workspace logos through the real API handler, on a real D1 and a real R2 bucket (Miniflare's): real
 * PNG, JPEG and WebP bytes accepted and served back byte for byte with their type, nosniff and a year's caching;
 * pretend pictures, other types and oversize bodies refused with nothing stored and no row changed; a replaced or
 * removed picture's object deleted; the logo for owners and admins only; two round trips per upload.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { member, organization, rateLimit, user } from "~/db/schema";
import { sniffImage } from "~/server/images/content";
import { keyOfImageUrl, MAX_IMAGE_BYTES } from "~/server/images/store";
import { handleApi } from "~/server/api/handler";
import { APP_URL, createTestApp, type TestApp, type TestUser } from "./harness";
import {
  GIF_1X1,
  HTML_AS_PNG,
  JPEG_3X2,
  PNG_3X2,
  PNG_SIGNATURE_ONLY,
  pngOfSize,
  SVG_AS_PNG,
  WEBP_3X2,
  WEBP_LOSSLESS_3X2,
  WEBP_LOSSY_1X1,
} from "./image-fixtures";
import { makeOrg } from "./org-fixtures";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ D1_METRICS: "1" });
});
afterAll(() => app.close());

const bucket = () => app.bindings.IMAGES!;

async function imageOf(u: TestUser): Promise<string | null> {
  return (await app.db.select({ image: user.image }).from(user).where(eq(user.id, u.id)))[0]!.image;
}

async function logoOf(orgId: string): Promise<string | null> {
  return (await app.db.select({ logo: organization.logo }).from(organization).where(eq(organization.id, orgId)))[0]!.logo;
}

async function objectCount(): Promise<number> {
  return (await bucket().list()).objects.length;
}

/** The D1 round trips one request waits for, counted in a scope of its own (the harness's scope adds up across requests). */
async function tripsOf(method: string, path: string, as: TestUser, bytes?: Uint8Array<ArrayBuffer>): Promise<{ status: number; trips: string | null }> {
  const pending: Promise<unknown>[] = [];
  const res = await handleApi(new Request(APP_URL + path, { method, body: bytes, headers: { cookie: as.cookie, origin: APP_URL } }), app.bindings, {
    waitUntil: (p) => void pending.push(p),
  });
  await Promise.all(pending);
  return { status: res.status, trips: res.headers.get("x-d1-round-trips") };
}

function upload(path: string, as: TestUser, bytes: Uint8Array<ArrayBuffer>, type = "image/png", headers: Record<string, string> = {}) {
  return app.request("POST", path, { as, rawBody: bytes, headers: { "content-type": type, ...headers } });
}

describe("what counts as a picture (by its bytes)", () => {
  it("reads the type and size of PNG, JPEG and every kind of WebP", () => {
    expect(sniffImage(PNG_3X2)).toEqual({ type: "image/png", width: 3, height: 2 });
    expect(sniffImage(JPEG_3X2)).toEqual({ type: "image/jpeg", width: 3, height: 2 });
    expect(sniffImage(WEBP_3X2)).toEqual({ type: "image/webp", width: 3, height: 2 });
    expect(sniffImage(WEBP_LOSSLESS_3X2)).toEqual({ type: "image/webp", width: 3, height: 2 });
    expect(sniffImage(WEBP_LOSSY_1X1)).toEqual({ type: "image/webp", width: 1, height: 1 });
  });

  it("refuses markup, other pictures, a bare signature, truncated headers and absurd sizes", () => {
    for (const bytes of [SVG_AS_PNG, HTML_AS_PNG, GIF_1X1, PNG_SIGNATURE_ONLY, new Uint8Array(0), JPEG_3X2.slice(0, 40), WEBP_3X2.slice(0, 20)]) {
      expect(sniffImage(bytes)).toBeNull();
    }
    const huge = PNG_3X2.slice();
    new DataView(huge.buffer).setUint32(16, 100_000);
    expect(sniffImage(huge)).toBeNull();
    const zero = PNG_3X2.slice();
    new DataView(zero.buffer).setUint32(20, 0);
    expect(sniffImage(zero)).toBeNull();
  });
});

describe("POST /api/me/avatar", () => {
  it("stores a PNG, JPEG or WebP whatever its declared type, and serves it back with its real type", async () => {
    const me = await app.createUser({ name: "Ada Avatar" });
    for (const [bytes, type] of [
      [PNG_3X2, "image/png"],
      [JPEG_3X2, "image/jpeg"],
      [WEBP_3X2, "image/webp"],
    ] as const) {
      // Declared as something else on purpose: only the bytes count.
      const res = await upload("/api/me/avatar", me, bytes, "application/octet-stream");
      expect(res.status).toBe(200);
      expect(res.body.image).toMatch(/^\/api\/images\/[0-9a-f]{64}$/);
      expect(await imageOf(me)).toBe(res.body.image);
      const served = await app.request("GET", res.body.image);
      expect(served.status).toBe(200);
      expect(served.headers.get("content-type")).toBe(type);
      expect(served.headers.get("x-content-type-options")).toBe("nosniff");
      expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(served.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(served.headers.get("content-security-policy")).toContain("sandbox");
      expect(served.headers.get("set-cookie")).toBeNull();
      const stored = await bucket().get(keyOfImageUrl(res.body.image)!);
      expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(bytes);
    }
  });

  it("gives a new URL when the picture changes, deletes the old object, and keeps the same URL for the same picture", async () => {
    const me = await app.createUser();
    const first = await upload("/api/me/avatar", me, PNG_3X2);
    const again = await upload("/api/me/avatar", me, PNG_3X2);
    expect(again.body.image).toBe(first.body.image);
    expect(await bucket().head(keyOfImageUrl(first.body.image)!)).not.toBeNull();
    const second = await upload("/api/me/avatar", me, JPEG_3X2);
    expect(second.body.image).not.toBe(first.body.image);
    expect(await bucket().head(keyOfImageUrl(first.body.image)!)).toBeNull();
    expect((await app.request("GET", first.body.image)).status).toBe(404);
    expect((await app.request("GET", second.body.image)).status).toBe(200);
  });

  it("gives two people who upload the same picture two objects, so one replacing theirs never breaks the other's", async () => {
    const a = await app.createUser();
    const b = await app.createUser();
    const ua = await upload("/api/me/avatar", a, PNG_3X2);
    const ub = await upload("/api/me/avatar", b, PNG_3X2);
    expect(ua.body.image).not.toBe(ub.body.image);
    await upload("/api/me/avatar", a, WEBP_3X2);
    expect((await app.request("GET", ub.body.image)).status).toBe(200);
  });

  it("refuses an SVG or HTML file named .png, a GIF and a bare signature with 415, storing nothing", async () => {
    const me = await app.createUser();
    const before = await objectCount();
    for (const bytes of [SVG_AS_PNG, HTML_AS_PNG, GIF_1X1, PNG_SIGNATURE_ONLY]) {
      const res = await upload("/api/me/avatar", me, bytes, "image/png", { "content-disposition": 'attachment; filename="me.png"' });
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe("UNSUPPORTED_IMAGE");
    }
    expect(await objectCount()).toBe(before);
    expect(await imageOf(me)).toBeNull();
  });

  it("takes exactly 2 MB and refuses 2 MB + 1 byte with 413, declared or streamed", async () => {
    const me = await app.createUser();
    expect((await upload("/api/me/avatar", me, pngOfSize(MAX_IMAGE_BYTES))).status).toBe(200);
    const before = await imageOf(me);
    const res = await upload("/api/me/avatar", me, pngOfSize(MAX_IMAGE_BYTES + 1));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("IMAGE_TOO_LARGE");
    // A body whose length is not declared is cut off at the limit as it streams.
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(pngOfSize(MAX_IMAGE_BYTES));
        c.enqueue(new Uint8Array(1));
        c.close();
      },
    });
    const streamed = await handleApi(
      new Request(APP_URL + "/api/me/avatar", { method: "POST", body: stream, headers: { cookie: me.cookie, origin: APP_URL }, duplex: "half" } as RequestInit),
      app.bindings,
      { waitUntil: () => {} },
    );
    expect(streamed.status).toBe(413);
    expect(await imageOf(me)).toBe(before);
  });

  it("is refused signed out (401) and from another site (403), changing nothing", async () => {
    const me = await app.createUser();
    expect((await app.request("POST", "/api/me/avatar", { rawBody: PNG_3X2 })).status).toBe(401);
    const cross = await upload("/api/me/avatar", me, PNG_3X2, "image/png", { origin: "https://evil.example" });
    expect(cross.status).toBe(403);
    expect(cross.body.error.code).toBe("CSRF_REJECTED");
    expect(await imageOf(me)).toBeNull();
  });

  it("costs two D1 round trips (one read batch, one write)", async () => {
    const me = await app.createUser();
    expect(await tripsOf("POST", "/api/me/avatar", me, PNG_3X2)).toEqual({ status: 200, trips: "2" });
    expect(await tripsOf("DELETE", "/api/me/avatar", me)).toEqual({ status: 200, trips: "2" });
  });

  it("counts uploads per person and refuses the one over the limit with 429", async () => {
    const limited = await createTestApp({ RATE_LIMIT_MULTIPLIER: "1", RATE_LIMITS: JSON.stringify({ imageUploadsPerUser: { limit: 2, windowSeconds: 3600 } }) });
    try {
      const me = await limited.createUser();
      const send = (bytes: Uint8Array<ArrayBuffer>) => limited.request("POST", "/api/me/avatar", { as: me, rawBody: bytes });
      expect((await send(PNG_3X2)).status).toBe(200);
      expect((await send(JPEG_3X2)).status).toBe(200);
      const over = await send(WEBP_3X2);
      expect(over.status).toBe(429);
      expect(over.headers.get("retry-after")).toBeTruthy();
      expect(await limited.db.select().from(rateLimit)).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });
});

describe("DELETE /api/me/avatar", () => {
  it("goes back to the initials and deletes the object", async () => {
    const me = await app.createUser();
    const up = await upload("/api/me/avatar", me, PNG_3X2);
    const res = await app.request("DELETE", "/api/me/avatar", { as: me });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ image: null });
    expect(await imageOf(me)).toBeNull();
    expect(await bucket().head(keyOfImageUrl(up.body.image)!)).toBeNull();
  });
});

describe("deleting one's account", () => {
  it("deletes their picture and the logo of a workspace that goes with them; a shared workspace keeps its logo", async () => {
    const me = await app.createUser({ name: "Gone Soon" });
    const other = await app.createUser();
    const alone = (await app.request("POST", "/api/orgs", { as: me, body: { name: "Only mine" } })).body.id as string;
    const shared = (await app.request("POST", "/api/orgs", { as: other, body: { name: "Shared logo lab" } })).body.id as string;
    await app.db.insert(member).values({ id: crypto.randomUUID(), organizationId: shared, userId: me.id, role: "member" });
    const avatar = (await upload("/api/me/avatar", me, PNG_3X2)).body.image as string;
    const aloneLogo = (await upload(`/api/orgs/${alone}/logo`, me, JPEG_3X2)).body.logo as string;
    const sharedLogo = (await upload(`/api/orgs/${shared}/logo`, other, WEBP_3X2)).body.logo as string;
    expect((await app.request("DELETE", "/api/me", { as: me, body: { confirmEmail: me.email } })).status).toBe(204);
    expect(await bucket().head(keyOfImageUrl(avatar)!)).toBeNull();
    expect(await bucket().head(keyOfImageUrl(aloneLogo)!)).toBeNull();
    expect(await bucket().head(keyOfImageUrl(sharedLogo)!)).not.toBeNull();
    expect((await app.request("GET", avatar)).status).toBe(404);
  });
});

describe("GET /api/images/:key", () => {
  it("answers 404 for an unknown key and for anything that is not a key", async () => {
    for (const key of ["0".repeat(64), "not-a-key", "..%2F..%2Fetc", "A".repeat(64)]) {
      const res = await app.request("GET", `/api/images/${key}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
    }
  });
});

describe("workspace logo", () => {
  it("owners and admins set and replace it (the old object goes); members get 403 and change nothing", async () => {
    const f = await makeOrg(app, "Logo lab");
    const refused = await upload(`/api/orgs/${f.orgId}/logo`, f.member, PNG_3X2);
    expect(refused.status).toBe(403);
    expect(await logoOf(f.orgId)).toBeNull();
    const first = await upload(`/api/orgs/${f.orgId}/logo`, f.admin, PNG_3X2);
    expect(first.status).toBe(200);
    expect(await logoOf(f.orgId)).toBe(first.body.logo);
    const second = await upload(`/api/orgs/${f.orgId}/logo`, f.owner, WEBP_3X2);
    expect(second.body.logo).not.toBe(first.body.logo);
    expect(await bucket().head(keyOfImageUrl(first.body.logo)!)).toBeNull();
    expect((await app.request("GET", second.body.logo)).headers.get("content-type")).toBe("image/webp");
    expect((await app.request("DELETE", `/api/orgs/${f.orgId}/logo`, { as: f.member })).status).toBe(403);
    const removed = await app.request("DELETE", `/api/orgs/${f.orgId}/logo`, { as: f.owner });
    expect(removed.body).toEqual({ logo: null });
    expect(await bucket().head(keyOfImageUrl(second.body.logo)!)).toBeNull();
  });

  it("is 404 for another workspace's admin, even with a wrong file, and stores nothing", async () => {
    const f = await makeOrg(app, "Mine");
    const g = await makeOrg(app, "Theirs");
    const before = await objectCount();
    expect((await upload(`/api/orgs/${f.orgId}/logo`, g.admin, PNG_3X2)).status).toBe(404);
    expect((await upload(`/api/orgs/${f.orgId}/logo`, g.admin, SVG_AS_PNG)).status).toBe(404);
    expect((await upload(`/api/orgs/${f.orgId}/logo`, f.member, SVG_AS_PNG)).status).toBe(403);
    expect((await upload(`/api/orgs/${f.orgId}/logo`, f.admin, SVG_AS_PNG)).status).toBe(415);
    expect(await objectCount()).toBe(before);
    expect(await logoOf(f.orgId)).toBeNull();
  });

  it("shows on the invitation (page data and email, as an absolute URL)", async () => {
    const f = await makeOrg(app, "Invite Lab");
    const { body } = await upload(`/api/orgs/${f.orgId}/logo`, f.owner, PNG_3X2);
    const invited = await app.request("POST", `/api/orgs/${f.orgId}/invitations`, { as: f.owner, body: { email: "logo-invitee@example.com", role: "member" } });
    expect(invited.status).toBe(201);
    const mail = (await app.request("GET", "/api/dev/emails?to=logo-invitee@example.com")).body.items[0];
    expect(mail.html).toContain(`<img src="${APP_URL}${body.logo}"`);
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    expect((await app.request("GET", `/api/invitations/${token}`)).body.org.logo).toBe(body.logo);
  });

  it("costs two D1 round trips", async () => {
    const f = await makeOrg(app, "Trips");
    expect(await tripsOf("POST", `/api/orgs/${f.orgId}/logo`, f.owner, PNG_3X2)).toEqual({ status: 200, trips: "2" });
    expect(await tripsOf("DELETE", `/api/orgs/${f.orgId}/logo`, f.owner)).toEqual({ status: 200, trips: "2" });
  });
});
