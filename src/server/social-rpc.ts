/** The configured providers for the request's settings, without touching the database or the session. */
import { getRequestEvent } from "solid-js/web";
import { readEnv } from "./env";
import { eventBindings } from "./event";
import { publicError } from "./rpc";
import { publicProviders, type PublicSocialProvider } from "./social-providers";

export function configuredProviders(): PublicSocialProvider[] {
  const event = getRequestEvent();
  if (!event) throw new Error("server function called outside a request");
  try {
    return publicProviders(readEnv(eventBindings(event).bindings).social);
  } catch (err) {
    // A broken configuration is the server's fault: one public error, never the settings' text.
    throw publicError(err);
  }
}
