/**
 * The auth client (auth-client.ts) on demand: pages load it when a person is about to use it (focus or pointer on the
 * form), not with the page, so a page that never signs anyone in or out never downloads it (issue 15).
 */
import type { AuthResult } from "./auth-client";
import type { Checked } from "./form-checks";
import { UNREACHABLE } from "./messages";

type Client = typeof import("./auth-client").authClient;


let loading: Promise<Client> | undefined;

function load(): Promise<Client> {
  loading ??= import("./auth-client").then(
    (m) => m.authClient,
    (e) => {
      // A failed download (offline) is tried again on the next use.
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

type Checks = typeof import("./form-checks");
let checksLoading: Promise<Checks> | undefined;

function loadChecks(): Promise<Checks> {
  checksLoading ??= import("./form-checks").catch((e) => {
    checksLoading = undefined;
    throw e;
  });
  return checksLoading;
}

/**
 * Runs one of the browser's form checks (form-checks.ts). They load with the auth client, when a form is about to be
 * used, not with the page (about 1 KB of gzip, issue 15). Null when they cannot load (offline): the caller says so as
 * it does for any network failure.
 */
export async function checkForm<T>(pick: (checks: Checks) => (values: Record<string, unknown>) => Checked<T>, values: Record<string, unknown>): Promise<Checked<T> | null> {
  try {
    return pick(await loadChecks())(values);
  } catch {
    return null;
  }
}

/** Starts loading the client and the form checks; for onFocusIn / onPointerEnter of the controls that will call it. */
export function preloadAuthClient(): void {
  load().catch(() => {});
  loadChecks().catch(() => {});
}

/** Calls Better Auth through the client, loading it first if needed; a client that cannot load is a network failure. */
export async function withAuthClient<T>(use: (client: Client) => Promise<AuthResult<T>>): Promise<AuthResult<T>> {
  let client: Client;
  try {
    client = await load();
  } catch {
    return { ok: false, status: 0, code: "NETWORK", message: UNREACHABLE };
  }
  return use(client);
}
