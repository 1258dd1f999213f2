/**
 * The start of every server function that writes: the request's scope and context, and the caller's request headers
 * for the write itself, which reads the session in the same D1 batch as its own reads (./run.ts). So an action costs
 * the same two round trips as its API route. Refusals come back as a result the form shows; a missing session sends
 * the person to sign in and back to `returnTo`.
 */
import { redirect } from "@solidjs/router";
import { getRequestEvent } from "solid-js/web";
import { appContext, type AppContext } from "../context";
import { toAppError } from "../errors";
import { eventBindings } from "../event";
import { runInScope } from "../request-scope";
import { publicError, signInPath, type ActionResult } from "../rpc";

export async function actionWrite<T>(returnTo: string | null, fn: (ctx: AppContext, headers: Headers) => Promise<T>): Promise<ActionResult<T>> {
  const event = getRequestEvent();
  if (!event) throw new Error("server function called outside a request");
  const { bindings, scope } = eventBindings(event);
  return runInScope(scope, async () => {
    try {
      const ctx = appContext(bindings);
      try {
        return { ok: true as const, data: await fn(ctx, event.request.headers) };
      } catch (err) {
        if (err instanceof Response) throw err;
        const e = toAppError(err);
        if (e.code === "AUTH_REQUIRED" && returnTo !== null) throw redirect(signInPath(returnTo));
        return { ok: false as const, error: { code: e.code, message: e.message, fields: e.details?.fields as Record<string, string> | undefined } };
      }
    } catch (err) {
      // Redirects pass; anything else (SQL, bugs) is logged and never shown.
      if (err instanceof Response) throw err;
      throw publicError(err);
    }
  });
}

/** A form field as text (absent or a file: undefined). */
export function text(form: FormData, key: string): string | undefined {
  const v = form.get(key);
  return typeof v === "string" ? v : undefined;
}

