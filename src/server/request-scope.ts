/**
 * Per-request state that code deep in a call (such as Better Auth's email callbacks, which run on an instance cached
 * per binding) needs: how to keep background work alive after the response is sent.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { OrgActor } from "./actor";
import type { KeyClaim } from "./writes/idempotency";

export interface RequestScope {
  waitUntil(promise: Promise<unknown>): void;
  /** The caller's cf-connecting-ip, for per-address rate limits deep in the domain layer (src/server/rate-limit.ts). */
  clientAddress?: string;
  /** D1 round trips made for this request (counted only when D1 metrics are on; see d1-metrics.ts). */
  d1RoundTrips?: number;
  /** Set-Cookie values to add to the response (a session extended during this request). */
  setCookies?: string[];
  /** The caller and their role in the org of the URL, once resolved (src/server/actor.ts): read once per request. */
  actor?: OrgActor;
  /** The request's D1 session and the bookmark it started from (src/server/d1-session.ts; D1_SESSIONS=1 only). */
  d1Session?: D1DatabaseSession;
  d1BookmarkIn?: string;
  /** The caller's session began with a passkey, which counts as two factors (src/server/domain/access.ts). */
  passkeySignIn?: boolean;
  /** The request's Idempotency-Key, on a create route that honours one (src/server/writes/idempotency.ts). */
  idempotency?: KeyClaim;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}
