/**
 * The stand-in email provider (tests/setup-provider.ts) as a test sees it: a mailbox of its own, the requests it
 * received, and the status it answers with.
 */
import { inject } from "vitest";
import type { ReceivedRequest } from "./setup-provider";

export type { ReceivedRequest };

export function standInProvider() {
  const base = `${inject("emailProvider")}/${crypto.randomUUID()}`;
  const call = async (path: string, method = "POST"): Promise<any> => {
    const res = await fetch(base + path, { method });
    if (!res.ok) throw new Error(`stand-in provider: ${method} ${path} answered ${res.status}`);
    return res.json();
  };
  return {
    /** Where the "http" transport should post (EMAIL_API_URL). */
    url: `${base}/emails`,
    received: (): Promise<ReceivedRequest[]> => call("/__received", "GET"),
    answerWith: (status: number) => call(`/__answer/${status}`),
    reset: () => call("/__reset"),
  };
}
