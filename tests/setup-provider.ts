/**
 * A stand-in email provider (vitest globalSetup, run in Node): a real HTTP server on 127.0.0.1 that the "http" email
 * transport posts to from inside workerd, which cannot listen on a port itself. Tests reach it through
 * `inject("emailProvider")` and tests/provider.ts.
 *
 * Each test file works in a mailbox of its own (the first path segment), so files running side by side never see each
 * other's requests:
 *   POST /<box>/emails          records the request and answers with the mailbox's status (200 unless set);
 *   GET  /<box>/__received      the requests recorded so far, oldest first;
 *   POST /<box>/__answer/<code> the status later deliveries get;
 *   POST /<box>/__reset         forgets the requests and answers 200 again.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  interface ProvidedContext {
    /** The stand-in provider's origin, e.g. http://127.0.0.1:41234 */
    emailProvider: string;
  }
}

export interface ReceivedRequest {
  method: string;
  /** The path without the mailbox, as the provider would see it (e.g. /emails). */
  url: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export default async function setup(project: TestProject) {
  const boxes = new Map<string, { received: ReceivedRequest[]; answer: number }>();
  const boxOf = (name: string) => {
    let box = boxes.get(name);
    if (!box) boxes.set(name, (box = { received: [], answer: 200 }));
    return box;
  };
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const [, name = "", ...rest] = (req.url ?? "/").split("/");
      const box = boxOf(name);
      const path = `/${rest.join("/")}`;
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (path === "/__received") return json(200, box.received);
      if (path.startsWith("/__answer/")) {
        box.answer = Number(path.slice("/__answer/".length));
        return json(200, { answer: box.answer });
      }
      if (path === "/__reset") {
        boxes.delete(name);
        return json(200, {});
      }
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        /* kept as text */
      }
      box.received.push({ method: req.method!, url: path, headers: req.headers, body });
      json(box.answer, box.answer < 300 ? { id: `msg_${box.received.length}` } : { message: "provider is down" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("emailProvider", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
