/**
 * Per-request state that code deep in a call (such as Better Auth's email callbacks, which run on an instance cached
 * per binding) needs: how to keep background work alive after the response is sent.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestScope {
  waitUntil(promise: Promise<unknown>): void;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}
